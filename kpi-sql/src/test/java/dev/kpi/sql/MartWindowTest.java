package dev.kpi.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zetasql.PreparedQuery;
import com.google.zetasql.TableContent;
import com.google.zetasql.Value;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A mart build writes only the periods it deletes first: run on ZetaSQL's reference engine, the
 * rows of the non-dense mart by country (which has a rolling metric) all fall in the window,
 * or a re-run would duplicate the rows outside it; and a country has a row on a date only when
 * it has data there (a session that day, or someone active in its rolling window).
 */
class MartWindowTest {
  private static final LocalDate RUN_DATE = LocalDate.of(2024, 3, 10);

  @Test
  void aNonDenseMartWithARollingMetricWritesOnlyTheDatesOfTheWindow() {
    List<CompiledStatement> statements =
        Compiler.forDialect(SessionsSqlTest.BIGQUERY).compile(SessionsCatalog.CATALOG);
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    statements.forEach(s -> analyzer.analyzeScript(s.sql()));
    String build =
        statements.stream()
            .filter(s -> s.relativePath().equals("mart/sessions_daily_by_country.build.sql"))
            .findFirst()
            .orElseThrow()
            .sql();

    // User 1 (US) had a session two days before the run date; user 2 (FR) on the run date;
    // user 3 (DE) 7 days before it, read by the 7-day window of the day before (the window
    // builds two dates) but out of the run date's window.
    TableContent sessions =
        TableContent.create(
            List.of(
                List.of(
                    date(RUN_DATE.minusDays(7)),
                    Value.createInt64Value(3),
                    Value.createInt64Value(3),
                    Value.createStringValue("free"),
                    Value.createInt64Value(10),
                    Value.createNumericValue(BigDecimal.ONE),
                    timestamp(RUN_DATE.minusDays(7))),
                List.of(
                    date(RUN_DATE.minusDays(2)),
                    Value.createInt64Value(1),
                    Value.createInt64Value(1),
                    Value.createStringValue("pro"),
                    Value.createInt64Value(60),
                    Value.createNumericValue(new BigDecimal("5")),
                    timestamp(RUN_DATE.minusDays(2))),
                List.of(
                    date(RUN_DATE),
                    Value.createInt64Value(2),
                    Value.createInt64Value(2),
                    Value.createStringValue("free"),
                    Value.createInt64Value(30),
                    Value.createNumericValue(BigDecimal.ZERO),
                    timestamp(RUN_DATE))));
    TableContent users =
        TableContent.create(
            List.of(
                List.of(Value.createInt64Value(1), Value.createStringValue("US"), date(LocalDate.of(2023, 1, 1))),
                List.of(Value.createInt64Value(2), Value.createStringValue("FR"), date(LocalDate.of(2023, 1, 1))),
                List.of(Value.createInt64Value(3), Value.createStringValue("DE"), date(LocalDate.of(2023, 1, 1)))));

    List<String> rows = new ArrayList<>();
    try (PreparedQuery query =
        PreparedQuery.builder()
            .setSql(insertedQuery(build))
            .setAnalyzerOptions(analyzer.analyzerOptions())
            .setCatalog(analyzer.catalog())
            .setTablesContents(
                Map.of("acme-app-prod.dwh.fct_sessions", sessions, "acme-app-prod.dwh.dim_users", users))
            .prepare()) {
      TableContent result =
          query.execute(
              Map.of("start_date", date(RUN_DATE.minusDays(1)), "end_date", date(RUN_DATE), "run_date", date(RUN_DATE)));
      // business_date, country, revenue, session_count, active_users, revenue_per_user, active_users_7d
      for (List<Value> row : result.getTableData()) {
        rows.add(
            row.get(0).getLocalDateValue()
                + " "
                + row.get(1).getStringValue()
                + " sessions="
                + row.get(3).getInt64Value()
                + " active_users_7d="
                + row.get(6).getInt64Value());
      }
    }
    // DE counts on 03-09 (its session on 03-03 is in 03-03..03-09) and has no row on 03-10,
    // where its window is empty: no row of zeros for a value seen only in the look-back.
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "2024-03-09 US sessions=0 active_users_7d=1",
            "2024-03-09 DE sessions=0 active_users_7d=1",
            "2024-03-10 US sessions=0 active_users_7d=1",
            "2024-03-10 FR sessions=1 active_users_7d=1");
  }

  /** The query of the build's INSERT: from the line after INSERT INTO to the statement's end. */
  private static String insertedQuery(String build) {
    int insert = build.indexOf("INSERT INTO");
    int start = build.indexOf('\n', insert) + 1;
    int end = build.indexOf(";\n\nCOMMIT TRANSACTION;");
    return build.substring(start, end);
  }

  private static Value date(LocalDate date) {
    return Value.createDateValue(date);
  }

  private static Value timestamp(LocalDate date) {
    Instant noonInNewYork = date.atTime(12, 0).atZone(java.time.ZoneId.of("America/New_York")).toInstant();
    return Value.createTimestampValueFromUnixMicros(ChronoUnit.MICROS.between(Instant.EPOCH, noonInNewYork));
  }
}
