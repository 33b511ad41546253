package dev.kpi.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import dev.kpi.sql.testing.GoldenFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BigQuery SQL of a catalog that is not the shop's ({@link SessionsCatalog}): what it is
 * (golden files) and that BigQuery's analyzer accepts every statement, in plan order.
 */
class SessionsSqlTest {
  /** Other project and dataset names than the shop's, as another company would configure them. */
  static final BigQueryDialect BIGQUERY = BigQueryDialect.forProject("acme-app-prod", "raw_events", "dwh", "kpi");

  private final List<CompiledStatement> statements = Compiler.forDialect(BIGQUERY).compile(SessionsCatalog.CATALOG);

  @Test
  void bigQuerySqlMatchesTheGoldenFiles() {
    GoldenFiles.assertMatch(GoldenFiles.folder("bigquery-sessions"), statements);
  }

  @Test
  void everyBigQueryStatementIsValidGoogleSql() {
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    for (CompiledStatement statement : statements) {
      // Against the lake DDL and the tables created by the statements before it.
      analyzer.analyzeScript(statement.sql());
    }
    // 2 lake tables, 2 warehouse tables and 5 marts: create + build each but the lake's.
    assertThat(statements).hasSize(2 + 2 * 2 + 5 * 2);
  }

  @Test
  void theEscapedConstantIsInTheSql() {
    String daily =
        statements.stream()
            .filter(s -> s.relativePath().equals("mart/sessions_daily.build.sql"))
            .findFirst()
            .orElseThrow()
            .sql();
    assertThat(daily).contains("fct_sessions.plan IN ('pro', 'it\\'s \\\\ odd')");
  }
}
