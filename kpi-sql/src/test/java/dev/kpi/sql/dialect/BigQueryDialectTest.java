package dev.kpi.sql.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BigQueryDialectTest {
  private final BigQueryDialect dialect = BigQueryDialect.forProject("example-project");

  @Test
  void stringLiteralEscapesQuoteBackslashNewlineAndControlCharacters() {
    assertThat(dialect.stringLiteral("plain")).isEqualTo("'plain'");
    assertThat(dialect.stringLiteral("it's")).isEqualTo("'it\\'s'");
    assertThat(dialect.stringLiteral("a\\b")).isEqualTo("'a\\\\b'");
    assertThat(dialect.stringLiteral("line\nnext\r\tend")).isEqualTo("'line\\nnext\\r\\tend'");
    assertThat(dialect.stringLiteral("bell\u0007 nul\u0000 del\u007f")).isEqualTo("'bell\\u0007 nul\\u0000 del\\u007f'");
    // Not ASCII is kept as it is: BigQuery strings are UTF-8.
    assertThat(dialect.stringLiteral("流通総額")).isEqualTo("'流通総額'");
  }

  @Test
  void escapedStringsReadBackAsTheOriginalTextInGoogleSql() {
    String text = "it's \\ odd\n\u0001'\"";
    String query = "SELECT " + dialect.stringLiteral(text) + " = CODE_POINTS_TO_STRING(" + codePoints(text) + ") AS same";
    // Analyzes: the literal is one well-formed string constant whatever its content.
    List<BigQuerySqlAnalyzer.OutputColumn> columns = new BigQuerySqlAnalyzer().outputColumns(query);
    assertThat(columns).extracting(BigQuerySqlAnalyzer.OutputColumn::typeName).containsExactly("BOOL");
  }

  private static String codePoints(String text) {
    return text.codePoints().mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  @Test
  void literalsOfEveryTypeAreWrittenAsConstants() {
    assertThat(dialect.literal(Expr.literal("x'y"))).isEqualTo("'x\\'y'");
    assertThat(dialect.literal(Expr.literal(42))).isEqualTo("42");
    assertThat(dialect.literal(Expr.literal(new java.math.BigDecimal("1.50")))).isEqualTo("NUMERIC '1.50'");
    assertThat(dialect.literal(Expr.literal(java.time.LocalDate.of(2024, 2, 29)))).isEqualTo("DATE '2024-02-29'");
    assertThat(dialect.literal(Expr.nullOf(LogicalType.STRING))).isEqualTo("CAST(NULL AS STRING)");
  }

  @Test
  void reservedWordsAreQuotedAndOtherNamesAreNot() {
    assertThat(dialect.identifier("select")).isEqualTo("`select`");
    assertThat(dialect.identifier("range")).isEqualTo("`range`");
    assertThat(dialect.identifier("order_id")).isEqualTo("order_id");
    // Not reserved in GoogleSQL, though it is in other dialects.
    assertThat(dialect.identifier("user")).isEqualTo("user");
  }

  @Test
  void tableNamesUseTheConfiguredProjectAndDatasetPerLayer() {
    BigQueryDialect configured = BigQueryDialect.forProject("acme-app-stg", "raw", "dwh_stg", "kpi_stg");
    assertThat(configured.tableName(TableRef.of(Layer.LAKE, "sessions"))).isEqualTo("`acme-app-stg.raw.sessions`");
    assertThat(configured.tableName(TableRef.of(Layer.WAREHOUSE, "fct_sessions")))
        .isEqualTo("`acme-app-stg.dwh_stg.fct_sessions`");
    assertThat(configured.tableName(TableRef.of(Layer.MART, "sessions_daily")))
        .isEqualTo("`acme-app-stg.kpi_stg.sessions_daily`");
    assertThat(dialect.tableName(TableRef.of(Layer.MART, "kpi_daily"))).isEqualTo("`example-project.mart.kpi_daily`");
  }

  @Test
  void anInvalidProjectIdIsRejectedWithAMessage() {
    assertThatThrownBy(() -> BigQueryDialect.forProject("Example_Project"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Example_Project'")
        .hasMessageContaining("lower-case letters, digits or hyphens");
    // A backtick would end the quoted table name.
    assertThatThrownBy(() -> BigQueryDialect.forProject("evil`project")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BigQueryDialect.forProject("short")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInvalidDatasetIsRejectedWithItsLayer() {
    assertThatThrownBy(() -> BigQueryDialect.forProject("example-project", "lake", "ware-house", "mart"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ware-house'")
        .hasMessageContaining("warehouse layer");
  }
}
