package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kpi.sql.testing.DuckDbBuildRunner;
import dev.kpi.bigquery.FakeBigQuery;
import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.testing.TableData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A corpus of lakes damaged as a broken extract would damage them, on the shop's contract: each
 * ends in an error naming the table, the column, the rule and the fix, with the warehouse left
 * exactly as the clean lake built it — or, for a warning, is built and says so. The same cases
 * run on BigQuery (the executing test server) give the same sentences: one check, both engines.
 */
@ExtendWith(ShopCatalogIsValid.class)
class BadLakeTest {
  private static final Catalog SHOP = ShopCatalog.build();
  private static final String PROJECT = "example-project";
  private static final BigQueryDialect BIGQUERY = BigQueryDialect.forProject(PROJECT);
  private static final DuckDbDialect DUCKDB = DuckDbDialect.standard();
  private static final String FROM = "2021-02-01";
  private static final String TO = "2021-03-05";

  /** A damage: SQL run on the clean lake's tables (schema lake), and the sentence the check must say. */
  record Damage(String name, List<String> sql, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Damage> errors() {
    return List.of(
        new Damage("status in capitals", List.of("UPDATE lake.orders SET status = 'PAID' WHERE order_id = 3"),
            "column 'status' of lake table 'orders' breaks the rule 'status is one of 'paid', 'shipped', 'cancelled', 'refunded'' in 1 row"
                + " (e.g. order_id = 3 (\"PAID\")); a KPI that selects rows by status would miss them (or count them where it should not);"
                + " fix the extract (the Embulk load) so that status holds exactly these values (case and spaces count), or, if the shop has a new value,"
                + " add it to the rule in the definitions and say which KPIs count it"),
        new Damage("status with a trailing space", List.of("UPDATE lake.orders SET status = 'paid ' WHERE order_id IN (6, 8)"),
            "breaks the rule 'status is one of 'paid', 'shipped', 'cancelled', 'refunded'' in 2 rows (e.g. order_id = 6 (\"paid \"), order_id = 8 (\"paid \"))"),
        new Damage("status pending", List.of("UPDATE lake.orders SET status = 'pending' WHERE order_id = 10"),
            "in 1 row (e.g. order_id = 10 (\"pending\"))"),
        new Damage("status NULL", List.of("UPDATE lake.orders SET status = NULL WHERE order_id IN (9, 11)"),
            "column 'status' of lake table 'orders' is NULL in 2 rows, but the lake contract declares it NOT NULL (e.g. order_id = 9, order_id = 11);"
                + " a row without it would drop out of every number that reads it: fix the extract (the Embulk load) so that every row has a value in status"),
        new Damage("negative quantity", List.of("UPDATE lake.order_items SET quantity = -5 WHERE order_item_id = 4"),
            "column 'quantity' of lake table 'order_items' breaks the rule 'quantity is between 1 and 1000000' in 1 row (e.g. order_item_id = 4 (\"-5\"));"
                + " such a value makes every sum it is in wrong, or overflows it; fix the extract (the Embulk load) so that quantity holds the shop's values,"
                + " not a default, a sign error or a unit mistake"),
        new Damage("zero quantity", List.of("UPDATE lake.order_items SET quantity = 0 WHERE order_item_id = 2"),
            "breaks the rule 'quantity is between 1 and 1000000' in 1 row (e.g. order_item_id = 2 (\"0\"))"),
        new Damage("quantity that overflows a sum", List.of("UPDATE lake.order_items SET quantity = 9223372036854775807 WHERE order_item_id = 5"),
            "breaks the rule 'quantity is between 1 and 1000000' in 1 row (e.g. order_item_id = 5 (\"9223372036854775807\"))"),
        new Damage("negative unit price", List.of("UPDATE lake.order_items SET unit_price = -2500 WHERE order_item_id = 3"),
            "column 'unit_price' of lake table 'order_items' breaks the rule 'unit_price is between 0 and 10000000000' in 1 row (e.g. order_item_id = 3 (\"-2500"),
        new Damage("NULL quantity", List.of("UPDATE lake.order_items SET quantity = NULL WHERE order_item_id = 6"),
            "column 'quantity' of lake table 'order_items' is NULL in 1 row, but the lake contract declares it NOT NULL (e.g. order_item_id = 6)"),
        new Damage("NULL ordered_at", List.of("UPDATE lake.orders SET ordered_at = NULL WHERE order_id = 12"),
            "column 'ordered_at' of lake table 'orders' is NULL in 1 row, but the lake contract declares it NOT NULL (e.g. order_id = 12)"),
        new Damage("an order of 1900", List.of("UPDATE lake.orders SET ordered_at = TIMESTAMPTZ '1900-01-01 00:00:00+00' WHERE order_id = 7"),
            "column 'ordered_at' of lake table 'orders' breaks the rule 'ordered_at is not before 2015-01-01 and not in the future' in 1 row"
                + " (e.g. order_id = 7 (\"1900-01-01"),
        new Damage("an order of 2300", List.of("UPDATE lake.orders SET ordered_at = TIMESTAMPTZ '2300-01-01 00:00:00+00' WHERE order_id = 7"),
            "breaks the rule 'ordered_at is not before 2015-01-01 and not in the future' in 1 row (e.g. order_id = 7 (\"2300-01-01"),
        new Damage("order items without their order", List.of("UPDATE lake.order_items SET order_id = 999 WHERE order_item_id IN (10, 11)"),
            "2 rows of lake table 'order_items' point with order_id at no row of lake table 'orders' on the business dates around it"
                + " (order_id → orders.order_id; e.g. order_item_id = 10 (order_id = 999), order_item_id = 11 (order_id = 999)); those rows would vanish from every number:"
                + " load the missing rows of orders (a partial extract?) or fix order_id in the extract"),
        new Damage("NULL created_at", List.of("UPDATE lake.order_items SET created_at = NULL WHERE order_item_id = 8"),
            "column 'created_at' of lake table 'order_items' is NULL in 1 row, but the lake contract declares it NOT NULL (e.g. order_item_id = 8)"),
        new Damage("created_at five days after its order", List.of("UPDATE lake.order_items SET created_at = created_at + INTERVAL 5 DAY WHERE order_item_id = 12"),
            "column 'created_at' of lake table 'order_items' breaks the rule 'created_at is on the business date of its orders.ordered_at' in 1 row"
                + " (business dates in Asia/Tokyo; e.g. order_item_id = 12: created_at 2021-03-07 02:00:00+00, orders.ordered_at 2021-03-02 02:00:00+00);"
                + " the builds read each table by its own date, so those rows would count or not depending on which dates a run builds:"
                + " fix the extract (the Embulk load) so that created_at is written with its orders row"),
        new Damage("an order loaded twice", List.of("INSERT INTO lake.orders SELECT * FROM lake.orders WHERE order_id = 10"),
            "the primary key order_id of lake table 'orders' is not unique: 1 value occurs more than once, in 2 rows (e.g. order_id = 10 in 2 rows)"),
        new Damage("an empty orders extract", List.of("DELETE FROM lake.orders"),
            "rows of lake table 'order_items' point with order_id at no row of lake table 'orders'"));
  }

  /**
   * The lake folder every test writes its damaged lake into, and the data folder the clean lake
   * built once, which each test starts from (a copy): the clean backfill runs once per class.
   */
  @TempDir static Path shared;
  private static final FixtureLake LAKE = MartDifferentialTest.handCheckableLake();

  @TempDir Path folder;

  @BeforeAll
  static void buildTheCleanLakeOnce() throws Exception {
    writeLake(List.of(), null);
    ok(Cli.run("backfill", "--from", FROM, "--to", TO, "--data-dir", shared.resolve("clean").toString(), "--lake", lakeDir().toString()));
  }

  @BeforeEach
  void startFromTheCleanBuild() throws Exception {
    writeLake(List.of(), null);
    Path clean = shared.resolve("clean");
    try (var files = Files.walk(clean)) {
      for (Path file : files.collect(Collectors.toList())) {
        Path target = folder.resolve("data").resolve(clean.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().equals("kpi.lock")) {
          Files.copy(file, target);
        }
      }
    }
  }

  private static Path lakeDir() {
    return shared.resolve("lake");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void aBrokenRuleStopsTheRunNamingTheTableColumnAndFixAndWritesNothing(Damage damage) throws Exception {
    Map<TableRef, List<String>> before = embeddedRows();
    writeLake(damage.sql(), null);

    Cli.Result result = embedded("backfill", "--from", FROM, "--to", TO, "--force");
    assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
    assertThat(result.err).contains("the lake does not match the lake contract; nothing was written", damage.message());
    assertThat(result.err).doesNotContain("Exception", "\tat ", "read_parquet", "LINE 1");
    assertThat(embeddedRows()).isEqualTo(before);

    Cli.Result check = Cli.run("check-lake", "--lake", lakeDir().toString());
    assertThat(check.exitCode).as(check.toString()).isEqualTo(1);
    // check-lake reads every row, so it does not narrow the referenced rows to dates.
    assertThat(check.err).contains(damage.message().replace(" on the business dates around it", ""));
  }

  /** A daily run checks the rows its builds read: a broken row in its window stops it, one outside does not concern it. */
  @Test
  void aDailyRunChecksTheRowsOfItsWindow() throws Exception {
    Map<TableRef, List<String>> before = embeddedRows();
    writeLake(List.of("UPDATE lake.orders SET status = 'PAID' WHERE order_id = 12", "UPDATE lake.order_items SET quantity = -1 WHERE order_item_id = 1"), null);
    Cli.Result result = embedded("run", "--date", TO);
    assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
    assertThat(result.err)
        .contains(
            "orders.parquet (the rows with ordered_at from 2021-03-01T00:00:00Z until 2021-03-07T00:00:00Z, and those outside the plausible range):"
                + " column 'status' of lake table 'orders' breaks the rule 'status is one of 'paid', 'shipped', 'cancelled', 'refunded'' in 1 row (e.g. order_id = 12 (\"PAID\"))")
        .doesNotContain("quantity");
    assertThat(embeddedRows()).isEqualTo(before);

    // status tells the truth about the last run: it failed, and how to finish it.
    Cli.Result status = ok(reading("status"));
    assertThat(status.out)
        .contains(
            "failed: the last run, 'run --date " + TO + "', failed and wrote nothing; mend what its error names, then run it again: kpi run --date " + TO + " --data-dir ",
            "\n  the lake does not match the lake contract; nothing was written:\n    - ",
            "status is one of 'paid', 'shipped', 'cancelled', 'refunded''",
            "no date is stale, but the last run failed (above)")
        .doesNotContain("everything built is up to date");
  }

  @Test
  void aProductOnAnUnknownItemTypeIsBuiltWithAWarning() throws Exception {
    writeLake(List.of("UPDATE lake.products SET item_id = 99 WHERE product_id = 201"), null);
    Cli.Result result = ok(embedded("backfill", "--from", FROM, "--to", TO, "--force"));
    assertThat(result.err)
        .contains(
            "kpi: warning: ",
            "1 row of lake table 'products' points with item_id at no row of lake table 'items' (item_id → items.item_id; e.g. product_id = 201 (item_id = 99)); those rows are built,"
                + " but count in no number that needs a column of items: load the missing rows of items (a partial extract?) or fix item_id in the extract",
            "checked the lake against the lake contract: creators, items, products, orders, order_items (orders, order_items on the rows of 2021-02-01..2021-03-05), with 1 warning");
    Cli.Result check = Cli.run("check-lake", "--lake", lakeDir().toString());
    assertThat(check.exitCode).as(check.toString()).isZero();
    assertThat(check.out).contains("match the lake contract, with 1 warning (above)");

    // The warning travels with the numbers it may make wrong: show, its JSON, the Slack summary.
    String warning = "1 row of lake table 'products' points with item_id at no row of lake table 'items'";
    Cli.Result show = ok(reading("show", "--date", TO));
    assertThat(show.out).contains("warning: " + TO + " was built from a lake the lake check warned about; its numbers may be off by what it says:\n  - " + warning);
    JsonObject json = JsonParser.parseString(ok(reading("show", "--date", TO, "--format", "json")).out).getAsJsonObject();
    assertThat(json.getAsJsonArray("lake_warnings")).hasSize(1);
    assertThat(json.getAsJsonArray("lake_warnings").get(0).getAsString()).startsWith(warning);
    Cli.Result notify = ok(reading("notify", "--date", TO, "--dry-run"));
    assertThat(notify.out).contains("lake check warnings", warning).contains("\"text\": \"");

    // A build from a mended lake replaces the record, warnings and all.
    writeLake(List.of(), null);
    ok(embedded("backfill", "--from", FROM, "--to", TO, "--force"));
    assertThat(JsonParser.parseString(ok(reading("show", "--date", TO, "--format", "json")).out).getAsJsonObject().getAsJsonArray("lake_warnings")).isEmpty();
    assertThat(ok(reading("notify", "--date", TO, "--dry-run")).out).doesNotContain("lake check warnings");
  }

  /**
   * An extract that delivered nothing passes every rule (no row breaks one), but the dates the
   * run would replace held rows when they were built: the run stops, naming each table and date
   * with both counts, and writes nothing; --accept-shrink replaces them and says so.
   */
  @Test
  void anExtractThatShrankDoesNotReplaceGoodDays() throws Exception {
    Map<TableRef, List<String>> before = embeddedRows();
    Map<String, Long> orders = rowsPerDate("orders", "ordered_at");
    Map<String, Long> items = rowsPerDate("order_items", "created_at");
    writeLake(List.of("DELETE FROM lake.order_items", "DELETE FROM lake.orders"), null);

    Cli.Result run = embedded("run", "--date", TO);
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err)
        .contains(
            "the lake holds fewer rows than when these dates were last built (by more than 50 %, or none at all), so they were not replaced; nothing was written:",
            "  - lake table 'orders' on " + TO + ": " + rows(orders.get(TO)) + " when the date was last built, 0 now",
            "  - lake table 'order_items' on " + TO + ": " + rows(items.get(TO)) + " when the date was last built, 0 now",
            "an empty or partial extract is the likely cause: load the missing rows into the lake and run again;"
                + " if the lake really holds fewer rows now (orders deleted upstream), replace the dates anyway with: kpi run --date " + TO + " --accept-shrink --data-dir ");
    assertThat(embeddedRows()).isEqualTo(before);
    Cli.Result backfill = embedded("backfill", "--from", FROM, "--to", TO, "--force");
    assertThat(backfill.exitCode).as(backfill.toString()).isEqualTo(1);
    String first = orders.keySet().stream().filter(d -> d.compareTo(FROM) >= 0).sorted().findFirst().orElseThrow();
    assertThat(backfill.err).contains("lake table 'orders' on " + first + ": " + rows(orders.get(first)) + " when the date was last built, 0 now", "--accept-shrink");
    assertThat(embeddedRows()).isEqualTo(before);

    Cli.Result accepted = ok(embedded("run", "--date", TO, "--accept-shrink"));
    assertThat(accepted.err).contains("kpi: warning: replacing a date whose lake rows shrank, as --accept-shrink allows: lake table 'orders' on " + TO);
    assertThat(embeddedRows()).isNotEqualTo(before);
  }

  @Test
  void aShareOutsideZeroTo99IsAUsageError() {
    Cli.Result run = embedded("run", "--date", TO, "--max-shrink", "100");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).contains("--max-shrink takes a share from 0 to 99 (percent), not 100");
    Cli.Result word = embedded("backfill", "--from", FROM, "--to", TO, "--max-shrink", "abc");
    assertThat(word.exitCode).as(word.toString()).isEqualTo(2);
    assertThat(word.err).contains("Invalid value for option '--max-shrink': 'abc' is not a whole percent; give 0 to 99, e.g. --max-shrink 30");
    Cli.Result help = Cli.run("run", "--help");
    assertThat(help.err).doesNotContain("WARN");
    assertThat(help.out).contains("How far (0 to 99 %) a date's rows");
  }

