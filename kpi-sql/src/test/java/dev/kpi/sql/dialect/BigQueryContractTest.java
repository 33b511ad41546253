package dev.kpi.sql.dialect;

/** The dialect contract on ZetaSQL: BigQuery's analyzer and Google's reference engine for GoogleSQL. */
class BigQueryContractTest extends DialectContractTest<BigQueryDialect> {
  @Override
  protected DialectEngine startEngine() {
    return new ZetaSqlEngine();
  }
}
