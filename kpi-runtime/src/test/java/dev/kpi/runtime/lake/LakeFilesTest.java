package dev.kpi.runtime.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.model.LogicalType;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.duckdb.LakeFolderCheck;
import dev.kpi.runtime.testing.Duck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the lake files and checking them against the contract: each problem names the file,
 * the table, the column, how many rows and an example, and says what to fix.
 */
class LakeFilesTest {
  /** Orders keyed by order_id; status NOT NULL, note nullable. */
  private static final LakeTable ORDERS =
      LakeTable.builder()
          .name("orders")
          .description("Orders.")
          .owner("test")
          .addColumns(
              LakeColumn.of("order_id", LogicalType.INT64, false, "Primary key."),
              LakeColumn.of("status", LogicalType.STRING, false, "paid or cancelled."),
              LakeColumn.of("amount", LogicalType.NUMERIC, true, "JPY."),
              LakeColumn.of("ordered_at", LogicalType.TIMESTAMP, true, "When (UTC)."))
          .addPrimaryKey("order_id")
          .build();

  /** Order lines keyed by (order_id, line). */
  private static final LakeTable LINES =
      LakeTable.builder()
          .name("lines")
          .description("Order lines.")
          .owner("test")
          .addColumns(
              LakeColumn.of("order_id", LogicalType.INT64, false, "The order."),
              LakeColumn.of("line", LogicalType.STRING, false, "Line label."),
              LakeColumn.of("quantity", LogicalType.INT64, true, "Units."))
          .addPrimaryKey("order_id", "line")
          .build();

  /** Without a key: only its NOT NULL column is checked. */
  private static final LakeTable EVENTS =
      LakeTable.builder()
          .name("events")
          .description("Events.")
          .owner("test")
          .addColumns(
              LakeColumn.of("kind", LogicalType.STRING, false, "What happened."),
              LakeColumn.of("detail", LogicalType.STRING, true, "More."))
          .build();

  @TempDir Path lake;
  private final LakeFiles files = new LakeFiles();
  private Connection connection;

