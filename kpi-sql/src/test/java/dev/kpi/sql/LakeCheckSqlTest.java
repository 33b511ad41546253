package dev.kpi.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zetasql.PreparedQuery;
import com.google.zetasql.TableContent;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLType.TypeKind;
import dev.kpi.model.LogicalType;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeRule;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.lake.Severity;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.render.LakeCheckSql;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The lake check's queries on BigQuery: valid GoogleSQL against the lake DDL the compiler
 * writes, with the output columns the runtime reads, and — run on ZetaSQL's reference engine on
 * a table with a repeated key, NULLs and rows outside the range — the right counts.
 */
class LakeCheckSqlTest {
  private static final Type INT64 = TypeFactory.createSimpleType(TypeKind.TYPE_INT64);
  private static final Type STRING = TypeFactory.createSimpleType(TypeKind.TYPE_STRING);
  private static final Type TIMESTAMP = TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP);

  private final LakeCheckSql sql = new LakeCheckSql(SessionsSqlTest.BIGQUERY, SessionsCatalog.CATALOG);

  /** A key of two columns, a NOT NULL column outside it, a nullable one; partitioned by its timestamp. */
  private static final LakeTable ORDER_LINES =
      LakeTable.builder()
          .name("order_lines")
          .description("Order lines.")
          .owner("growth")
          .addColumns(
              LakeColumn.of("order_id", LogicalType.INT64, false, "Key."),
              LakeColumn.of("line_no", LogicalType.INT64, true, "Key, nullable in the migration."),
              LakeColumn.of("sku", LogicalType.STRING, false, "Never NULL."),
              LakeColumn.of("note", LogicalType.STRING, true, "Optional."),
              LakeColumn.of("created_at", LogicalType.TIMESTAMP, true, "When the line was written."))
          .partitionColumn("created_at")
          .addPrimaryKey("order_id", "line_no")
          .addRules(
              new LakeRule.AcceptedValues("sku", List.of("a", "b", "c", "d"), Severity.ERROR),
              new LakeRule.Range("line_no", 1, 100, Severity.WARNING),
              new LakeRule.PlausibleTime("created_at", LocalDate.of(2020, 1, 1), Severity.ERROR))
          .build();

  private static BigQuerySqlAnalyzer analyzer() {
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    analyzer.declareParameter("check_from", TIMESTAMP);
    analyzer.declareParameter("check_until", TIMESTAMP);
    analyzer.declareParameter("plausible_until", TIMESTAMP);
    analyzer.declareParameter("related_from", TIMESTAMP);
    // The lake tables as the compiler's lake DDL creates them, then the test's own.
    Compiler.forDialect(SessionsSqlTest.BIGQUERY).compile(SessionsCatalog.CATALOG).stream()
        .filter(s -> s.relativePath().startsWith("lake/"))
        .forEach(s -> analyzer.analyzeScript(s.sql()));
    List<ColumnDdl> columns =
        ORDER_LINES.columns().stream().map(c -> new ColumnDdl(c.name(), c.type(), c.nullable(), c.description())).collect(Collectors.toList());
    SessionsSqlTest.BIGQUERY
        .createTable(new TableDdl(TableRef.of(Layer.LAKE, ORDER_LINES.name()), columns, ORDER_LINES.partitionColumn(), List.of(), "Order lines."))
        .forEach(analyzer::analyzeScript);
    return analyzer;
  }

  @Test
  void theSessionsFactReadsItsLakeTableByRangeAndTheUsersWhole() {
    assertThat(LakeReads.rangeColumns(SessionsCatalog.CATALOG)).isEqualTo(Map.of("sessions", "started_at"));
    assertThat(LakeReads.rangeStart(LocalDate.of(2024, 3, 10))).isEqualTo(Instant.parse("2024-03-09T00:00:00Z"));
    assertThat(LakeReads.rangeEnd(LocalDate.of(2024, 3, 10))).isEqualTo(Instant.parse("2024-03-12T00:00:00Z"));
  }

  @Test
  void everyQueryIsValidGoogleSqlWithTheColumnsTheRuntimeReads() {
    BigQuerySqlAnalyzer analyzer = analyzer();
    List<LakeTable> tables = new ArrayList<>(SessionsCatalog.CATALOG.lakeTables());
    tables.add(ORDER_LINES);
    for (LakeTable table : tables) {
      for (Optional<String> range : List.of(Optional.<String>empty(), table.partitionColumn().filter(c -> table.findColumn(c).orElseThrow().type() == LogicalType.TIMESTAMP))) {
        String what = table.name() + (range.isPresent() ? " by " + range.get() : " whole");
        assertThat(analyzer.outputColumns(sql.counts(table, range)).stream().map(c -> c.name() + " " + c.typeName()))
            .as(what)
            .containsExactlyElementsOf(LakeCheckSql.countColumns(table).stream().map(c -> c + " INT64").collect(Collectors.toList()));
        List<String> keyColumns = new ArrayList<>();
        for (LakeColumn column : LakeCheckSql.key(table)) {
          keyColumns.add(column.name() + " " + column.type());
        }
        List<String> repeated = new ArrayList<>(keyColumns);
        repeated.add("row_count INT64");
        assertThat(analyzer.outputColumns(sql.repeatedKeys(table, range)).stream().map(Object::toString)).as(what).containsExactlyElementsOf(repeated);
        for (LakeColumn column : LakeCheckSql.notNullColumns(table)) {
          if (!table.primaryKey().contains(column.name())) {
            assertThat(analyzer.outputColumns(sql.nullExamples(table, column.name(), range)).stream().map(Object::toString)).as(what).containsExactlyElementsOf(keyColumns);
          }
        }
      }
    }
    assertThat(LakeCheckSql.countColumns(ORDER_LINES))
        .containsExactly(
            "checked_rows", "null_rows_order_id", "null_rows_line_no", "null_rows_sku", "rule_rows_0", "rule_rows_1", "rule_rows_2", "repeated_keys", "repeated_rows");
    for (LakeRule rule : LakeCheckSql.rowRules(ORDER_LINES)) {
      assertThat(analyzer.outputColumns(sql.ruleExamples(ORDER_LINES, rule, Optional.of("created_at"))).stream().map(Object::toString))
          .containsExactly("order_id INT64", "line_no INT64", "checked_value STRING");
    }
  }

  @Test
  void aRangedCheckReadsTheRangeAndTheRowsWithoutATimestampAsTwoPrunedScans() {
    String counts = sql.counts(SessionsCatalog.SESSIONS, Optional.of("started_at"));
    assertThat(counts)
        .contains(
            "  SELECT session_id FROM `acme-app-prod.raw_events.sessions`\n"
                + "  WHERE started_at >= @check_from AND started_at < @check_until\n"
                + "  UNION ALL\n"
                + "  SELECT session_id FROM `acme-app-prod.raw_events.sessions`\n"
                + "  WHERE started_at IS NULL\n"
                + ") AS checked")
        .doesNotContain("plan", "revenue");
    assertThat(sql.counts(SessionsCatalog.USERS, Optional.empty())).contains("FROM `acme-app-prod.raw_events.users`\n").doesNotContain("@check");
  }

  // ------------------------------------------------------------------ on the reference engine

  private static final Instant IN = Instant.parse("2024-03-10T12:00:00Z");
  private static final Instant OUT = Instant.parse("2024-02-01T12:00:00Z");

  /**
   * (1, 1) twice in the range; (1, 2) without its sku; (2, 1) once without a timestamp and once
   * out of the range; a row without an order id; (3, 1) out of the range only.
   */
  private static final TableContent LINES =
      TableContent.create(
          List.of(
              line(1L, 1L, "a", IN),
              line(1L, 1L, "a", IN),
              line(1L, 2L, null, IN),
              line(2L, 1L, "b", null),
              line(2L, 1L, "b", OUT),
              line(null, 1L, "c", IN),
              line(3L, 1L, "d", OUT)));

  @Test
  void theCountsOfARangeAreThoseOfItsRowsAndOfTheRowsWithoutATimestamp() {
    assertThat(run(sql.counts(ORDER_LINES, Optional.of("created_at"))))
        .containsExactly("checked_rows=5 null_rows_order_id=1 null_rows_line_no=0 null_rows_sku=1 rule_rows_0=0 rule_rows_1=0 rule_rows_2=0 repeated_keys=1 repeated_rows=2");
    assertThat(run(sql.repeatedKeys(ORDER_LINES, Optional.of("created_at")))).containsExactly("order_id=1 line_no=1 row_count=2");
    assertThat(run(sql.nullExamples(ORDER_LINES, "sku", Optional.of("created_at")))).containsExactly("order_id=1 line_no=2");
  }

  /**
   * The rows per business date (New York's) of the range only: four lines at 12:00 UTC on
   * 2024-03-10, none of those outside it or without a timestamp.
   */
  @Test
  void theVolumeCountsTheRowsOfTheRangePerBusinessDate() {
    assertThat(analyzer().outputColumns(sql.volume(ORDER_LINES, "created_at")).stream().map(Object::toString))
        .containsExactly("business_date DATE", "row_count INT64");
    assertThat(runText("SELECT row_count, CAST(business_date AS STRING) AS business_date FROM (" + sql.volume(ORDER_LINES, "created_at") + ")", LINES))
        .containsExactly("row_count=4 business_date=2024-03-10");
  }

  @Test
  void theCountsOfAWholeTableAreThoseOfEveryRow() {
    assertThat(run(sql.counts(ORDER_LINES, Optional.empty())))
        .containsExactly("checked_rows=7 null_rows_order_id=1 null_rows_line_no=0 null_rows_sku=1 rule_rows_0=0 rule_rows_1=0 rule_rows_2=0 repeated_keys=2 repeated_rows=4");
    assertThat(run(sql.repeatedKeys(ORDER_LINES, Optional.empty()))).containsExactly("order_id=1 line_no=1 row_count=2", "order_id=2 line_no=1 row_count=2");
  }

  @Test
  void aCleanTableCountsNothingAndAnEmptyOneZero() {
    TableContent clean = TableContent.create(List.of(line(1L, 1L, "a", IN), line(1L, 2L, "a", null)));
    assertThat(run(sql.counts(ORDER_LINES, Optional.of("created_at")), clean))
        .containsExactly("checked_rows=2 null_rows_order_id=0 null_rows_line_no=0 null_rows_sku=0 rule_rows_0=0 rule_rows_1=0 rule_rows_2=0 repeated_keys=0 repeated_rows=0");
    assertThat(run(sql.counts(ORDER_LINES, Optional.empty()), TableContent.create(List.of())))
        .containsExactly("checked_rows=0 null_rows_order_id=0 null_rows_line_no=0 null_rows_sku=0 rule_rows_0=0 rule_rows_1=0 rule_rows_2=0 repeated_keys=0 repeated_rows=0");
  }

  /**
   * A value not accepted ("A": case counts), a line number out of range, and timestamps of 1900
   * and 2300, which lie outside the range checked but are scanned as implausible: each counted
   * by its rule, a NULL by none.
   */
  @Test
  void rulesCountTheRowsThatBreakThemAndImplausibleTimestampsAreScannedOutsideTheRange() {
    TableContent broken =
        TableContent.create(
            List.of(
                line(1L, 1L, "A", IN),
                line(1L, 200L, "a", IN),
                line(2L, 1L, "a", Instant.parse("1900-01-01T00:00:00Z")),
                line(3L, 1L, "b", Instant.parse("2300-01-01T00:00:00Z")),
                line(4L, 1L, "c", OUT),
                line(5L, 1L, null, IN)));
    assertThat(run(sql.counts(ORDER_LINES, Optional.of("created_at")), broken))
        .containsExactly("checked_rows=5 null_rows_order_id=0 null_rows_line_no=0 null_rows_sku=1 rule_rows_0=1 rule_rows_1=1 rule_rows_2=2 repeated_keys=0 repeated_rows=0");
    assertThat(runText(sql.ruleExamples(ORDER_LINES, LakeCheckSql.rowRules(ORDER_LINES).get(0), Optional.of("created_at")), broken))
        .containsExactly("order_id=1 line_no=1 checked_value=A");
    assertThat(runText(sql.ruleExamples(ORDER_LINES, LakeCheckSql.rowRules(ORDER_LINES).get(2), Optional.of("created_at")), broken))
        .containsExactly("order_id=2 line_no=1 checked_value=1900-01-01 00:00:00+00", "order_id=3 line_no=1 checked_value=2300-01-01 00:00:00+00");
  }

  private List<String> run(String query) {
    return run(query, LINES);
  }

  private List<String> run(String query, TableContent lines) {
    return run(query, lines, false);
  }

  private List<String> runText(String query, TableContent lines) {
    return run(query, lines, true);
  }

  /** The rows of the query on ORDER_LINES holding {@code lines}, as "column=value ..." (the last column as text with {@code text}). */
  private List<String> run(String query, TableContent lines, boolean text) {
    BigQuerySqlAnalyzer analyzer = analyzer();
    List<String> names = analyzer.outputColumns(query).stream().map(BigQuerySqlAnalyzer.OutputColumn::name).collect(Collectors.toList());
    List<String> rows = new ArrayList<>();
    try (PreparedQuery prepared =
        PreparedQuery.builder()
            .setSql(query)
            .setAnalyzerOptions(analyzer.analyzerOptions())
            .setCatalog(analyzer.catalog())
            .setTablesContents(Map.of("acme-app-prod.raw_events.order_lines", lines))
            .prepare()) {
      Map<String, Value> parameters = new HashMap<>();
      parameters.put("check_from", timestamp(Instant.parse("2024-03-09T00:00:00Z")));
      parameters.put("check_until", timestamp(Instant.parse("2024-03-12T00:00:00Z")));
      parameters.put("plausible_until", timestamp(Instant.parse("2024-04-01T00:00:00Z")));
      for (List<Value> row : prepared.execute(parameters).getTableData()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          boolean asText = text && i == row.size() - 1;
          cells.add(names.get(i) + "=" + (row.get(i).isNull() ? "NULL" : asText ? row.get(i).getStringValue() : Long.toString(row.get(i).getInt64Value())));
        }
        rows.add(String.join(" ", cells));
      }
    }
    return rows;
  }

  private static List<Value> line(Long orderId, Long lineNo, String sku, Instant createdAt) {
    return Arrays.asList(
        orderId == null ? Value.createNullValue(INT64) : Value.createInt64Value(orderId),
        lineNo == null ? Value.createNullValue(INT64) : Value.createInt64Value(lineNo),
        sku == null ? Value.createNullValue(STRING) : Value.createStringValue(sku),
        Value.createNullValue(STRING),
        createdAt == null ? Value.createNullValue(TIMESTAMP) : timestamp(createdAt));
  }

  private static Value timestamp(Instant instant) {
    return Value.createTimestampValueFromUnixMicros(instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000);
  }
}
