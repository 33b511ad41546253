package dev.kpi.sql.dialect;

/** The dialect contract on DuckDB itself (in memory, over JDBC). */
class DuckDbContractTest extends DialectContractTest<DuckDbDialect> {
  @Override
  protected DialectEngine startEngine() {
    return new DuckDbEngine();
  }
}
