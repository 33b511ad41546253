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

  /** The functions the record reads a date's entry of @lake_rows with compute the same on ZetaSQL's engine and on DuckDB. */
  @Test
  void aDatesEntryIsFoundByItsDistanceFromTheStartOnBothEngines() throws Exception {
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    dev.kpi.sql.dialect.DuckDbDialect duckDb = dev.kpi.sql.dialect.DuckDbDialect.standard();
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement statement = connection.createStatement()) {
      for (int day = 0; day < 5; day++) {
        String expected = new String[] {"a=1", null, "c=3", null, null}[day];
        String to = "DATE '2024-03-0" + (1 + day) + "'";
        String bigQuery = "SELECT " + SessionsSqlTest.BIGQUERY.listEntry("'a=1;;c=3'", ";", SessionsSqlTest.BIGQUERY.daysBetween("DATE '2024-03-01'", to)) + " AS v";
        try (com.google.zetasql.PreparedQuery query =
            com.google.zetasql.PreparedQuery.builder().setSql(bigQuery).setAnalyzerOptions(analyzer.analyzerOptions()).setCatalog(analyzer.catalog()).prepare()) {
          com.google.zetasql.Value value = query.execute(java.util.Map.of()).getTableData().get(0).get(0);
          assertThat(value.isNull() ? null : value.getStringValue()).as(bigQuery).isEqualTo(expected);
        }
        String sql = "SELECT " + duckDb.listEntry("'a=1;;c=3'", ";", duckDb.daysBetween("DATE '2024-03-01'", to)) + " AS v";
        try (java.sql.ResultSet rows = statement.executeQuery(sql)) {
          rows.next();
          assertThat(rows.getString(1)).as(sql).isEqualTo(expected);
        }
      }
    }
  }
}
