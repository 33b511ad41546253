package dev.kpi.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.plan.StepKind;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One owner gives the mart query's CTEs their names: a rolling metric named like its fact (both
 * wanted {@code fct_sessions_by_period}) gets a name of its own, and the build runs on both
 * engines. Before, the catalog validated and DuckDB rejected the SQL ("Duplicate CTE name").
 */
class CteNamesTest {
  private static final Metric NAMED_LIKE_ITS_FACT =
      Metric.rolling("fct_sessions", SessionsCatalog.ACTIVE_USERS, 7)
          .description("Distinct users of the last 7 days, named like the fact it counts.")
          .owner("growth")
          .build();

  private static final Mart MART =
      Mart.builder()
          .daily("sessions_rolling_named_like_fact")
          .metrics(SessionsCatalog.SESSION_COUNT, NAMED_LIKE_ITS_FACT)
          .description("A mart with a rolling metric named like its fact.")
          .owner("growth")
          .build();

  private static final Catalog CATALOG =
      Catalog.builder().from(SessionsCatalog.CATALOG).addMetrics(NAMED_LIKE_ITS_FACT).addMarts(MART).build();

  @Test
  void aRollingMetricNamedLikeItsFactGetsACteOfItsOwnOnBothEngines() throws Exception {
    String bigQuery = build(Compiler.forDialect(SessionsSqlTest.BIGQUERY).compile(CATALOG)).sql();
    assertThat(bigQuery).contains("  fct_sessions_by_period AS (", "  fct_sessions_by_period_2 AS (", "LEFT JOIN fct_sessions_by_period_2");
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer().declareDateParameter("start_date").declareDateParameter("end_date");
    Compiler.forDialect(SessionsSqlTest.BIGQUERY).compile(CATALOG).stream()
        .filter(s -> s.step().kind() == StepKind.CREATE)
        .forEach(s -> analyzer.analyzeScript(s.sql()));
    analyzer.analyzeScript(bigQuery);

    List<CompiledStatement> duckDb = Compiler.forDialect(DuckDbDialect.standard()).compile(CATALOG);
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      for (String schema : List.of("lake", "warehouse", "mart")) {
        statement.execute("CREATE SCHEMA " + schema);
      }
      for (CompiledStatement step : duckDb) {
        if (step.step().kind() == StepKind.CREATE) {
          for (String sql : step.statements()) {
            statement.execute(sql);
          }
        }
      }
      for (String sql : build(duckDb).statements()) {
        try (PreparedStatement prepared = connection.prepareStatement(sql)) {
          prepared.setObject(1, LocalDate.of(2024, 3, 1));
          prepared.setObject(2, LocalDate.of(2024, 3, 7));
          prepared.execute();
        }
      }
    }
  }

  private static CompiledStatement build(List<CompiledStatement> plan) {
    return plan.stream().filter(s -> s.relativePath().equals("mart/" + MART.name() + ".build.sql")).findFirst().orElseThrow();
  }
}
