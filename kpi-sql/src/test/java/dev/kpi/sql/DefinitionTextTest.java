package dev.kpi.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zetasql.PreparedQuery;
import com.google.zetasql.Value;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Text from a definition is data, never SQL: a string literal keeps any character on both
 * engines, and no character ends a comment early. Each text below is tried in both places, on
 * ZetaSQL (BigQuery's analyzer and reference engine) and on DuckDB itself.
 */
class DefinitionTextTest {
  private static final DuckDbDialect DUCKDB = DuckDbDialect.standard();

  /** Every control character, the line and paragraph separators, quotes, escapes and comment markers, alone and together. */
  static List<String> texts() {
    List<String> texts = new ArrayList<>();
    for (int c = 1; c < 0x20; c++) {
      texts.add("a" + (char) c + "b");
    }
    for (String s : List.of("\u007f", "\u0085", "\u2028", "\u2029", "'", "''", "\"", "`", "\\", "\\'", "\\\\n", "--", "/*", "*/", "😀", "é", "$1", "?", ";")) {
      texts.add("a" + s + "b");
    }
    texts.add("x\r; CREATE TABLE pwned (a INT64); --");
    texts.add("x\n; DROP TABLE t; /* ' \" ` \\ */ -- \r\n\u2028 😀 end");
    texts.add("new\nline\r\ncr\rtab\t'quote'");
    texts.add("");
    return texts;
  }

  @Test
  void aBigQueryLiteralGivesBackEveryTextOnZetaSqlsReferenceEngine() {
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    List<String> texts = new ArrayList<>(texts());
    texts.add("nul\u0000inside");
    for (String text : texts) {
      String sql = "SELECT " + SessionsSqlTest.BIGQUERY.stringLiteral(text) + " AS v";
      assertThat(sql).as(sql).doesNotContain("\n", "\r");
      try (PreparedQuery query = PreparedQuery.builder().setSql(sql).setAnalyzerOptions(analyzer.analyzerOptions()).setCatalog(analyzer.catalog()).prepare()) {
        List<? extends List<Value>> rows = query.execute(Map.of()).getTableData();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(0).getStringValue()).as(sql).isEqualTo(text);
      }
    }
  }

  @Test
  void aDuckDbLiteralGivesBackEveryTextOnDuckDb() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      for (String text : texts()) {
        String literal = DUCKDB.stringLiteral(text);
        assertThat(literal).as(literal).doesNotContain("\n", "\r");
        try (ResultSet rows = statement.executeQuery("SELECT " + literal + " AS v")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).as(literal).isEqualTo(text);
        }
        // A literal is a constant: it works where DuckDB takes no expression.
        statement.execute("CREATE OR REPLACE TABLE t (x INTEGER)");
        statement.execute("COMMENT ON TABLE t IS " + literal);
      }
    }
    assertThatThrownBy(() -> DUCKDB.stringLiteral("nul\u0000inside")).hasMessageContaining("NUL");
  }

  @Test
  void noTextEndsACommentOnEitherEngine() throws SQLException {
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      for (String text : texts()) {
        for (SqlDialect dialect : List.<SqlDialect>of(SessionsSqlTest.BIGQUERY, DUCKDB)) {
          String comment = dialect.commentText(text);
          assertThat(comment.codePoints()).as(comment).noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
        }
        assertThat(analyzer.analyzeScript("-- " + SessionsSqlTest.BIGQUERY.commentText(text) + "\nSELECT 1 AS a")).hasSize(1);
        try (ResultSet rows = statement.executeQuery("SELECT 1 AS a -- " + DUCKDB.commentText(text) + "\n")) {
          assertThat(rows.getMetaData().getColumnCount()).isEqualTo(1);
          assertThat(rows.next()).isTrue();
          assertThat(rows.next()).isFalse();
        }
      }
    }
    assertThat(DUCKDB.commentText("a\rb\u2028c")).isEqualTo("a\\u000db\\u2028c");
  }

  /**
   * A description and an owner holding line breaks and SQL: the compiled plan has exactly the
   * statements of the clean plan on BigQuery (by ZetaSQL's analyzer), and DuckDB running its DDL
   * makes only the plan's tables.
   */
  @Test
  void injectedDescriptionsAndOwnersStayInTheirComments() throws SQLException {
    String injected = "Sessions.\r; CREATE TABLE pwned (a INT64); --";
    LakeTable sessions = LakeTable.builder().from(SessionsCatalog.SESSIONS).description(injected).owner("growth\n; CREATE TABLE pwned2 (a INT64);").build();
    List<LakeTable> lake = SessionsCatalog.CATALOG.lakeTables().stream().map(t -> t.name().equals("sessions") ? sessions : t).collect(Collectors.toList());
    Catalog catalog = Catalog.builder().from(SessionsCatalog.CATALOG).lakeTables(lake).build();

    List<CompiledStatement> clean = Compiler.forDialect(SessionsSqlTest.BIGQUERY).compile(SessionsCatalog.CATALOG);
    List<CompiledStatement> dirty = Compiler.forDialect(SessionsSqlTest.BIGQUERY).compile(catalog);
    assertThat(dirty).hasSameSizeAs(clean);
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    for (int i = 0; i < dirty.size(); i++) {
      if (dirty.get(i).step().kind() == dev.kpi.sql.plan.StepKind.CREATE) {
        assertThat(analyzer.analyzeScript(dirty.get(i).sql())).as(dirty.get(i).relativePath()).hasSameSizeAs(clean.get(i).statements());
      }
    }

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      for (String schema : List.of("lake", "warehouse", "mart")) {
        statement.execute("CREATE SCHEMA " + schema);
      }
      for (CompiledStatement step : Compiler.forDialect(DUCKDB).compile(catalog)) {
        if (step.step().kind() == dev.kpi.sql.plan.StepKind.CREATE) {
          for (String sql : step.statements()) {
            statement.execute(sql);
          }
        }
      }
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'pwned%'")) {
        rows.next();
        assertThat(rows.getLong(1)).isZero();
      }
      try (ResultSet rows = statement.executeQuery("SELECT comment FROM duckdb_tables() WHERE table_name = 'sessions'")) {
        rows.next();
        assertThat(rows.getString(1)).startsWith(injected);
      }
    }
  }
}