  @BeforeEach
  void connect() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  private void write(String file, String... lines) throws IOException {
    Path path = lake.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private void parquet(String file, String select) throws IOException {
    Path path = lake.resolve(file);
    Files.createDirectories(path.getParent());
    Duck.scratch("COPY (" + select + ") TO '" + path + "' (FORMAT parquet)");
  }

  /** The check's message for the tables, or fails when the lake passes. */
  private String problems(LakeTable... tables) {
    List<LakeTable> contract = List.of(tables);
    KpiException e = (KpiException) catchCheck(contract);
    assertThat(e).as("the lake check should fail").isNotNull();
    assertThat(e.exitCode()).isEqualTo(KpiException.RUN_FAILED);
    // DuckDB's SQL echo and reader settings are not the user's business.
    assertThat(e.getMessage()).doesNotContain("LINE 1").doesNotContain("read_parquet").doesNotContain("read_csv").doesNotContain("sample_size");
    return e.getMessage();
  }

  private Throwable catchCheck(List<LakeTable> contract) {
    try {
      LakeFolderCheck.check(Catalog.builder().name("test").addAllLakeTables(contract).build(), lake, line -> {});
      return null;
    } catch (KpiException e) {
      return e;
    }
  }

  // ---------------------------------------------------------------- keys and NOT NULL

  @Test
  void aLakeThatKeepsTheContractPasses() throws IOException {
    write("orders.csv", "order_id,status,amount,ordered_at", "1,paid,10.5,2024-03-08T03:00:00Z", "2,paid,,", "3,cancelled,7,2024-03-09T03:00:00Z");
    // Keys of a narrower integer type, naive timestamps and a folder of files are fine.
    parquet("lines/a.parquet", "SELECT 1::INTEGER AS order_id, 'a' AS line, 2 AS quantity UNION ALL SELECT 1, 'b', NULL");
    parquet("lines/b.parquet", "SELECT 2::INTEGER AS order_id, 'a' AS line, 1 AS quantity");
    write("events.csv", "kind,detail", "view,", "cart,x");

    assertThat(catchCheck(List.of(ORDERS, LINES, EVENTS))).isNull();
  }

  @Test
  void duplicatedKeysAreCountedWithExamples() throws IOException {
    write(
        "orders.csv",
        "order_id,status,amount,ordered_at",
        "1,paid,10,2024-03-08T03:00:00Z",
        "2,paid,20,2024-03-08T03:00:00Z",
        "2,paid,20,2024-03-08T03:00:00Z",
        "3,paid,30,2024-03-08T03:00:00Z",
        "3,paid,30,2024-03-08T03:00:00Z",
        "3,paid,30,2024-03-08T03:00:00Z",
        // The same key written differently is the same key.
        "04,paid,40,2024-03-08T03:00:00Z",
        "4,paid,40,2024-03-08T03:00:00Z");

    assertThat(problems(ORDERS))
        .contains(
            lake.resolve("orders.csv") + ": the primary key order_id of lake table 'orders' is not unique: 3 values occur more than"
                + " once, in 7 rows (e.g. order_id = 2 in 2 rows, order_id = 3 in 3 rows); every join would count those rows more than once: fix the"
                + " extract (the Embulk load) so that it writes each row once (a load appended twice, or files that overlap), then remove the repeated rows");
  }

  @Test
  void nullsInNotNullColumnsAreCounted() throws IOException {
    write(
        "orders.csv",
        "order_id,status,amount,ordered_at",
        ",paid,10,2024-03-08T03:00:00Z",
        ",paid,10,2024-03-08T03:00:00Z",
        "5,,10,2024-03-08T03:00:00Z",
        "9,,10,2024-03-08T03:00:00Z",
        "12,,10,2024-03-08T03:00:00Z",
        "13,paid,,");

    assertThat(problems(ORDERS))
        .contains(
            lake.resolve("orders.csv") + ": column 'order_id' of lake table 'orders' is NULL in 2 rows, but the lake contract declares"
                + " it NOT NULL; a row without it would drop out of every number that reads it: fix the extract (the Embulk load) so that every row has a value in order_id")
        .contains(
            lake.resolve("orders.csv") + ": column 'status' of lake table 'orders' is NULL in 3 rows, but the lake contract declares it"
                + " NOT NULL (e.g. order_id = 5, order_id = 9); a row without it would drop out of every number that reads it: fix the extract")
        // Two rows without a key are not a duplicated key, and a nullable column may be NULL.
        .doesNotContain("not unique")
        .doesNotContain("'amount'");
  }

  @Test
  void aKeyRepeatedAcrossTheFilesOfAFolderIsFoundInTheFolder() throws IOException {
    parquet("orders/part-1.parquet", "SELECT range AS order_id, 'paid' AS status, 1.5::DECIMAL(38, 9) AS amount, TIMESTAMPTZ '2024-03-08 03:00:00+00' AS ordered_at FROM range(1, 101)");
    // The last day loaded twice: orders 91..100 again, in a second file.
    parquet("orders/part-2.parquet", "SELECT range AS order_id, 'paid' AS status, 1.5::DECIMAL(38, 9) AS amount, TIMESTAMPTZ '2024-03-08 03:00:00+00' AS ordered_at FROM range(91, 121)");

    assertThat(problems(ORDERS))
        .contains(
            lake.resolve("orders") + " (2 files): the primary key order_id of lake table 'orders' is not unique: 10 values occur more than"
                + " once, in 20 rows (e.g. order_id = 91 in 2 rows, order_id = 92 in 2 rows)");
  }

  @Test
  void aCompositeKeyIsCheckedAsAWhole() throws IOException {
    write("lines.csv", "order_id,line,quantity", "1,a,1", "1,b,1", "2,a,1", "2,a,3", "3,,1");

    assertThat(problems(LINES))
        .contains("column 'line' of lake table 'lines' is NULL in 1 row")
        .contains("the primary key (order_id, line) of lake table 'lines' is not unique: 1 value occurs more than once, in 2 rows (e.g. (order_id, line) = (2, \"a\") in 2 rows)");
  }

  @Test
  void aTableWithoutAKeyIsCheckedForNulls() throws IOException {
    write("events.csv", "kind,detail", "view,", ",x", "view,");

    assertThat(problems(EVENTS)).contains("column 'kind' of lake table 'events' is NULL in 1 row").doesNotContain("not unique");
  }

  // ---------------------------------------------------------------- values and unreadable files

  @Test
  void aCsvValueOfTheWrongTypeNamesTheColumnTheTypeAndTheValue() throws IOException {
    write(
        "orders.csv",
        "order_id,status,amount,ordered_at",
        "1,paid,10,2024-03-08T03:00:00Z",
        "abc,paid,lots,2024-03-08T03:00:00Z",
        // DuckDB's typed CSV reader would read this as NULL without a word.
        "3,paid,5,yesterday");

    assertThat(problems(ORDERS))
        .contains(
            lake.resolve("orders.csv") + ": column 'order_id' of lake table 'orders' is INT64 in the lake contract, but 1 row holds a"
                + " value that is not: \"abc\"; fix the extract (the Embulk load) so that it writes INT64 values as a whole number such as 42")
        .contains("column 'amount' of lake table 'orders' is NUMERIC in the lake contract, but 1 row holds a value that is not: \"lots\"")
        .contains("column 'ordered_at' of lake table 'orders' is TIMESTAMP in the lake contract, but 1 row holds a value that is not: \"yesterday\"")
        // "abc" is no order_id: not also reported as a NULL key.
        .doesNotContain("is NULL")
        .doesNotContain("Conversion Error");
  }

  @Test
  void aBadValueInAFolderOfCsvFilesNamesTheFile() throws IOException {
    write("orders/a.csv", "order_id,status,amount,ordered_at", "1,paid,10,2024-03-08T03:00:00Z");
    write("orders/b.csv", "order_id,status,amount,ordered_at", "2,paid,1O,2024-03-08T03:00:00Z");

    assertThat(problems(ORDERS)).contains(lake.resolve("orders") + " (2 files): column 'amount'").contains("\"1O\" (in b.csv)");
  }

  @Test
  void aMalformedCsvLineIsNamedByItsNumber() throws IOException {
    // Past the lines DuckDB samples to find the file's columns (20,480): a bad line among
    // those makes DuckDB guess other columns, reported as missing columns.
    StringBuilder text = new StringBuilder("order_id,status,amount,ordered_at\n");
    for (int i = 1; i <= 25_000; i++) {
      text.append(i).append(",paid,1,2024-03-08T03:00:00Z\n");
    }
    text.append("25001,paid,1,2024-03-08T03:00:00Z,extra\n");
    Files.writeString(lake.resolve("orders.csv"), text);

    assertThat(problems(ORDERS))
        .contains("cannot read the lake file " + lake.resolve("orders.csv") + " of lake table 'orders' as CSV: line 25002 of ")
        .contains("Expected Number of Columns: 4 Found: 5")
        .doesNotContain("25001,paid");
  }

  @Test
  void anUnreadableParquetFileIsNamedWithoutDuckDbsSql() throws IOException {
    Files.write(lake.resolve("orders.parquet"), new byte[] {1, 2, 3, 4});

    assertThat(problems(ORDERS))
        .contains(
            "cannot read the lake file " + lake.resolve("orders.parquet") + " of lake table 'orders' as Parquet: File '"
                + lake.resolve("orders.parquet") + "' too small to be a Parquet file; write it again as Parquet with the contract's"
                + " columns (order_id INT64, status STRING, amount NUMERIC, ordered_at TIMESTAMP)")
        .doesNotContain("Invalid Input Error");
  }

  // ---------------------------------------------------------------- finding the files

  @Test
  void aTableInTwoFormatsIsAnErrorNamingBothPaths() throws IOException {
    write("orders.csv", "order_id,status,amount,ordered_at");
    parquet("orders.parquet", "SELECT 1 AS order_id");
    parquet("lines/part-1.parquet", "SELECT 1 AS order_id");
    write("lines.csv", "order_id,line,quantity");

    assertThatThrownBy(() -> files.discover(lake, List.of(ORDERS, LINES, EVENTS)))
        .isInstanceOf(KpiException.class)
        .hasMessageContaining("the lake files in " + lake + " do not give each lake table one source:")
        .hasMessageContaining(
            "table 'orders' is in more than one place: " + lake.resolve("orders.parquet") + " and " + lake.resolve("orders.csv")
                + "; keep one and remove the other")
        .hasMessageContaining("table 'lines' is in more than one place: " + lake.resolve("lines.csv") + " and " + lake.resolve("lines") + "/")
        // Missing tables are listed with them.
        .hasMessageContaining("table 'events': expected events.parquet, events.csv or a folder events/");
  }

  @Test
  void aMissingLakeFolderIsAUsageError() {
    Path nowhere = lake.resolve("no-such-lake");
    assertThatThrownBy(() -> files.discover(nowhere, List.of(ORDERS)))
        .isInstanceOf(KpiException.class)
        .hasMessage("the lake folder " + nowhere + " does not exist; pass the folder holding the lake files with --lake")
        .satisfies(e -> assertThat(((KpiException) e).exitCode()).isEqualTo(KpiException.USAGE));
  }
}
