package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kpi.sql.testing.DuckDbBuildRunner;
import dev.kpi.bigquery.FakeBigQuery;
import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.testing.TableData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real {@code kpi} command on the shop's catalog, once with the embedded engine and once
 * with {@code --target bigquery} against {@link FakeBigQuery#executing()} (the official client
 * talking to a local BigQuery REST server whose jobs run on ZetaSQL's reference engine), on the
 * same fixture lake: every warehouse and mart row BigQuery ends with equals what the embedded
 * engine builds — after a backfill, a late cancellation, a {@code --force}, a failed job run
 * again, a transient error retried, and a run killed mid-way and run again.
 */
@ExtendWith(ShopCatalogIsValid.class)
class BigQueryEndToEndTest {
  static {
    // Jobs retried in-process wait 5 ms, 10 ms, 20 ms instead of 1 s, 2 s, 4 s.
    System.setProperty("kpi.bigquery.retry-delay-ms", "5");
  }

  private static final Catalog SHOP = ShopCatalog.build();
  private static final String PROJECT = "example-project";
  private static final BigQueryDialect BIGQUERY = BigQueryDialect.forProject(PROJECT);
  private static final String FROM = "2021-02-01";
  private static final String TO = "2021-03-05";

  /** Every warehouse table and mart the catalog builds, with its columns. */
  private static final Map<TableRef, TableDdl> BUILT = builtTables();

  @TempDir Path folder;
  private FakeBigQuery bigquery;
  private FixtureLake lake;

  @BeforeEach
  void start() throws Exception {
    bigquery = FakeBigQuery.executing();
    lake = MartDifferentialTest.handCheckableLake();
    writeLake();
  }

  @AfterEach
  void stop() {
    bigquery.close();
  }

  @Test
  void aBackfillOnBigQueryBuildsTheEmbeddedEnginesRows() throws Exception {
    embedded("backfill", "--from", FROM, "--to", TO);
    onBigQuery("backfill", "--from", FROM, "--to", TO);

    Map<TableRef, TableData> rows = sameRowsOnBothEngines();
    TableData daily = MartDifferentialTest.glossaryView(rows).get(TableRef.of(Layer.MART, "kpi_daily"));
    assertThat(daily.rowsWhere("business_date", LocalDate.parse(FROM))).hasSize(1);
    assertThat(daily.rowsWhere("business_date", LocalDate.parse(TO))).hasSize(1);
    // The hand-checked numbers of MartDifferentialTest, now out of BigQuery's tables.
    assertThat(daily.canonicalRows())
        .contains(
            "business_date=2021-02-27 gmv=1000 orders=3 aov=333.333333333 active_creators=2 active_creators_28d=3 items_sold=3",
            "business_date=2021-03-02 gmv=2000 orders=3 aov=666.666666667 active_creators=2 active_creators_28d=2 items_sold=4");
    assertThat(rows.get(TableRef.of(Layer.WAREHOUSE, "fct_order_items")).size()).isEqualTo(lake.orderItems().size() - 1);
  }

  /**
   * Questions no mart answers, asked on both engines with one command each: the same rows, and
   * the glossary's, computed by hand; on BigQuery, --explain has the dry run's bytes and the
   * job carries --maximum-bytes-billed.
   */
  @Test
  void queriesNoMartAnswersGiveTheGlossarysNumbersOnBothEngines() throws Exception {
    embedded("backfill", "--from", FROM, "--to", TO);
    onBigQuery("backfill", "--from", FROM, "--to", TO);
    GlossaryKpis glossary = new GlossaryKpis(lake, LocalDate.parse(FROM), LocalDate.parse(TO));
    String[] creators = {"query", "--metrics", "active_creators", "--by", "item_type", "--dense", "--grain", "month", "--from", FROM, "--to", TO, "--format", "json"};
    String[] tShirts = {"query", "--metrics", "gmv", "--grain", "week", "--where", "item_type = 't-shirt'", "--from", FROM, "--to", TO, "--format", "json"};
    for (String[] query : List.of(creators, tShirts)) {
      TableData expected = query == creators
          ? glossary.monthlyActiveCreatorsByItemType(LocalDate.parse(FROM), LocalDate.parse(TO))
          : glossary.weeklyGmvOf("t-shirt", LocalDate.parse(FROM), LocalDate.parse(TO));
      TableData onEmbedded = answer(embeddedWarehouse(query), expected.columns());
      TableData onBigQuery = answer(onBigQuery(query), expected.columns());
      assertThat(onEmbedded.canonicalRows()).as("embedded: %s", String.join(" ", query)).containsExactlyElementsOf(expected.canonicalRows());
      assertThat(onBigQuery.rows()).as("BigQuery: %s", String.join(" ", query)).isEqualTo(onEmbedded.rows());
    }
    bigquery.bytesFor(sql -> sql.contains("query: gmv per week"), 123_456_789L);
    Cli.Result explain = onBigQuery("query", "--metrics", "gmv", "--grain", "week", "--where", "item_type = 't-shirt'", "--from", FROM, "--to", TO, "--explain", "--maximum-bytes-billed", "1000000000");
    assertThat(explain.out)
        .startsWith("answered from: the warehouse tables\n")
        .contains("bytes processed: 123456789 (")
        .contains("-- query: gmv per week where item_type = 't-shirt'\n")
        .contains("`example-project.warehouse.fct_order_items`");
    JsonObject dryRun = bigquery.jobInserts().get(bigquery.jobInserts().size() - 1).getAsJsonObject("configuration");
    assertThat(dryRun.get("dryRun").getAsBoolean()).isTrue();
    assertThat(dryRun.getAsJsonObject("query").get("maximumBytesBilled").getAsString()).isEqualTo("1000000000");
    onBigQuery("query", "--metrics", "gmv", "--grain", "week", "--from", FROM, "--to", TO, "--maximum-bytes-billed", "1000000000");
    JsonObject read = bigquery.jobInserts().get(bigquery.jobInserts().size() - 1).getAsJsonObject("configuration");
    assertThat(read.has("dryRun") && read.get("dryRun").getAsBoolean()).as("the read itself").isFalse();
    assertThat(read.getAsJsonObject("query").get("maximumBytesBilled").getAsString()).isEqualTo("1000000000");
    assertThat(read.getAsJsonObject("labels").get("kpi_read").getAsString()).isEqualTo("query_query");
  }

  private Cli.Result embeddedWarehouse(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", folder.resolve("data").toString()));
    return ok(Cli.run(all.toArray(String[]::new)));
  }

  /** The rows of a {@code kpi query --format json} answer, typed as the columns say. */
  private static TableData answer(Cli.Result result, List<TableData.Column> columns) {
    List<List<Object>> rows = new ArrayList<>();
    for (var element : JsonParser.parseString(result.out).getAsJsonObject().getAsJsonArray("rows")) {
      JsonObject row = element.getAsJsonObject();
      List<Object> values = new ArrayList<>();
      for (TableData.Column column : columns) {
        var value = row.get(column.name());
        values.add(
            value == null || value.isJsonNull()
                ? null
                : switch (column.type()) {
                  case DATE -> LocalDate.parse(value.getAsString());
                  case INT64 -> value.getAsLong();
                  case NUMERIC -> value.getAsBigDecimal();
                  default -> value.getAsString();
                });
      }
      rows.add(values);
    }
    return new TableData(columns, rows);
  }

  @Test
  void aLateCancellationChangesTheNumbersOnTheNextRun() throws Exception {
    embedded("backfill", "--from", FROM, "--to", TO);
    onBigQuery("backfill", "--from", FROM, "--to", TO);
    Map<TableRef, TableData> before = sameRowsOnBothEngines();

    // Order 10 of 2 March is cancelled on 5 March: the run of the 5th looks back over it.
    lake.status(10, "cancelled");
    writeLake();
    embedded("run", "--date", TO);
    onBigQuery("run", "--date", TO);

    Map<TableRef, TableData> after = sameRowsOnBothEngines();
    TableRef daily = TableRef.of(Layer.MART, "kpi_daily");
    assertThat(after.get(daily).rowsWhere("business_date", LocalDate.parse("2021-03-02")))
        .isNotEqualTo(before.get(daily).rowsWhere("business_date", LocalDate.parse("2021-03-02")));
  }

  @Test
  void forceRebuildsDatesTheLedgerSaysAreBuilt() throws Exception {
    embedded("backfill", "--from", FROM, "--to", TO);
    onBigQuery("backfill", "--from", FROM, "--to", TO);
    Map<TableRef, TableData> built = sameRowsOnBothEngines();

    // A correction far outside any run's look-back: only a forced backfill picks it up.
    lake.status(6, "refunded");
    writeLake();
    Cli.Result skipped = onBigQuery("backfill", "--from", FROM, "--to", TO);
    assertThat(canonical(bigQueryRows())).isEqualTo(canonical(built));
    assertThat(skipped.err).doesNotContain("built mart.");

    embedded("backfill", "--force", "--from", FROM, "--to", TO);
    onBigQuery("backfill", "--force", "--from", FROM, "--to", TO);
    assertThat(canonical(sameRowsOnBothEngines())).isNotEqualTo(canonical(built));
  }

  @Test
  void aFailedJobRunAgainUnderTheSameRunIdEndsWithTheRightRows() throws Exception {
    bigquery.failJobsMatching(
        sql -> sql.contains("INSERT INTO `" + PROJECT + ".mart.kpi_monthly`"),
        "resourcesExceeded",
        "Resources exceeded during query execution: The query could not be executed in the allotted memory.",
        1);
    Cli.Result failed = Cli.run(bigQueryArgs("run", "--date", TO, "--run-id", "scheduled__2021-03-05"));
    assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
    assertThat(failed.err).contains("Resources exceeded during query execution", "_a1");

    Cli.Result retried = onBigQuery("run", "--date", TO, "--run-id", "scheduled__2021-03-05");
    assertThat(retried.err).contains("re-using job", "of an earlier attempt failed", "starting attempt 2");

    embedded("run", "--date", TO);
    sameRowsOnBothEngines();
  }

  @Test
  void aTransientJobErrorIsRetriedInProcess() throws Exception {
    bigquery.failJobsMatching(
        sql -> sql.contains("INSERT INTO `" + PROJECT + ".warehouse.fct_order_items`"),
        "backendError",
        "Error encountered during execution. Retrying may solve the problem.",
        2);
    Cli.Result run = onBigQuery("backfill", "--from", FROM, "--to", TO);
    assertThat(run.err).contains("failed with a transient error", "as attempt 3");

    embedded("backfill", "--from", FROM, "--to", TO);
    sameRowsOnBothEngines();
  }

  @Test
  void aRunKilledMidwayAndRunAgainRepairs() throws Exception {
    FakeBigQuery.Hold weekly = bigquery.holdJobsMatching(sql -> sql.contains("INSERT INTO `" + PROJECT + ".mart.kpi_weekly`"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dkpi.bigquery.retry-delay-ms=5");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.kpi.runtime.cli.KpiCli");
    command.addAll(List.of(bigQueryArgs("backfill", "--from", FROM, "--to", TO, "--run-id", "manual__killed")));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(folder.resolve("killed.log").toFile()).start();
    try {
      assertThat(weekly.awaitHeld(Duration.ofSeconds(90))).as("the backfill reached kpi_weekly: %s", log("killed.log")).isTrue();
    } finally {
      process.destroyForcibly(); // SIGKILL: no shutdown hook runs
      process.waitFor(30, TimeUnit.SECONDS);
    }
    // BigQuery finishes a job whose client died: the held build commits whole.
    weekly.release();

    Cli.Result again = onBigQuery("backfill", "--from", FROM, "--to", TO, "--run-id", "manual__killed");
    assertThat(again.err).contains("built mart.kpi_monthly");

    embedded("backfill", "--from", FROM, "--to", TO);
    sameRowsOnBothEngines();
  }

  // ------------------------------------------------------------------ the two engines

  /**
   * A ledger made by a kpi before it recorded lake rows and warnings: status reads it (the new
   * columns as NULL), and the next run adds the columns and fills them for the dates it builds.
   */
  @Test
  void aLedgerWithoutTheLakeColumnsIsReadAndThenAligned() throws Exception {
    bigquery.addDataset("warehouse");
    bigquery.addTable(
        "warehouse",
        "kpi_built_dates",
        FakeBigQuery.tableResource(List.of("table_name:STRING", "business_date:DATE", "fingerprint:STRING", "job_id:STRING", "built_at:TIMESTAMP"), "REQUIRED", null));

    Cli.Result status = onBigQuery("status");
    assertThat(status.exitCode).as(status.toString()).isZero();
    assertThat(status.out).contains("nothing is built yet");
    Cli.Result run = onBigQuery("backfill", "--from", FROM, "--to", TO);
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(bigquery.rows("warehouse", "kpi_built_dates").columnNames()).contains("lake_rows", "lake_warnings");
    assertThat(bigquery.rows("warehouse", "kpi_built_dates").rowsWhere("table_name", "warehouse.fct_order_items"))
        .isNotEmpty()
        .allMatch(row -> row.get("lake_rows") != null && row.get("lake_rows").toString().contains("orders="));
  }

  private Cli.Result embedded(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", folder.resolve("data").toString(), "--lake", folder.resolve("lake").toString()));
    return ok(Cli.run(all.toArray(String[]::new)));
  }

  private Cli.Result onBigQuery(String... args) {
    return ok(Cli.run(bigQueryArgs(args)));
  }

  private String[] bigQueryArgs(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--target", "bigquery", "--project", PROJECT, "--location", FakeBigQuery.LOCATION, "--bigquery-endpoint", bigquery.url()));
    return all.toArray(String[]::new);
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exitCode).as(result.toString()).isZero();
    return result;
  }

  /** Both engines' tables, asserted equal row for row; returns them. */
  private Map<TableRef, TableData> sameRowsOnBothEngines() throws Exception {
    Map<TableRef, TableData> embedded = embeddedRows();
    Map<TableRef, TableData> bigQuery = bigQueryRows();
    for (TableRef table : BUILT.keySet()) {
      assertThat(bigQuery.get(table).canonicalRows()).as("%s on BigQuery and on the embedded engine", table)
          .containsExactlyElementsOf(embedded.get(table).canonicalRows());
    }
    return bigQuery;
  }

  private Map<TableRef, TableData> embeddedRows() throws Exception {
    Map<TableRef, TableData> out = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + folder.resolve("data").resolve("embedded.duckdb"))) {
      for (Map.Entry<TableRef, TableDdl> table : BUILT.entrySet()) {
        out.put(table.getKey(), DuckDbBuildRunner.read(connection, table.getKey(), table.getValue()));
      }
    }
    return out;
  }

  private Map<TableRef, TableData> bigQueryRows() {
    Map<TableRef, TableData> out = new LinkedHashMap<>();
    for (Map.Entry<TableRef, TableDdl> table : BUILT.entrySet()) {
      String dataset = table.getKey().layer().name().toLowerCase(Locale.ROOT);
      List<String> columns = table.getValue().columns().stream().map(c -> c.name()).toList();
      out.put(table.getKey(), bigquery.rows(dataset, table.getKey().name()).select(columns));
    }
    return out;
  }

  private static Map<TableRef, List<String>> canonical(Map<TableRef, TableData> tables) {
    Map<TableRef, List<String>> out = new LinkedHashMap<>();
    tables.forEach((table, data) -> out.put(table, data.canonicalRows()));
    return out;
  }

  private static Map<TableRef, TableDdl> builtTables() {
    Map<TableRef, TableDdl> out = new LinkedHashMap<>();
    for (CompiledStatement statement : Compiler.forDialect(BIGQUERY).compile(SHOP)) {
      TableRef table = statement.step().table();
      if (table.layer() != Layer.LAKE) {
        statement.table().ifPresent(ddl -> out.put(table, ddl));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ the lake, in both places

  /** The fixture as Parquet files for the embedded engine, and as the lake dataset's tables on BigQuery. */
  private void writeLake() throws Exception {
    lake.writeParquet(folder.resolve("lake"));
    Map<String, TableData> tables = lake.tables();
    Map<String, String> ranged = LakeReads.rangeColumns(SHOP);
    for (LakeTable table : SHOP.lakeTables()) {
      JsonArray fields = new JsonArray();
      for (LakeColumn column : table.columns()) {
        JsonObject field = new JsonObject();
        field.addProperty("name", column.name());
        field.addProperty("type", BIGQUERY.typeName(column.type()));
        field.addProperty("mode", column.nullable() ? "NULLABLE" : "REQUIRED");
        fields.add(field);
      }
      JsonObject schema = new JsonObject();
      schema.add("fields", fields);
      JsonObject resource = new JsonObject();
      resource.add("schema", schema);
      if (ranged.containsKey(table.name())) {
        JsonObject partitioning = new JsonObject();
        partitioning.addProperty("type", "DAY");
        partitioning.addProperty("field", ranged.get(table.name()));
        resource.add("timePartitioning", partitioning);
      }
      bigquery.addTable("lake", table.name(), resource);
      bigquery.replaceRows("lake", table.name(), tables.get(table.name()));
    }
  }

  private String log(String name) {
    try {
      return Files.readString(folder.resolve(name));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
