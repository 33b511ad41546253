package dev.kpi.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zetasql.PreparedQuery;
import com.google.zetasql.Value;
import dev.kpi.model.LogicalType;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A derived metric dividing two integer metrics is FLOAT64 (as BigQuery's division and the
 * catalog's type say), and both dialects write it as that division: DuckDB used to write the
 * exact 9-decimal NUMERIC division there, and the engines disagreed in the 10th digit.
 */
class DerivedDivisionTest {
  private static final DuckDbDialect DUCKDB = DuckDbDialect.standard();

  @Test
  void theCatalogTypesItFloat64AndEveryDialectWritesTheFloat64Division() {
    assertThat(SessionsCatalog.CATALOG.metricType("sessions_per_active_user")).isEqualTo(LogicalType.FLOAT64);
    for (SqlDialect dialect : List.<SqlDialect>of(SessionsSqlTest.BIGQUERY, DUCKDB)) {
      String mart = martBuild(dialect);
      String expected =
          "(" + dialect.safeDivide(
                  dialect.zeroIfNull("fct_sessions_by_period.session_count", LogicalType.INT64),
                  dialect.zeroIfNull("fct_sessions_by_period.active_users", LogicalType.INT64),
                  LogicalType.FLOAT64)
              + ") AS sessions_per_active_user";
      assertThat(mart).as(dialect.name()).contains(expected);
    }
  }

  /** The two engines' FLOAT64 divisions give the same doubles (and NULL for a zero divisor). */
  @Test
  void bothEnginesComputeTheSameQuotient() throws Exception {
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    long[][] cases = {{7, 3}, {1, 0}, {0, 5}, {2, 3}, {1_000_000_007, 13}};
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      for (long[] c : cases) {
        String bigQuery = "SELECT " + SessionsSqlTest.BIGQUERY.safeDivide(c[0] + "", c[1] + "", LogicalType.FLOAT64) + " AS q";
        Double expected;
        try (PreparedQuery query = PreparedQuery.builder().setSql(bigQuery).setAnalyzerOptions(analyzer.analyzerOptions()).setCatalog(analyzer.catalog()).prepare()) {
          Value value = query.execute(Map.of()).getTableData().get(0).get(0);
          expected = value.isNull() ? null : value.getDoubleValue();
        }
        try (ResultSet rows = statement.executeQuery("SELECT " + DUCKDB.safeDivide(c[0] + "", c[1] + "", LogicalType.FLOAT64) + " AS q")) {
          rows.next();
          double actual = rows.getDouble(1);
          assertThat(rows.wasNull() ? null : actual).as(c[0] + " / " + c[1]).isEqualTo(expected);
        }
      }
    }
  }

  private static String martBuild(SqlDialect dialect) {
    return Compiler.forDialect(dialect).compile(SessionsCatalog.CATALOG).stream()
        .filter(s -> s.relativePath().equals("mart/sessions_monthly.build.sql"))
        .findFirst()
        .orElseThrow()
        .sql();
  }
}