  /** A run that failed on a lake it was told to switch to wrote nothing from it: the folder still reads the lake it was built from. */
  @Test
  void aFailedSwitchToAnotherLakeDoesNotSwitchTheFolder() throws Exception {
    Path other = Files.createDirectories(folder.resolve("other-lake"));
    try (var files = Files.list(lakeDir())) {
      for (Path file : files.collect(Collectors.toList())) {
        Files.copy(file, other.resolve(file.getFileName()));
      }
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("COPY (SELECT * REPLACE ('PAID' AS status) FROM read_parquet('" + lakeDir().resolve("orders.parquet") + "')) TO '" + other.resolve("orders.parquet") + "' (FORMAT parquet)");
    }
    Cli.Result switched = Cli.run("run", "--date", TO, "--data-dir", folder.resolve("data").toString(), "--lake", other.toString(), "--switch-lake");
    assertThat(switched.exitCode).as(switched.toString()).isEqualTo(1);
    Cli.Result again = ok(reading("run", "--date", TO));
    assertThat(again.err).contains("reading " + lakeDir().toAbsolutePath().normalize() + ", the lake this data folder was built from");
  }

  /** The clean lake's rows per business date (the shop's time zone), counted here by DuckDB on the file. */
  private static Map<String, Long> rowsPerDate(String table, String timestamp) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT CAST(CAST(timezone('" + SHOP.timeZone() + "', " + timestamp + ") AS DATE) AS VARCHAR), COUNT(*) FROM read_parquet('"
                    + lakeDir().resolve(table + ".parquet") + "') GROUP BY 1")) {
      while (rows.next()) {
        out.put(rows.getString(1), rows.getLong(2));
      }
    }
    return out;
  }

  @Test
  void aCorruptFileFailsCheckLakeNamingTheFileWithoutDuckDbsSettings() throws Exception {
    Path items = lakeDir().resolve("order_items.parquet");
    byte[] bytes = Files.readAllBytes(items);
    // Garble the middle of the file: the column chunks, not the footer.
    for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
      bytes[i] = (byte) 0x5a;
    }
    Files.write(items, bytes);
    Cli.Result check = Cli.run("check-lake", "--lake", lakeDir().toString());
    assertThat(check.exitCode).as(check.toString()).isEqualTo(1);
    assertThat(check.err).contains("cannot read the lake file " + items + " of lake table 'order_items' as Parquet: ").doesNotContain("LINE 1", "read_parquet");
  }

  /** A CSV extract with bytes that are not UTF-8 in a text column: check-lake reads every value, so it names the file and line. */
  @Test
  void invalidUtf8InACsvFailsCheckLakeNamingTheFileAndLine() throws Exception {
    Path csv = Files.createDirectories(folder.resolve("csv-lake"));
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      for (LakeTable table : SHOP.lakeTables()) {
        statement.execute(
            "COPY (SELECT * FROM read_parquet('" + lakeDir().resolve(table.name() + ".parquet") + "')) TO '" + csv.resolve(table.name() + ".csv") + "' (FORMAT csv, HEADER)");
      }
    }
    ok(Cli.run("check-lake", "--lake", csv.toString()));
    Path orders = csv.resolve("orders.csv");
    String text = Files.readString(orders);
    int paid = text.indexOf(",paid", text.indexOf('\n', text.indexOf('\n') + 1));
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // "paid" on the file's third line becomes "p\xff\xfed": a Latin-1 or Shift_JIS export read as UTF-8.
    bytes[paid + 2] = (byte) 0xff;
    bytes[paid + 3] = (byte) 0xfe;
    Files.write(orders, bytes);
    Cli.Result check = Cli.run("check-lake", "--lake", csv.toString());
    assertThat(check.exitCode).as(check.toString()).isEqualTo(1);
    String unreadable =
        "cannot read the lake file " + orders + " of lake table 'orders' as CSV: line 3 of " + orders
            + ": Invalid unicode (byte sequence mismatch) detected. This file is not utf-8 encoded.";
    assertThat(check.err).contains(unreadable).doesNotContain("LINE 1", "read_csv", "\tat ");

    // A run reads the file too, and stops on it before writing anything.
    Cli.Result run = Cli.run("run", "--date", TO, "--data-dir", folder.resolve("csv-data").toString(), "--lake", csv.toString());
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err).contains("the lake does not match the lake contract; nothing was written:", unreadable).doesNotContain("LINE 1", "read_csv", "\tat ");
    assertThat(folder.resolve("csv-data").resolve("embedded.duckdb")).doesNotExist();
  }

  @Nested
  class OnBigQuery {
    private FakeBigQuery bigquery;

    @BeforeEach
    void start() {
      bigquery = FakeBigQuery.executing();
    }

    @AfterEach
    void stop() {
      bigquery.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kpi.definitions.BadLakeTest#onBothEngines")
    void theSameRuleSaysTheSameOnBigQuery(Damage damage) throws Exception {
      writeLake(damage.sql(), bigquery);
      Cli.Result result = Cli.run(bigQueryArgs(bigquery, "backfill", "--from", FROM, "--to", TO));
      assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
      assertThat(result.err).contains("the lake does not match the lake contract; nothing was written", PROJECT + ".lake.", damage.message());
      assertThat(bigquery.table("mart", "kpi_daily")).isEmpty();
    }

    /** The ledger on BigQuery records the lake rows too, and the same guard reads them. */
    @Test
    void anExtractThatShrankDoesNotReplaceGoodDaysOnBigQuery() throws Exception {
      Map<String, Long> orders = rowsPerDate("orders", "ordered_at");
      writeLake(List.of(), bigquery);
      ok(Cli.run(bigQueryArgs(bigquery, "backfill", "--from", FROM, "--to", TO)));
      List<String> built = bigquery.rows("mart", "kpi_daily").canonicalRows();
      writeLake(List.of("DELETE FROM lake.order_items", "DELETE FROM lake.orders"), bigquery);
      Cli.Result run = Cli.run(bigQueryArgs(bigquery, "run", "--date", TO));
      assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
      assertThat(run.err)
          .contains(
              "so they were not replaced; nothing was written:",
              "  - lake table 'orders' on " + TO + ": " + rows(orders.get(TO)) + " when the date was last built, 0 now",
              "replace the dates anyway with: kpi run --date " + TO + " --accept-shrink --target bigquery");
      assertThat(bigquery.rows("mart", "kpi_daily").canonicalRows()).isEqualTo(built).isNotEmpty();
    }
  }

  static List<Damage> onBothEngines() {
    List<String> names = List.of("status in capitals", "order items without their order", "created_at five days after its order");
    return errors().stream().filter(d -> names.contains(d.name())).collect(Collectors.toList());
  }

  // ------------------------------------------------------------------ the lake and the commands

  private Cli.Result embedded(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", folder.resolve("data").toString(), "--lake", lakeDir().toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  /** A command that reads the data folder only (show, notify, status). */
  private Cli.Result reading(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", folder.resolve("data").toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private static String rows(long count) {
    return count + (count == 1 ? " row" : " rows");
  }

  private static String[] bigQueryArgs(FakeBigQuery bigquery, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--target", "bigquery", "--project", PROJECT, "--location", FakeBigQuery.LOCATION, "--bigquery-endpoint", bigquery.url()));
    return all.toArray(String[]::new);
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exitCode).as(result.toString()).isZero();
    return result;
  }

  /** The warehouse and marts of the embedded engine, row by row. */
  private Map<TableRef, List<String>> embeddedRows() throws Exception {
    Map<TableRef, List<String>> out = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + folder.resolve("data").resolve("embedded.duckdb"))) {
      for (CompiledStatement statement : Compiler.forDialect(DUCKDB).compile(SHOP)) {
        TableRef table = statement.step().table();
        Optional<TableDdl> ddl = statement.table();
        if (table.layer() != Layer.LAKE && ddl.isPresent()) {
          out.put(table, DuckDbBuildRunner.read(connection, table, ddl.get()).canonicalRows());
        }
      }
    }
    return out;
  }

  /**
   * The fixture, damaged by {@code damage} (SQL on tables lake.*), as Parquet files in
   * {@code lake/} and, with {@code bigquery}, as the lake dataset's tables there.
   */
  private static void writeLake(List<String> damage, FakeBigQuery bigquery) throws Exception {
    Path dir = Files.createDirectories(lakeDir());
    Map<String, TableData> tables = LAKE.tables();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      statement.execute("CREATE SCHEMA lake");
      for (LakeTable table : SHOP.lakeTables()) {
        List<String> columns = table.columns().stream().map(c -> DUCKDB.identifier(c.name()) + " " + DUCKDB.typeName(c.type())).collect(Collectors.toList());
        statement.execute("CREATE TABLE lake." + table.name() + " (" + String.join(", ", columns) + ")");
        DuckDbBuildRunner.insert(connection, "lake." + table.name(), tables.get(table.name()));
      }
      for (String sql : damage) {
        statement.execute(sql);
      }
      Map<String, String> ranged = LakeReads.rangeColumns(SHOP);
      for (LakeTable table : SHOP.lakeTables()) {
        statement.execute("COPY lake." + table.name() + " TO '" + dir.resolve(table.name() + ".parquet") + "' (FORMAT parquet)");
        if (bigquery != null) {
          List<ColumnDdl> columns = table.columns().stream().map(c -> new ColumnDdl(c.name(), c.type(), true, "")).collect(Collectors.toList());
          TableData rows = DuckDbBuildRunner.read(connection, TableRef.of(Layer.LAKE, table.name()), new TableDdl(TableRef.of(Layer.LAKE, table.name()), columns, Optional.empty(), List.of(), ""));
          bigquery.addTable("lake", table.name(), lakeResource(table, ranged.get(table.name())));
          bigquery.replaceRows("lake", table.name(), rows);
        }
      }
    }
  }

  /** The lake table's BigQuery resource as Embulk loads it: NULLABLE columns, partitioned by its timestamp. */
  private static JsonObject lakeResource(LakeTable table, String partitionColumn) {
    List<String> columns = table.columns().stream().map(c -> c.name() + ":" + BIGQUERY.typeName(c.type())).collect(Collectors.toList());
    return FakeBigQuery.tableResource(columns, "NULLABLE", partitionColumn);
  }
}
