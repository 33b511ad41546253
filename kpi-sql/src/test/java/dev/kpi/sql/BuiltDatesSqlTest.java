package dev.kpi.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zetasql.TypeFactory;
import com.google.zetasql.ZetaSQLType.TypeKind;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.render.BuiltDatesSql;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import org.junit.jupiter.api.Test;

/** The BigQuery ledger's statements are valid GoogleSQL, with every value a typed parameter. */
class BuiltDatesSqlTest {
  private final BuiltDatesSql ledger = new BuiltDatesSql(SessionsSqlTest.BIGQUERY);

  @Test
  void theLedgersStatementsAreValidGoogleSql() {
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    for (String name : new String[] {"table_name", "fingerprint", "job_id", "lake_rows", "lake_warnings"}) {
      analyzer.declareParameter(name, TypeFactory.createSimpleType(TypeKind.TYPE_STRING));
    }
    ledger.create().forEach(analyzer::analyzeScript);
    analyzer.analyzeScript(ledger.record());
    analyzer.analyzeScript(ledger.markRecreated());
    assertThat(analyzer.outputColumns(ledger.read()).stream().map(c -> c.name() + " " + c.typeName()))
        .containsExactly("table_name STRING", "business_date DATE", "fingerprint STRING", "built_at TIMESTAMP", "lake_rows STRING", "lake_warnings STRING");
  }

  @Test
  void theLedgerLivesInTheWarehouseDatasetAndTakesItsValuesAsParameters() {
    assertThat(ledger.record())
        .startsWith("MERGE `acme-app-prod.dwh.kpi_built_dates` AS built")
        .contains("@table_name", "@fingerprint", "@job_id", "GENERATE_DATE_ARRAY(@start_date, @end_date, INTERVAL 1 DAY)")
        .contains("NULLIF(SPLIT(@lake_rows, ';')[SAFE_OFFSET(DATE_DIFF(days.business_date, @start_date, DAY))], '') AS lake_rows", "@lake_warnings AS lake_warnings");
    assertThat(String.join("\n", ledger.create()))
        .contains("CREATE TABLE IF NOT EXISTS `acme-app-prod.dwh.kpi_built_dates`")
        .contains("CLUSTER BY table_name");
    assertThat(new BuiltDatesSql(BigQueryDialect.forProject("shop-prd", "lake", "wh_prd", "mart")).read()).contains("FROM `shop-prd.wh_prd.kpi_built_dates`");
  }
}
