package dev.kpi.app;

import dev.kpi.runtime.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.kpi.definitions.shop.Items;
import dev.kpi.definitions.shop.KpiMarts;
import dev.kpi.definitions.shop.Kpis;
import dev.kpi.definitions.shop.OrderItems;
import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.WarehouseColumn;
import dev.kpi.model.warehouse.WarehouseTable;
import dev.kpi.bigquery.FakeBigQuery;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.render.BuiltDatesSql;
import dev.kpi.sql.render.LakeCheckSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code kpi} command on the shop's catalog with {@code --target bigquery}, its official
 * client pointed at {@link FakeBigQuery} (a local BigQuery REST server that records every
 * request; no Google account, no credentials): the datasets, tables and query jobs it asks
 * BigQuery for, and what it does when BigQuery fails, repeats itself or answers 5xx.
 */
class BigQueryTargetTest {
  static {
    // Before kpi's classes load: BigQuerySettings reads it once. Jobs retried in-process wait
    // 5 ms, 10 ms, 20 ms instead of 1 s, 2 s, 4 s.
    System.setProperty("kpi.bigquery.retry-delay-ms", "5");
  }

  private static final String PROJECT = "example-project";
  private static final String LOCATION = "asia-northeast1";
  private static final String DATE = "2026-11-24";
  private static final String RUN_ID = "scheduled__2026-11-24T21:00:00+00:00";
  /** The run id as it appears in job ids: BigQuery allows letters, digits, _ and - only. */
  private static final String RUN_ID_IN_JOB_ID = "scheduled__2026-11-24T21_00_00_00_00";
  /** The run part of job ids of an invocation without --run-id: inv, its UTC time, 8 characters of a UUID. */
  private static final String INVOCATION = "inv[0-9]{8}T[0-9]{6}_[0-9a-f]{8}";
  /** The job timeout every job carries by default: 45 minutes. */
  private static final String DEFAULT_JOB_TIMEOUT_MS = "2700000";

  /** The builds of a daily run, in the plan's order. */
  private static final List<String> BUILDS =
      List.of(
          "warehouse.dim_items",
          "warehouse.fct_order_items",
          "mart.kpi_daily",
          "mart.kpi_daily_by_item_type",
          "mart.kpi_weekly",
          "mart.kpi_monthly");

  private static final Path GOLDEN = Paths.get("..", "definitions", "src", "test", "golden", "bigquery");
  private static final String V2 = "/bigquery/v2/projects/" + PROJECT;

  private static final Catalog SHOP = ShopCatalog.build();
  private static final BigQueryDialect DIALECT = BigQueryDialect.forProject(PROJECT);
  /** The lake check's SQL as kpi-sql writes it for the project's default datasets. */
  private static final LakeCheckSql CHECK = new LakeCheckSql(DIALECT, SHOP);
  /** The ledger's SQL: its MERGE goes into each windowed build's script, before the COMMIT. */
  private static final BuiltDatesSql LEDGER = new BuiltDatesSql(DIALECT);

  private FakeBigQuery fake;

  @BeforeEach
  void startBigQuery() {
    fake = FakeBigQuery.start();
    // The lake check's counting queries find a clean lake unless a test says otherwise.
    for (LakeTable table : SHOP.lakeTables()) {
      lakeCounts(table.name(), Map.of());
      for (var reference : LakeCheckSql.references(table)) {
        Set<String> relationship = new java.util.HashSet<>(List.of(CHECK.relationship(table, reference, Optional.empty()), CHECK.relationship(table, reference, range(table.name()))));
        fake.resultsFor(relationship::contains, "missing_rows:INT64, other_date_rows:INT64", List.of(List.of(0, 0)));
      }
    }
  }

  @AfterEach
  void stopBigQuery() {
    fake.close();
  }

  // ------------------------------------------------------------------------------ a daily run

  @Test
  void runCreatesWhatIsMissingAndRunsEachBuildAsAQueryJob() throws IOException {
    Cli.Result run = ok("run", "--date", DATE, "--run-id", RUN_ID);

    // Datasets: the warehouse's and the mart's, once each, in the location; never the lake.
    assertThat(fake.datasetInserts()).containsExactly("warehouse", "mart");
    assertThat(fake.hasDataset("lake")).isFalse();
    for (JsonObject dataset : bodies("POST", V2 + "/datasets")) {
      assertThat(dataset.get("location").getAsString()).isEqualTo(LOCATION);
      assertThat(labels(dataset)).containsEntry("kpi", "shop");
    }
    assertThat(run.err).contains("created dataset example-project.warehouse", "created dataset example-project.mart");

    // Tables: partitioning, clustering, require_partition_filter, descriptions, labels.
    Map<String, JsonObject> tables = new LinkedHashMap<>();
    for (JsonObject insert : fake.tableInserts()) {
      JsonObject reference = insert.getAsJsonObject("tableReference");
      assertThat(reference.get("projectId").getAsString()).isEqualTo(PROJECT);
      tables.put(reference.get("datasetId").getAsString() + "." + reference.get("tableId").getAsString(), insert);
    }
    // The builds' tables and kpi's ledger of built dates.
    assertThat(fake.tableInserts()).hasSize(7);
    List<String> expectedTables = new ArrayList<>(BUILDS);
    expectedTables.add("warehouse.kpi_built_dates");
    assertThat(tables.keySet()).containsExactlyInAnyOrderElementsOf(expectedTables);
    assertThat(clustering(tables.get("warehouse.kpi_built_dates"))).containsExactly("table_name");

    assertPartitioning(tables.get("warehouse.dim_items"), null);
    assertPartitioning(tables.get("warehouse.fct_order_items"), "business_date");
    assertPartitioning(tables.get("mart.kpi_daily"), "business_date");
    assertPartitioning(tables.get("mart.kpi_daily_by_item_type"), "business_date");
    assertPartitioning(tables.get("mart.kpi_weekly"), "week_start");
    assertPartitioning(tables.get("mart.kpi_monthly"), "month_start");

    assertThat(clustering(tables.get("warehouse.fct_order_items"))).containsExactly("status", "item_id");
    assertThat(clustering(tables.get("mart.kpi_daily_by_item_type"))).containsExactly("item_type");
    for (String table : List.of("warehouse.dim_items", "mart.kpi_daily", "mart.kpi_weekly", "mart.kpi_monthly")) {
      assertThat(tables.get(table).has("clustering")).as(table + " is not clustered").isFalse();
    }
    tables.remove("warehouse.kpi_built_dates");

    tables.forEach(
        (table, insert) -> {
          boolean fact = table.equals("warehouse.fct_order_items");
          assertThat(isTrue(insert, "requirePartitionFilter")).as(table + ": requirePartitionFilter").isEqualTo(fact);
          assertThat(labels(insert)).as(table + ": labels").containsEntry("kpi", "shop").containsEntry("kpi_table", table.replace('.', '_'));
        });

    // Descriptions: the definitions' own words, on the table and on every column.
    assertThat(description(tables.get("warehouse.dim_items")))
        .isEqualTo("Item types products are made on, one row per item, with the base price. Owner: data-platform.");
    assertWarehouseTable(tables.get("warehouse.dim_items"), Items.DIM_ITEMS);
    assertWarehouseTable(tables.get("warehouse.fct_order_items"), OrderItems.FCT_ORDER_ITEMS);
    assertThat(field(tables.get("warehouse.fct_order_items"), "business_date").get("mode").getAsString()).isEqualTo("REQUIRED");
    assertThat(field(tables.get("warehouse.fct_order_items"), "business_date").get("type").getAsString()).isEqualTo("DATE");
    assertThat(field(tables.get("warehouse.fct_order_items"), "line_amount").get("type").getAsString()).isEqualTo("NUMERIC");
    assertThat(field(tables.get("warehouse.fct_order_items"), "ordered_at").get("type").getAsString()).isEqualTo("TIMESTAMP");
    assertThat(field(tables.get("warehouse.fct_order_items"), "order_item_id").get("type").getAsString()).isEqualTo("INTEGER");
    for (Mart mart : List.of(KpiMarts.KPI_DAILY, KpiMarts.KPI_DAILY_BY_ITEM_TYPE, KpiMarts.KPI_WEEKLY, KpiMarts.KPI_MONTHLY)) {
      assertMart(tables.get("mart." + mart.name()), mart);
    }
    assertThat(description(field(tables.get("mart.kpi_daily"), "gmv")))
        .isEqualTo("GMV (流通総額): " + Kpis.GMV.description());
    assertThat(description(field(tables.get("mart.kpi_daily"), "business_date")))
        .isEqualTo("First business date (Asia/Tokyo) of the day of the row.");
    assertThat(description(field(tables.get("mart.kpi_daily_by_item_type"), "item_type")))
        .contains(Kpis.ITEM_TYPE.description());

    // Jobs: one query job per build, in the plan's order: the golden SQL (a windowed build's
    // with the ledger's MERGE inside its transaction), typed parameters, the job timeout.
    List<JsonObject> all = jobInserts();
    List<JsonObject> jobs = windowJobs(all);
    assertThat(jobs).hasSize(BUILDS.size());
    for (int i = 0; i < BUILDS.size(); i++) {
      String build = BUILDS.get(i);
      JsonObject job = jobs.get(i);
      String layer = build.substring(0, build.indexOf('.'));
      String table = build.substring(build.indexOf('.') + 1);
      boolean windowed = !table.equals("dim_items");

      JsonObject reference = job.getAsJsonObject("jobReference");
      assertThat(reference.get("projectId").getAsString()).isEqualTo(PROJECT);
      assertThat(reference.get("location").getAsString()).as(build + ": location").isEqualTo(LOCATION);
      String expectedId =
          "kpi_" + layer + "_" + table + (windowed ? "_20261121_20261124" : "") + "_[0-9a-f]{16}_" + Pattern.quote(RUN_ID_IN_JOB_ID) + "_a1";
      String id = reference.get("jobId").getAsString();
      assertThat(id).as(build + ": job id").matches(expectedId);

      JsonObject configuration = job.getAsJsonObject("configuration");
      assertThat(isTrue(configuration, "dryRun")).as(build + ": not a dry run").isFalse();
      assertThat(configuration.get("jobTimeoutMs").getAsString()).as(build + ": job timeout").isEqualTo(DEFAULT_JOB_TIMEOUT_MS);
      JsonObject query = configuration.getAsJsonObject("query");
      assertThat(query.has("maximumBytesBilled")).as(build + ": no cost limit unless asked for").isFalse();
      assertThat(query.get("query").getAsString()).as(build + ": the golden SQL").isEqualTo(buildScript(build));
      assertThat(query.get("useLegacySql").getAsBoolean()).as(build + ": legacy SQL off").isFalse();
      assertThat(query.has("destinationTable")).as(build + ": a script writes its own tables").isFalse();
      if (windowed) {
        // The ledger's record shares the window and adds the table, the definition, the job, the
        // lake rows a warehouse build read per date (none here: the fake's lake counts no rows)
        // and the lake check's warnings (none).
        String lakeRows = build.startsWith("warehouse.") ? String.join(";", Collections.nCopies(4, "order_items=0,orders=0")) : "NULL";
        assertThat(parameters(query)).as(build + ": parameters").containsExactlyInAnyOrder(
            "start_date DATE 2026-11-21", "end_date DATE 2026-11-24",
            "table_name STRING " + build, "fingerprint STRING " + fingerprint(id), "job_id STRING " + id,
            "lake_rows STRING " + lakeRows, "lake_warnings STRING NULL");
      } else {
        assertThat(parameters(query)).as(build + ": parameters").isEmpty();
      }

      Map<String, String> labels = labels(configuration);
      assertThat(labels).as(build + ": labels")
          .containsEntry("kpi", "shop")
          .containsEntry("kpi_table", layer + "_" + table)
          .containsEntry("run_date", DATE);
      assertThat(labels.get("kpi_attempt")).as(build + ": the attempt's token").matches("[0-9a-f]{16}");
      if (windowed) {
        assertThat(labels).containsEntry("start_date", "2026-11-21");
      }
      assertThat(run.err).contains("built " + build + (windowed ? " 2026-11-21..2026-11-24" : "") + ": job " + id + ", 0 B processed\n");
    }
    assertThat(jobs.stream().map(j -> labels(j.getAsJsonObject("configuration")).get("kpi_attempt")))
        .as("a token of its own on every job").doesNotHaveDuplicates();
    // Before its window, each table's history the ledger lacks: a first run gives complete
    // 28-day numbers and week-on-week comparisons; those builds record their dates the same way.
    assertThat(historyJobs(all)).containsExactlyElementsOf(HISTORY);
    for (JsonObject history : all) {
      if (jobs.contains(history)) {
        continue;
      }
      String build = labels(history.getAsJsonObject("configuration")).get("kpi_table").replaceFirst("_", ".");
      String id = jobIds(List.of(history)).get(0);
      assertThat(query(history)).as(id).isEqualTo(buildScript(build));
      assertThat(parameters(history.getAsJsonObject("configuration").getAsJsonObject("query")))
          .as(id).contains("table_name STRING " + build, "fingerprint STRING " + fingerprint(id), "job_id STRING " + id);
    }
    // No job of its own for the ledger: every job is a build's.
    assertThat(all).hasSize(BUILDS.size() + HISTORY.size());
    assertThat(forgetJobs()).isEmpty();
    assertThat(fake.builtDates()).contains("mart.kpi_monthly 2026-11-24 " + fingerprint(jobIds(jobs).get(5)));
    assertThat(fake.builtDates()).contains("warehouse.fct_order_items 2026-10-18 " + fingerprint(jobIds(jobs).get(1)));

    List<String> firstIds = jobIds(all);
    assertThat(firstIds).doesNotHaveDuplicates();
    firstIds.forEach(id -> assertThat(fake.job(id)).as(id + " stored").isPresent());
    assertThat(acceptedJobInserts()).as("BigQuery accepted every build job").isEqualTo(firstIds);

    // After the builds, the date's KPIs are read back with a query of the marts.
    assertThat(readJobs()).extracting(j -> labels(j.getAsJsonObject("configuration")).get("kpi_read")).contains("kpi_daily");
    assertThat(run.out).contains("KPIs of " + DATE);

    // The same run again (the same --run-id): nothing to create or alter, no history (the
    // ledger has it), the same job ids for the window, which it re-uses.
    fake.clearRequests();
    Cli.Result again = ok("run", "--date", DATE, "--run-id", RUN_ID);
    assertThat(fake.datasetInserts()).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();
    assertThat(fake.tableUpdates()).isEmpty();
    assertThat(requests("DELETE", null)).isEmpty();
    assertThat(historyJobs(jobInserts())).isEmpty();
    assertThat(jobIds(jobInserts())).as("job ids are deterministic for one --run-id").isEqualTo(jobIds(jobs));
    assertThat(acceptedJobInserts()).isEmpty();
    assertThat(again.err).contains("re-using job " + jobIds(jobs).get(0) + ", started by an earlier attempt of this run");
  }

  @Test
  void aRetriedTaskWaitsForItsJobsInsteadOfWritingTwice() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    assertThat(jobIds(jobInserts())).doesNotHaveDuplicates();
    assertThat(acceptedJobInserts()).isEqualTo(jobIds(jobInserts()));
    // What a retry asks for again: the window's builds (the history is done).
    List<String> ids = jobIds(windowJobs(jobInserts()));
    assertThat(ids).hasSize(BUILDS.size()).allMatch(id -> id.endsWith("_" + RUN_ID_IN_JOB_ID + "_a1"));
    Set<String> builtBefore = new HashSet<>(fake.builtDates());

    // Airflow retries the task: the same run id, so the same job ids. BigQuery answers 409;
    // the client re-attaches to jobs under a day old by itself, and kpi sees by the token
    // label that an earlier attempt started them: it re-uses them and writes nothing twice.
    fake.clearRequests();
    Cli.Result retry = ok("run", "--date", DATE, "--run-id", RUN_ID);
    assertThat(jobIds(jobInserts())).isEqualTo(ids);
    assertThat(buildJobRequests()).as(retry.toString()).extracting(FakeBigQuery.Recorded::status).containsOnly(409);
    assertThat(acceptedJobInserts()).as("nothing was written twice").isEmpty();
    for (String id : ids) {
      assertThat(requests("GET", V2 + "/jobs/" + id)).as("the existing job " + id + " was read").isNotEmpty();
      assertThat(fake.job(id)).isPresent();
      assertThat(retry.err).contains(": re-using job " + id + ", started by an earlier attempt of this run at ");
      assertThat(retry.err).contains(": job " + id + ", 0 B processed, re-used from an earlier attempt\n");
    }
    for (String build : BUILDS) {
      assertThat(retry.err).contains("built " + build + (build.equals("warehouse.dim_items") ? "" : " 2026-11-21..2026-11-24") + ": job ");
    }
    assertThat(retry.err).doesNotContain("starting attempt 2");
    assertThat(fake.builtDates()).as("the ledger as the first attempt left it").containsExactlyInAnyOrderElementsOf(builtBefore);

    // Jobs over a day old (a task retried the next day): the client lets the 409 through;
    // kpi reads the existing job itself and re-uses it the same way.
    String nextDay = "manual__2026-11-25";
    fake.clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-2)));
    fake.clearRequests();
    ok("run", "--date", DATE, "--run-id", nextDay);
    fake.clock(Clock.systemUTC());
    List<String> oldIds = jobIds(jobInserts());
    assertThat(oldIds).hasSize(BUILDS.size());
    assertThat(oldIds).allMatch(id -> id.endsWith("_" + nextDay + "_a1")).doesNotContainAnyElementsOf(ids);
    assertThat(acceptedJobInserts()).isEqualTo(oldIds);
    fake.clearRequests();
    Cli.Result late = ok("run", "--date", DATE, "--run-id", nextDay);
    assertThat(jobIds(jobInserts())).isEqualTo(oldIds);
    assertThat(buildJobRequests()).as(late.toString()).extracting(FakeBigQuery.Recorded::status).containsOnly(409);
    assertThat(acceptedJobInserts()).isEmpty();
    for (String id : oldIds) {
      assertThat(requests("GET", V2 + "/jobs/" + id)).as("kpi read the existing job " + id).isNotEmpty();
      assertThat(late.err).contains(": re-using job " + id + ", started by an earlier attempt of this run at ");
    }
  }

  @Test
  void aSecondRunOfADateWithoutARunIdStartsNewJobsThatBigQueryRuns() {
    // Without --run-id each invocation is a run of its own: a second run of a date (someone
    // rerunning it by hand after fixing the lake) really builds it again; it used to re-attach
    // to the first run's jobs and silently rebuild nothing.
    Cli.Result first = ok("run", "--date", DATE, "--bigquery-endpoint", fake.url());
    List<String> firstIds = jobIds(windowJobs(jobInserts()));
    assertThat(firstIds).hasSize(BUILDS.size()).allMatch(id -> id.matches(".*_[0-9a-f]{16}_" + INVOCATION + "_a1"));
    assertThat(firstIds.stream().map(BigQueryTargetTest::runOf).distinct()).as("one invocation id for the whole run").hasSize(1);
    assertThat(first.err).contains("built mart.kpi_daily 2026-11-21..2026-11-24: job " + firstIds.get(2) + ", 0 B processed");

    fake.clearRequests();
    Cli.Result second = ok("run", "--date", DATE, "--bigquery-endpoint", fake.url());
    List<String> secondIds = jobIds(jobInserts());
    assertThat(secondIds).as("the window's builds again, no history").hasSize(BUILDS.size()).doesNotContainAnyElementsOf(firstIds);
    assertThat(secondIds.stream().map(BigQueryTargetTest::runOf).distinct()).hasSize(1).doesNotContain(runOf(firstIds.get(0)));
    assertThat(buildJobRequests()).as(second.toString()).extracting(FakeBigQuery.Recorded::status).containsOnly(200);
    assertThat(acceptedJobInserts()).as("BigQuery ran every build again").isEqualTo(secondIds);
    assertThat(second.err).doesNotContain("re-using job");
    for (int i = 0; i < BUILDS.size(); i++) {
      assertThat(secondIds.get(i)).startsWith(BUILDS.get(i).replaceFirst("^", "kpi_").replace('.', '_') + "_");
      assertThat(fake.job(secondIds.get(i)).orElseThrow().getAsJsonObject("status").has("errorResult")).isFalse();
    }
  }

  @Test
  void theDimensionIsRebuiltByEveryRun() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    fake.clearRequests();

    // The next day's run: dim_items (no window, rebuilt whole) runs again, under the new run's id.
    Cli.Result next = ok("run", "--date", "2026-11-25", "--run-id", "scheduled__2026-11-25");

    List<String> dimension =
        acceptedJobInserts().stream().filter(id -> id.startsWith("kpi_warehouse_dim_items_")).collect(Collectors.toList());
    assertThat(dimension).as(next.toString()).hasSize(1);
    assertThat(dimension.get(0)).matches("kpi_warehouse_dim_items_[0-9a-f]{16}_scheduled__2026-11-25_a1");
    assertThat(query(jobInserts().get(0))).isEqualTo(buildScript("warehouse.dim_items"));
    assertThat(next.err).contains("built warehouse.dim_items: job " + dimension.get(0) + ", 0 B processed\n");
    assertThat(acceptedJobInserts()).as("and every windowed table for the new window").hasSize(BUILDS.size());
  }

  // ------------------------------------------------------------------------------ the dry run

  @Test
  void dryRunPrintsTheBytesEachStatementWouldProcess() {
    long fact = 52_428_800L;
    long dimension = 4_096L;
    fake.bytesFor(q -> q.contains("`example-project.lake.order_items`"), fact);
    fake.bytesFor(q -> q.contains("`example-project.lake.items`"), dimension);
    // The lake check's counting queries: the key and NOT NULL columns only.
    long check = 2_048L;
    fake.bytesFor(q -> q.contains("AS " + LakeCheckSql.CHECKED_ROWS), check);
    // The rows per date the shrink guard compares: the timestamp only.
    long volume = 1_024L;
    fake.bytesFor(q -> q.startsWith("SELECT " + LakeCheckSql.BUSINESS_DATE + ", COUNT(*) AS " + LakeCheckSql.ROW_COUNT), volume);

    Cli.Result dryRun = ok("run", "--date", DATE, "--dry-run");

    long mart = FakeBigQuery.DEFAULT_DRY_RUN_BYTES;
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("warehouse.dim_items.build", dimension);
    expected.put("warehouse.fct_order_items.build 2026-11-21..2026-11-24", fact);
    expected.put("mart.kpi_daily.build 2026-11-21..2026-11-24", mart);
    expected.put("mart.kpi_daily_by_item_type.build 2026-11-21..2026-11-24", mart);
    expected.put("mart.kpi_weekly.build 2026-11-21..2026-11-24", mart);
    expected.put("mart.kpi_monthly.build 2026-11-21..2026-11-24", mart);
    // A first run also builds the history the ledger lacks: its cost shows too.
    expected.put("warehouse.fct_order_items.build 2026-10-18..2026-11-20", fact);
    expected.put("mart.kpi_daily.build 2026-11-14..2026-11-20", mart);
    expected.put("mart.kpi_daily_by_item_type.build 2026-11-14..2026-11-20", mart);
    List<String> lines = dryRun.out.lines().collect(Collectors.toList());
    for (Map.Entry<String, Long> step : expected.entrySet()) {
      assertThat(lines)
          .as(dryRun.toString())
          .anyMatch(line -> line.matches("\\s*" + Pattern.quote(step.getKey()) + "\\s+" + Pattern.quote(grouped(step.getValue())) + " bytes .*"));
    }
    // The lake check a run starts with costs too: the tables read by range on the run's dates.
    for (LakeTable table : SHOP.lakeTables()) {
      expected.put("lake check " + table.name() + (range(table.name()).isPresent() ? " 2026-10-18..2026-11-24" : ""), check);
      range(table.name()).ifPresent(r -> expected.put("lake rows per date " + table.name() + " 2026-10-18..2026-11-24", volume));
    }
    long total = expected.values().stream().mapToLong(Long::longValue).sum();
    assertThat(total).isEqualTo(2 * fact + dimension + 6 * mart + SHOP.lakeTables().size() * check + LakeReads.rangeColumns(SHOP).size() * volume);
    assertThat(lines).anyMatch(line -> line.matches("\\s*total\\s+" + Pattern.quote(grouped(total)) + " bytes .*"));

    // The table comes first, under its heading; the lake check's dry runs before the builds'.
    assertThat(dryRun.out).startsWith("dry run: bytes each statement would process");
    assertThat(dryRun.out).doesNotContain("BigQuery dry run");
    int firstCheckLine = indexOf(lines, "lake check ");
    int firstBuildLine = indexOf(lines, "warehouse.dim_items.build");
    assertThat(firstCheckLine).as(dryRun.out).isPositive().isLessThan(firstBuildLine);

    // Every job is a dry run of the build's whole script (its DELETE and the ledger's MERGE
    // too), with its parameters, location, labels and job timeout; nothing is created.
    assertThat(jobInserts()).hasSize(BUILDS.size() + HISTORY.size()).allMatch(j -> isTrue(j.getAsJsonObject("configuration"), "dryRun"));
    assertThat(checkJobs()).hasSize(SHOP.lakeTables().size() + LakeReads.rangeColumns(SHOP).size()).allMatch(j -> isTrue(j.getAsJsonObject("configuration"), "dryRun"));
    for (JsonObject job : checkJobs()) {
      String table = labels(job.getAsJsonObject("configuration")).get("kpi_table").substring(5);
      // The table's counting query, or (read by range) its rows per date.
      assertThat(query(job)).isIn(CHECK.counts(lake(table), range(table)), range(table).map(r -> CHECK.volume(lake(table), r)).orElse(null));
    }
    assertThat(historyJobs(jobInserts())).containsExactlyElementsOf(HISTORY);
    List<JsonObject> jobs = windowJobs(jobInserts());
    assertThat(jobs).hasSize(BUILDS.size());
    for (int i = 0; i < jobs.size(); i++) {
      JsonObject job = jobs.get(i);
      String build = BUILDS.get(i);
      JsonObject configuration = job.getAsJsonObject("configuration");
      assertThat(isTrue(configuration, "dryRun")).as(build + ": dry run").isTrue();
      assertThat(job.getAsJsonObject("jobReference").get("location").getAsString()).isEqualTo(LOCATION);
      assertThat(labels(configuration)).containsEntry("kpi", "shop").containsEntry("kpi_table", build.replace('.', '_')).containsEntry("run_date", DATE);
      JsonObject query = configuration.getAsJsonObject("query");
      assertThat(query.get("useLegacySql").getAsBoolean()).isFalse();
      assertThat(configuration.get("jobTimeoutMs").getAsString()).isEqualTo(DEFAULT_JOB_TIMEOUT_MS);
      assertThat(query.get("query").getAsString()).as(build + ": the whole script").isEqualTo(buildScript(build));
      if (build.equals("warehouse.dim_items")) {
        assertThat(parameters(query)).isEmpty();
      } else {
        assertThat(parameters(query))
            .hasSize(7)
            .contains("start_date DATE 2026-11-21", "end_date DATE 2026-11-24", "table_name STRING " + build, "job_id STRING dry_run", "lake_rows STRING NULL", "lake_warnings STRING NULL")
            .anyMatch(p -> p.matches("fingerprint STRING [0-9a-f]{16}"));
      }
    }
    assertThat(fake.datasetInserts()).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();
    assertThat(fake.hasDataset("warehouse")).isFalse();
    assertThat(fake.hasDataset("mart")).isFalse();
    for (String build : BUILDS) {
      assertThat(dryRun.err).contains("dry run: would create table " + build + "\n");
    }
    assertThat(dryRun.err).contains("dry run: would create table warehouse.kpi_built_dates\n");
  }

  // ------------------------------------------------------------------------------ changed definitions
  // The tables a run made are turned into what an older definition would have made (the fake's
  // stored table is replaced), then kpi runs again with the shop's definitions.

  @Test
  void anExistingTableMissingAColumnGetsItAddedAndTheBuildsRun() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    // The mart's last KPI, whichever it is: an analyst adding one changes no test here.
    String added = KpiMarts.KPI_DAILY.metrics().get(KpiMarts.KPI_DAILY.metrics().size() - 1);
    olderTable("mart", "kpi_daily", table -> {
      removeColumn(table, added);
      field(table, "gmv").addProperty("description", "GMV, as it used to be described.");
      table.addProperty("description", "The daily KPIs, as they used to be described.");
    });
    olderTable("warehouse", "fct_order_items", table -> table.remove("clustering"));
    fake.clearRequests();

    Cli.Result run = ok("run", "--date", DATE, "--run-id", "manual__2026-11-25");

    // One tables.patch per table, each with its whole schema (new columns last, NULLABLE).
    List<FakeBigQuery.Recorded> patches = requests("PATCH", null);
    assertThat(patches).extracting(FakeBigQuery.Recorded::path)
        .containsExactly(V2 + "/datasets/warehouse/tables/fct_order_items", V2 + "/datasets/mart/tables/kpi_daily");
    assertThat(patches).extracting(FakeBigQuery.Recorded::status).containsOnly(200);
    JsonObject daily = patches.get(1).json();
    List<String> columns = new ArrayList<>();
    fields(daily).forEach(f -> columns.add(f.getAsJsonObject().get("name").getAsString()));
    List<String> expected = new ArrayList<>(List.of(KpiMarts.KPI_DAILY.grain().dateColumn()));
    expected.addAll(KpiMarts.KPI_DAILY.metrics());
    assertThat(columns).containsExactlyElementsOf(expected);
    assertThat(field(daily, added).get("type").getAsString()).isEqualTo(Map.of(LogicalType.INT64, "INTEGER", LogicalType.FLOAT64, "FLOAT", LogicalType.NUMERIC, "NUMERIC").get(SHOP.metricType(added)));
    assertThat(field(daily, added).get("mode").getAsString()).isEqualTo("NULLABLE");
    assertThat(description(field(daily, "gmv"))).isEqualTo("GMV (流通総額): " + Kpis.GMV.description());
    assertThat(description(daily)).startsWith(KpiMarts.KPI_DAILY.description().strip());
    assertThat(clustering(patches.get(0).json())).containsExactly("status", "item_id");
    assertMart(fake.table("mart", "kpi_daily").orElseThrow(), KpiMarts.KPI_DAILY);
    assertThat(fake.tableInserts()).isEmpty();
    assertThat(requests("DELETE", null)).isEmpty();
    assertThat(run.err).contains(
        "added column " + added + " to mart.kpi_daily; dates built before hold NULL in it until rebuilt ('kpi backfill --target bigquery",
        "updated the descriptions of mart.kpi_daily columns gmv",
        "updated the description of mart.kpi_daily",
        "changed the clustering of warehouse.fct_order_items: (none) -> status, item_id");

    // The builds still run, after the tables were altered.
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size());
    List<FakeBigQuery.Recorded> all = fake.requests();
    assertThat(all.indexOf(patches.get(1))).isLessThan(firstJobInsert(all));
    for (String build : BUILDS) {
      assertBuilt(run.err, build, "manual__2026-11-25_a1");
    }

    // Aligned once: the next run alters nothing.
    fake.clearRequests();
    ok("run", "--date", DATE, "--run-id", "manual__2026-11-26");
    assertThat(fake.tableUpdates()).isEmpty();
  }

  @Test
  void aColumnWhoseTypeChangedIsRefusedWithoutConsentAndRecreatedAfterABackupWithIt() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    olderTable("mart", "kpi_weekly", table -> {
      field(table, "orders").addProperty("type", "STRING");
      table.addProperty("numRows", "52");
    });
    fake.clearRequests();

    // Without consent: refused (a usage error: the scheduler does not retry it), nothing dropped.
    Cli.Result refused = kpi("run", "--date", DATE, "--run-id", "manual__2026-11-25");
    assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err)
        .contains(
            "kpi: error: table example-project.mart.kpi_weekly cannot be brought in line with its definition: the type of orders STRING ->"
                + " INT64 changed, which BigQuery cannot alter in place. kpi drops no table without consent; to copy it to a dated backup,"
                + " recreate it empty and rebuild the dates it held, run: kpi backfill --stale --allow-recreate mart.kpi_weekly --target bigquery");
    assertThat(requests("DELETE", null)).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();
    assertThat(acceptedBuildJobs()).isEmpty();
    assertThat(fake.table("mart", "kpi_weekly").orElseThrow().get("numRows").getAsString()).isEqualTo("52");
    fake.clearRequests();

    Cli.Result run = ok("run", "--date", DATE, "--run-id", "manual__2026-11-25", "--allow-recreate", "mart.kpi_weekly");

    assertThat(run.err).contains(
        "recreating mart.kpi_weekly empty: the type of orders STRING -> INT64 changed, which BigQuery cannot alter in place;"
            + " the dates it held are rebuilt by this run and by 'kpi backfill --stale'");
    List<String> changes =
        fake.requests().stream()
            .filter(r -> !r.method().equals("GET") && !r.path().endsWith("/jobs") && !r.path().endsWith("/queries"))
            .map(r -> r.method() + " " + r.path() + " " + r.status())
            .collect(Collectors.toList());
    assertThat(changes).containsExactly("DELETE " + V2 + "/datasets/mart/tables/kpi_weekly 204", "POST " + V2 + "/datasets/mart/tables 200");
    // The backup, by a copy job, before the drop: the table as it was.
    String backup = run.err.replaceAll("(?s).*copied mart\\.kpi_weekly to mart\\.(kpi_weekly__backup_\\d{8}_\\d{6}) before recreating it.*", "$1");
    assertThat(fake.table("mart", backup)).as(run.err).hasValueSatisfying(t -> assertThat(field(t, "orders").get("type").getAsString()).isEqualTo("STRING"));
    JsonObject created = fake.tableInserts().get(0);
    assertThat(created.getAsJsonObject("tableReference").get("tableId").getAsString()).isEqualTo("kpi_weekly");
    assertThat(field(created, "orders").get("type").getAsString()).isEqualTo("INTEGER");
    assertPartitioning(created, "week_start");
    assertMart(created, KpiMarts.KPI_WEEKLY);
    assertThat(fake.table("mart", "kpi_weekly").orElseThrow().get("numRows").getAsString()).as("empty").isEqualTo("0");
    // The ledger marked the weekly mart's dates stale with it (an UPDATE job before the builds);
    // the run then recorded the dates it built again.
    List<JsonObject> forget = forgetJobs();
    assertThat(forget).hasSize(1);
    assertThat(query(forget.get(0))).isEqualTo(LEDGER.markRecreated());
    assertThat(parameters(forget.get(0).getAsJsonObject("configuration").getAsJsonObject("query"))).containsExactly("table_name STRING mart.kpi_weekly");
    assertThat(jobIds(forget).get(0)).startsWith("kpi_recreated_mart_kpi_weekly_");
    List<FakeBigQuery.Recorded> all = fake.requests();
    int forgot = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).method().equals("POST") && all.get(i).path().equals(V2 + "/jobs") && isForgetJob(all.get(i).json())) {
        forgot = i;
      }
    }
    assertThat(forgot).isPositive().isLessThan(firstJobInsert(all));
    assertThat(fake.builtDates().stream().filter(row -> row.startsWith("mart.kpi_weekly ")).map(row -> row.split(" ")[1]))
        .containsExactly("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24");
    assertThat(fake.tableUpdates()).isEmpty();
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size());
  }

  @Test
  void aDryRunChangesNoTableAndSaysWhatARunWould() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    olderTable("mart", "kpi_daily", table -> removeColumn(table, "items_sold"));
    olderTable("mart", "kpi_weekly", table -> field(table, "orders").addProperty("type", "STRING"));
    JsonObject daily = fake.table("mart", "kpi_daily").orElseThrow();
    JsonObject weekly = fake.table("mart", "kpi_weekly").orElseThrow();
    fake.clearRequests();

    Cli.Result dryRun = ok("run", "--date", DATE, "--dry-run");

    assertThat(dryRun.err).contains(
        "dry run: would add column items_sold to mart.kpi_daily",
        "dry run: mart.kpi_weekly: the type of orders STRING -> INT64 changed, which BigQuery cannot alter in place; a run would refuse,"
            + " since dropping the table needs consent: kpi backfill --stale --allow-recreate mart.kpi_weekly --target bigquery");
    assertThat(fake.requests())
        .as("only reads (the ledger's too) and dry-run jobs")
        .allMatch(
            r -> r.method().equals("GET")
                || (r.path().equals(V2 + "/jobs") && isReadJob(r.json()) && query(r.json()).startsWith("SELECT table_name, business_date"))
                || (r.path().equals(V2 + "/jobs") && isTrue(r.json().getAsJsonObject("configuration"), "dryRun")));
    assertThat(fake.table("mart", "kpi_daily").orElseThrow()).isEqualTo(daily);
    assertThat(fake.table("mart", "kpi_weekly").orElseThrow()).isEqualTo(weekly);
    assertThat(dryRun.out).contains("mart.kpi_daily.build", "total");

    // BigQuery checks a dry run against the tables as they are, so a query may need a column only
    // a run adds: a failing dry run (scripted here) says that a run would alter tables first.
    fake.failJobsMatching(q -> q.contains("AS items_sold"), "invalidQuery", "Unrecognized name: items_sold");
    Cli.Result failed = kpi("run", "--date", DATE, "--dry-run");
    assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
    assertThat(failed.err).contains(
        "Unrecognized name: items_sold",
        "note: a dry run changes no table, and a run would first create or alter 2 tables (listed above), which this query may need");
  }

  @Test
  void aColumnTheDefinitionNoLongerHasIsLeftWithANote() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    olderTable("mart", "kpi_monthly", table -> {
      JsonObject retired = new JsonObject();
      retired.addProperty("name", "repeat_buyers");
      retired.addProperty("type", "INTEGER");
      retired.addProperty("mode", "NULLABLE");
      fields(table).add(retired);
    });
    fake.clearRequests();

    Cli.Result run = ok("run", "--date", DATE, "--run-id", "manual__2026-11-25");

    assertThat(run.err).contains(
        "mart.kpi_monthly has column repeat_buyers that its definition no longer has; left as it is (kpi drops no data)");
    assertThat(fake.tableUpdates()).isEmpty();
    assertThat(requests("DELETE", null)).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();
    List<String> columns = new ArrayList<>();
    fields(fake.table("mart", "kpi_monthly").orElseThrow()).forEach(f -> columns.add(f.getAsJsonObject().get("name").getAsString()));
    assertThat(columns).endsWith("repeat_buyers");
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size());
  }

  /** Replaces a table of the fake with {@code change} applied to it, as an older definition made it. */
  private void olderTable(String dataset, String table, java.util.function.Consumer<JsonObject> change) {
    JsonObject resource = fake.table(dataset, table).orElseThrow();
    change.accept(resource);
    fake.addTable(dataset, table, resource);
  }

  private static void removeColumn(JsonObject table, String name) {
    JsonArray kept = new JsonArray();
    fields(table).forEach(f -> {
      if (!f.getAsJsonObject().get("name").getAsString().equals(name)) {
        kept.add(f);
      }
    });
    table.getAsJsonObject("schema").add("fields", kept);
  }

  /** The index of the first jobs.insert of a build in {@code requests}. */
  private static int firstJobInsert(List<FakeBigQuery.Recorded> requests) {
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i).method().equals("POST") && requests.get(i).path().equals(V2 + "/jobs") && isBuildJob(requests.get(i).json())) {
        return i;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------------------ the ledger

  @Test
  void statusListsWhatTheLedgerSaysAndBackfillStaleRebuildsExactlyTheStaleDates() {
    Cli.Result empty = ok("status");
    assertThat(empty.out).contains("mart.kpi_daily: nothing built", "nothing is built yet: run kpi run --date YYYY-MM-DD --target bigquery");
    assertThat(fake.tableInserts()).as("status creates nothing").isEmpty();

    ok("run", "--date", DATE, "--run-id", RUN_ID);
    Cli.Result built = ok("status");
    assertThat(built.out)
        .contains("warehouse.fct_order_items: 38 dates built (2026-10-18..2026-11-24)")
        .contains("mart.kpi_daily: 11 dates built (2026-11-14..2026-11-24)")
        .contains("mart.kpi_weekly: 4 dates built (2026-11-21..2026-11-24)")
        .contains("everything built is up to date");

    // The weekly mart's definition changed since its dates were built.
    fake.olderDefinitionBuilt("mart.kpi_weekly");
    Cli.Result stale = ok("status");
    assertThat(stale.out)
        .contains("mart.kpi_weekly: 4 dates built (2026-11-21..2026-11-24); 4 stale (2026-11-21..2026-11-24)")
        .contains("4 stale table dates: rebuild them with kpi backfill --stale --target bigquery");

    fake.clearRequests();
    Cli.Result rebuilt = ok("backfill", "--stale");
    assertThat(rebuilt.out)
        .startsWith("rebuilt the stale dates: 2 table builds\n")
        .contains("  mart.kpi_weekly 2026-11-21..2026-11-24: job kpi_mart_kpi_weekly_20261121_20261124_")
        .doesNotContain("rows written");
    assertThat(historyJobs(jobInserts())).isEmpty();
    assertThat(acceptedJobInserts()).hasSize(2);
    assertThat(jobInserts().stream().map(j -> labels(j.getAsJsonObject("configuration")).get("kpi_table")))
        .as("the dimension (rebuilt whole every time) and the stale mart, nothing else")
        .containsExactly("warehouse_dim_items", "mart_kpi_weekly");
    assertThat(ok("status").out).contains("everything built is up to date");
    assertThat(fake.builtDates().stream().filter(row -> row.startsWith("mart.kpi_weekly ")))
        .hasSize(4)
        .noneMatch(row -> row.endsWith(" older-definition"));
  }

  @Test
  void backfillSkipsWhatTheLedgerSaysIsBuiltUnlessForced() {
    // The range, and before it the history the ledger lacks (28 days and a week of the fact, a
    // week of the daily marts).
    Cli.Result first = ok("backfill", "--from", "2026-11-01", "--to", "2026-11-24");
    assertThat(first.out)
        .startsWith("backfilled 2026-11-01..2026-11-24: 9 table builds\n")
        .contains("  mart.kpi_monthly 2026-11-01..2026-11-24: job kpi_mart_kpi_monthly_20261101_20261124_")
        .doesNotContain("rows written", "on BigQuery");
    assertThat(acceptedJobInserts()).hasSize(BUILDS.size() + 3);
    List<String> firstIds =
        acceptedJobInserts().stream().filter(id -> id.contains("_20261101_20261124_") || id.startsWith("kpi_warehouse_dim_items_")).collect(Collectors.toList());
    assertThat(firstIds).hasSize(BUILDS.size());
    fake.clearRequests();

    // Counted as jobs BigQuery accepted (HTTP 200), not as requests: only the dimension ran.
    Cli.Result again = ok("backfill", "--from", "2026-11-01", "--to", "2026-11-24");
    assertThat(again.out).contains("backfilled 2026-11-01..2026-11-24: 1 table build (every date was already up to date)");
    assertThat(acceptedJobInserts()).as(again.toString()).hasSize(1).allMatch(id -> id.startsWith("kpi_warehouse_dim_items_"));
    assertThat(buildJobRequests()).extracting(FakeBigQuery.Recorded::status).containsOnly(200);

    // --force of the range built before: new jobs, which BigQuery accepts and runs.
    fake.clearRequests();
    Cli.Result forced = ok("backfill", "--from", "2026-11-01", "--to", "2026-11-24", "--force");
    assertThat(forced.out)
        .startsWith("backfilled 2026-11-01..2026-11-24: 6 table builds\n")
        .contains("  mart.kpi_monthly 2026-11-01..2026-11-24: job kpi_mart_kpi_monthly_20261101_20261124_");
    assertThat(buildJobRequests()).as(forced.toString()).extracting(FakeBigQuery.Recorded::status).containsOnly(200);
    List<String> forcedIds = acceptedJobInserts();
    assertThat(forcedIds).hasSize(BUILDS.size()).doesNotContainAnyElementsOf(firstIds);
    assertThat(forcedIds.stream().map(id -> id.replaceAll("_" + INVOCATION + "_a1$", "")))
        .as("the same tables, windows and definitions; another run")
        .containsExactlyElementsOf(firstIds.stream().map(id -> id.replaceAll("_" + INVOCATION + "_a1$", "")).collect(Collectors.toList()));
  }

  @Test
  void notifySendsNumbersOnlyForDatesTheLedgerSaysTheCurrentDefinitionsBuilt() {
    fake.resultsFor(
        q -> q.contains("`example-project.mart.kpi_daily` WHERE"),
        "business_date:DATE, gmv:NUMERIC, orders:INT64, aov:NUMERIC, active_creators:INT64, active_creators_28d:INT64, items_sold:INT64",
        List.of(List.of("2026-11-24", "1200000", 300, "4000", 120, 800, 450), List.of("2026-11-23", "1000000", 250, "4000", 100, 790, 400)));
    fake.resultsFor(
        q -> q.contains("`example-project.mart.kpi_daily_by_item_type` WHERE"),
        "business_date:DATE, item_type:STRING, items_sold:INT64, gmv:NUMERIC",
        List.of(List.of("2026-11-24", "t-shirt", 200, "600000"), List.of("2026-11-24", "mug", 100, "150000")));
    ok("run", "--date", DATE, "--run-id", RUN_ID);

    Cli.Result sent = ok("notify", "--date", DATE, "--dry-run");
    assertThat(sent.out).contains("¥1,200,000").doesNotContain("データ確認エラー");

    // A mart the ledger says an older definition built: a warning instead of numbers.
    fake.olderDefinitionBuilt("mart.kpi_daily");
    Cli.Result warned = kpi("notify", "--date", DATE, "--dry-run");
    assertThat(warned.exitCode).as(warned.toString()).isEqualTo(1);
    assertThat(warned.out)
        .contains("mart.kpi_daily for 2026-11-24 was built by an older definition (run: kpi backfill --stale --target bigquery")
        .doesNotContain("¥1,200,000");
  }

  // ------------------------------------------------------------------------------ failures

  @Test
  void aFailedJobStopsTheRunNamingTheStepTheJobAndBigQuerysMessage() {
    fake.failJobsMatching(q -> q.contains("kpi_weekly"), "invalidQuery", "Syntax error: something");

    Cli.Result run = kpi("run", "--date", DATE, "--run-id", RUN_ID);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    List<String> ids = jobIds(jobInserts());
    List<String> weekly = ids.stream().filter(id -> id.startsWith("kpi_mart_kpi_weekly_")).collect(Collectors.toList());
    // invalidQuery is not transient: one attempt, and the run fails at once.
    assertThat(weekly).as(run.toString()).hasSize(1);
    assertThat(weekly.get(0)).matches("kpi_mart_kpi_weekly_20261121_20261124_[0-9a-f]{16}_" + Pattern.quote(RUN_ID_IN_JOB_ID) + "_a1");
    assertThat(run.err).contains(
        "mart.kpi_weekly.build for 2026-11-21..2026-11-24 failed in BigQuery (job " + weekly.get(0) + "): Syntax error: something [invalidQuery];"
            + " the table and kpi's ledger were left as they were before this build");
    assertThat(run.err).doesNotContain("unexpected error", "retrying", "still failing after", "starting attempt");
    assertThat(ids).as("the builds before the failed one ran; the monthly mart's never started")
        .hasSize(8)
        .noneMatch(id -> id.startsWith("kpi_mart_kpi_monthly_"));
    assertThat(fake.builtDates()).as("the failed build recorded no date").noneMatch(row -> row.startsWith("mart.kpi_weekly "));
    assertThat(fake.builtDates()).as("the builds before it recorded theirs").anyMatch(row -> row.startsWith("mart.kpi_daily 2026-11-24 "));
    assertThat(readJobs())
        .as("no KPIs are read after a failed run (only the ledger, to plan it)")
        .isNotEmpty()
        .allMatch(j -> labels(j.getAsJsonObject("configuration")).get("kpi_read").equals("kpi_built_dates"));
  }

  /**
   * A run that failed after rebuilding the fact leaves the marts it did not reach with numbers of
   * the old rows: status names those dates (from the ledger's build times, so on BigQuery too) and
   * the command that rebuilds them.
   */
  @Test
  void statusNamesTheDatesARunThatFailedPartWayLeftBehind() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    assertThat(ok("status").out).contains("everything built is up to date");
    fake.failJobsMatching(q -> q.contains("kpi_weekly"), "invalidQuery", "Syntax error: something");
    assertThat(kpi("run", "--date", DATE).exitCode).isEqualTo(1);

    Cli.Result status = ok("status");
    assertThat(status.out)
        .contains(
            "mart.kpi_weekly: ", "; 4 built before a table it reads rebuilt them (2026-11-21..2026-11-24)",
            "some dates hold numbers from before the tables they read were rebuilt (a run that stopped part-way): rebuild them with"
                + " kpi backfill --from 2026-11-21 --to 2026-11-24 --force --target bigquery")
        .doesNotContain("everything built is up to date");
    assertThat(status.out.lines().filter(l -> l.startsWith("mart.kpi_daily: "))).allMatch(l -> !l.contains("built before"));
  }

  @Test
  void aServerErrorIsRetried() {
    // The first two requests of the run (the ledger's table get, to plan it) are answered 503.
    fake.failNextRequests(2, 503);
    Cli.Result run = ok("run", "--date", DATE, "--run-id", RUN_ID);
    List<FakeBigQuery.Recorded> requests = fake.requests();
    assertThat(requests.subList(0, 3))
        .as(run.toString())
        .extracting(r -> r.method() + " " + r.path() + " " + r.status())
        .containsExactly(
            "GET " + V2 + "/datasets/warehouse/tables/kpi_built_dates 503",
            "GET " + V2 + "/datasets/warehouse/tables/kpi_built_dates 503",
            "GET " + V2 + "/datasets/warehouse/tables/kpi_built_dates 404");
    assertThat(fake.datasetInserts()).containsExactly("warehouse", "mart");
    assertThat(windowJobs(jobInserts())).hasSize(BUILDS.size());

    // A job insert answered 503 twice (the dry run reads the tables first; those are served).
    fake.clearRequests();
    fake.failNextRequests(2, 503, request -> request.startsWith("POST " + V2 + "/jobs"));
    Cli.Result dryRun = ok("run", "--date", DATE, "--dry-run");
    assertThat(requests("POST", V2 + "/jobs").subList(0, 3))
        .as(dryRun.toString())
        .extracting(r -> r.method() + " " + r.path() + " " + r.status())
        .containsExactly("POST " + V2 + "/jobs 503", "POST " + V2 + "/jobs 503", "POST " + V2 + "/jobs 200");
    assertThat(dryRun.out).contains("warehouse.dim_items.build", "total");
  }

  @Test
  void aRetriedTaskRunsTheNextAttemptOfAJobThatFailed() {
    // The weekly mart's job fails (not transient: the task fails); the scheduler retries the
    // task later with the same --run-id, when the cause is gone.
    AtomicBoolean failing = new AtomicBoolean(true);
    fake.failJobsMatching(
        q -> failing.get() && q.contains("INSERT INTO `example-project.mart.kpi_weekly`"), "resourcesExceeded", "Resources exceeded during query execution");
    Cli.Result run = kpi("run", "--date", DATE, "--run-id", RUN_ID);
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    String first = jobIds(jobInserts()).stream().filter(id -> id.startsWith("kpi_mart_kpi_weekly_")).findFirst().orElseThrow();
    assertThat(first).endsWith("_" + RUN_ID_IN_JOB_ID + "_a1");
    assertThat(fake.job(first).orElseThrow().getAsJsonObject("status").has("errorResult")).isTrue();
    List<String> builtBefore = jobIds(windowJobs(jobInserts())).stream().filter(id -> !id.startsWith("kpi_mart_kpi_")).collect(Collectors.toList());

    failing.set(false);
    fake.clearRequests();
    Cli.Result retry = ok("run", "--date", DATE, "--run-id", RUN_ID);

    String second = first.replaceFirst("_a1$", "_a2");
    assertThat(retry.err).contains(
        "mart.kpi_weekly.build for 2026-11-21..2026-11-24: job " + first + " of an earlier attempt failed"
            + " (Resources exceeded during query execution [resourcesExceeded]); starting attempt 2");
    assertBuilt(retry.err, "mart.kpi_weekly", RUN_ID_IN_JOB_ID + "_a2");
    // What succeeded before is re-used; the failed job runs again as _a2, the monthly mart (never
    // started) as _a1: those two only are new jobs BigQuery accepted.
    assertThat(acceptedJobInserts()).as(retry.toString())
        .containsExactly(second, jobIds(jobInserts()).stream().filter(id -> id.startsWith("kpi_mart_kpi_monthly_")).findFirst().orElseThrow());
    assertThat(acceptedJobInserts().get(1)).endsWith("_" + RUN_ID_IN_JOB_ID + "_a1");
    for (String id : builtBefore) {
      assertThat(retry.err).contains("re-using job " + id + ", started by an earlier attempt of this run");
    }
    assertThat(fake.job(second).orElseThrow().getAsJsonObject("status").has("errorResult")).isFalse();
    assertThat(parameters(fake.job(second).orElseThrow().getAsJsonObject("configuration").getAsJsonObject("query")))
        .as("the ledger records the job that built the dates").contains("job_id STRING " + second);
    assertThat(fake.builtDates().stream().filter(row -> row.startsWith("mart.kpi_weekly ")).map(row -> row.split(" ")[1]))
        .containsExactly("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24");
  }

  @Test
  void aTransientJobErrorIsRetriedInProcessUnderTheNextAttemptId() {
    // BigQuery's backendError once on the weekly mart, a transaction that lost to a concurrent
    // one once on the monthly mart: both are tried again at once, as the next attempt.
    AtomicInteger weeklyFailures = new AtomicInteger(1);
    AtomicInteger monthlyFailures = new AtomicInteger(1);
    fake.failJobsMatching(
        q -> q.contains("INSERT INTO `example-project.mart.kpi_weekly`") && weeklyFailures.getAndDecrement() > 0,
        "backendError",
        "Error encountered during execution. Retrying may solve the problem.");
    fake.failJobsMatching(
        q -> q.contains("INSERT INTO `example-project.mart.kpi_monthly`") && monthlyFailures.getAndDecrement() > 0,
        "invalidQuery",
        "Transaction is aborted due to concurrent update against table example-project:mart.kpi_monthly.");

    Cli.Result run = ok("run", "--date", DATE, "--run-id", RUN_ID);

    List<String> weekly = jobIds(jobInserts()).stream().filter(id -> id.startsWith("kpi_mart_kpi_weekly_")).collect(Collectors.toList());
    assertThat(weekly).as(run.toString()).hasSize(2);
    assertThat(weekly.get(0)).endsWith("_" + RUN_ID_IN_JOB_ID + "_a1");
    assertThat(weekly.get(1)).isEqualTo(weekly.get(0).replaceFirst("_a1$", "_a2"));
    assertThat(run.err).contains(
        "mart.kpi_weekly.build for 2026-11-21..2026-11-24: job " + weekly.get(0) + " failed with a transient error"
            + " (Error encountered during execution. Retrying may solve the problem. [backendError]); retrying in 5 ms as attempt 2");
    assertBuilt(run.err, "mart.kpi_weekly", RUN_ID_IN_JOB_ID + "_a2");
    List<String> monthly = jobIds(jobInserts()).stream().filter(id -> id.startsWith("kpi_mart_kpi_monthly_")).collect(Collectors.toList());
    assertThat(monthly).hasSize(2);
    assertThat(monthly.get(1)).isEqualTo(monthly.get(0).replaceFirst("_a1$", "_a2"));
    assertThat(run.err).contains("job " + monthly.get(0) + " failed with a transient error (Transaction is aborted due to concurrent update");
    assertBuilt(run.err, "mart.kpi_monthly", RUN_ID_IN_JOB_ID + "_a2");
    assertThat(acceptedJobInserts()).contains(weekly.get(0), weekly.get(1), monthly.get(0), monthly.get(1));
    assertThat(fake.builtDates().stream().filter(row -> row.startsWith("mart.kpi_weekly ")).map(row -> row.split(" ")[1]))
        .containsExactly("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24");

    // A transient error that does not go away: four attempts, then the run fails naming the last.
    fake.failJobsMatching(q -> q.contains("INSERT INTO `example-project.warehouse.dim_items`"), "backendError", "Error encountered during execution.");
    fake.clearRequests();
    Cli.Result failed = kpi("run", "--date", DATE, "--run-id", "manual__2026-11-25");
    assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
    List<String> dimension = jobIds(jobInserts());
    assertThat(dimension).as("nothing after the dimension started").hasSize(4).allMatch(id -> id.startsWith("kpi_warehouse_dim_items_"));
    for (int attempt = 1; attempt <= 4; attempt++) {
      assertThat(dimension.get(attempt - 1)).endsWith("_manual__2026-11-25_a" + attempt);
    }
    assertThat(failed.err).contains(
        "warehouse.dim_items.build failed in BigQuery (job " + dimension.get(3) + "): Error encountered during execution. [backendError]"
            + " (still failing after 4 attempts)");
    assertThat(failed.err).contains("retrying in 5 ms as attempt 2", "retrying in 10 ms as attempt 3", "retrying in 20 ms as attempt 4");
  }

  @Test
  void aRateLimitedJobInsertIsRetriedByTheClient() {
    // BigQuery's front end answers the first jobs.insert of the run 429 Too Many Requests.
    fake.failNextRequests(1, 429, request -> request.equals("POST " + V2 + "/jobs"));

    Cli.Result run = ok("run", "--date", DATE, "--run-id", RUN_ID);

    List<FakeBigQuery.Recorded> inserts = requests("POST", V2 + "/jobs");
    assertThat(inserts.get(0).status()).as(run.toString()).isEqualTo(429);
    assertThat(inserts.get(1).status()).isEqualTo(200);
    assertThat(inserts.get(1).json().getAsJsonObject("jobReference").get("jobId").getAsString())
        .as("the same job sent again")
        .isEqualTo(inserts.get(0).json().getAsJsonObject("jobReference").get("jobId").getAsString());
    assertThat(inserts).extracting(FakeBigQuery.Recorded::status).filteredOn(status -> status != 200).containsExactly(429);
    assertThat(acceptedJobInserts()).hasSize(BUILDS.size() + HISTORY.size());
  }

  // ------------------------------------------------------------------------------ options

  @Test
  void everyJobCarriesTheCostLimitAndTheJobTimeout() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    fake.clearRequests();

    // A second run: it reads the ledger, checks the lake, builds and reads the marts back.
    ok("run", "--date", DATE, "--run-id", "manual__2026-11-25", "--maximum-bytes-billed", "1000000", "--job-timeout", "30");

    Map<String, List<JsonObject>> jobs = new LinkedHashMap<>();
    jobs.put("build", jobInserts());
    jobs.put("lake check", checkJobs());
    jobs.put("ledger read", readJobs().stream().filter(j -> labels(j.getAsJsonObject("configuration")).get("kpi_read").equals("kpi_built_dates")).collect(Collectors.toList()));
    jobs.put("mart read", readJobs().stream().filter(j -> labels(j.getAsJsonObject("configuration")).get("kpi_read").startsWith("kpi_daily")).collect(Collectors.toList()));
    jobs.forEach(
        (kind, inserts) -> {
          assertThat(inserts).as(kind + " jobs").isNotEmpty();
          for (JsonObject job : inserts) {
            JsonObject configuration = job.getAsJsonObject("configuration");
            assertThat(configuration.getAsJsonObject("query").get("maximumBytesBilled").getAsString()).as(kind + ": " + query(job)).isEqualTo("1000000");
            assertThat(configuration.get("jobTimeoutMs").getAsString()).as(kind + ": " + query(job)).isEqualTo("1800000");
          }
        });
    assertThat(fake.jobInserts()).hasSize(jobs.values().stream().mapToInt(List::size).sum());
  }

  @Test
  void bigQueryOptionsWithoutTheBigQueryTargetAreAUsageError() {
    // Without --target bigquery, kpi runs on the embedded warehouse: a --project (or --run-id)
    // there would be ignored without a word, so it is refused.
    Cli.Result project = Cli.run("run", "--date", DATE, "--project", PROJECT);
    assertThat(project.exitCode).as(project.toString()).isEqualTo(2);
    assertThat(project.err).contains(
        "--project is an option of --target bigquery, but this command runs on --target embedded: add --target bigquery, or leave it out");

    Cli.Result runId = Cli.run("run", "--date", DATE, "--run-id", RUN_ID);
    assertThat(runId.exitCode).as(runId.toString()).isEqualTo(2);
    assertThat(runId.err).contains("--run-id is an option of --target bigquery, but this command runs on --target embedded");

    Cli.Result two = Cli.run("backfill", "--from", "2026-11-01", "--to", "2026-11-24", "--bigquery-host", fake.url(), "--location", LOCATION);
    assertThat(two.exitCode).as(two.toString()).isEqualTo(2);
    assertThat(two.err).contains("are options of --target bigquery, but this command runs on --target embedded: add --target bigquery, or leave them out");
    assertThat(two.err).contains("--location").containsPattern("--bigquery-(endpoint|host)");
    assertThat(fake.requests()).as("nothing was asked of BigQuery").isEmpty();
  }


  // ------------------------------------------------------------------------------ the lake

  @Test
  void checkLakeListsEveryDifferenceFromTheContract() {
    lakeTable("creators", "creator_id:INTEGER", "name:STRING", "created_at:TIMESTAMP");
    lakeTable("items", "item_id:INTEGER", "item_type:STRING", "base_price:NUMERIC");
    lakeTable("products", "product_id:INTEGER", "creator_id:INTEGER", "item_id:INTEGER", "price:NUMERIC", "created_at:TIMESTAMP");
    lakeTable("orders", "order_id:INTEGER", "buyer_id:INTEGER", "status:INTEGER", "ordered_at:TIMESTAMP");
    lakeTable("order_items", "order_item_id:INTEGER", "order_id:INTEGER", "product_id:INTEGER", "quantity:INTEGER", "created_at:TIMESTAMP");

    Cli.Result wrong = kpi("check-lake");

    assertThat(wrong.exitCode).as(wrong.toString()).isEqualTo(1);
    assertThat(wrong.err)
        .contains("example-project.lake.orders: column status is INT64, the contract says STRING")
        .contains("example-project.lake.order_items: column unit_price (NUMERIC) is missing")
        .doesNotContain("lake.creators", "lake.items", "lake.products");
    assertThat(wrong.err.lines().filter(l -> l.startsWith("  - "))).hasSize(2);
    assertThat(requests("POST", null)).as("check-lake creates nothing: it only queries").allMatch(r -> r.path().equals(V2 + "/jobs") && isCheckJob(r.json()));
    assertThat(countingJobs()).as("the data of the tables whose columns match").hasSize(3);

    lakeTable("orders", "order_id:INTEGER", "buyer_id:INTEGER", "status:STRING", "ordered_at:TIMESTAMP");
    lakeTable(
        "order_items", "order_item_id:INTEGER", "order_id:INTEGER", "product_id:INTEGER", "quantity:INTEGER", "unit_price:NUMERIC", "created_at:TIMESTAMP");

    Cli.Result right = ok("check-lake");
    assertThat(right.out).contains("the lake in example-project.lake matches the lake contract");
  }

  @Test
  void aRunChecksTheLakeRowsItsBuildsReadBeforeAnything() {
    Cli.Result run = ok("run", "--date", DATE, "--run-id", RUN_ID);

    // One counting query per lake table, before any table is made or build started: the SQL
    // kpi-sql writes, legacy SQL off, in the location, labelled, with a job id of its own.
    List<JsonObject> checks = countingJobs();
    assertThat(checks).hasSize(SHOP.lakeTables().size());
    List<FakeBigQuery.Recorded> all = fake.requests();
    int lastCheck = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).path().equals(V2 + "/jobs") && all.get(i).method().equals("POST") && isCheckJob(all.get(i).json())) {
        lastCheck = i;
      }
    }
    assertThat(lastCheck).isLessThan(firstJobInsert(all));
    assertThat(fake.requests().subList(0, lastCheck)).as("nothing is created before the check").noneMatch(r -> r.method().equals("POST") && !r.path().endsWith("/jobs"));
    for (JsonObject check : checks) {
      JsonObject configuration = check.getAsJsonObject("configuration");
      String table = labels(configuration).get("kpi_table").replaceFirst("^lake_", "");
      JsonObject query = configuration.getAsJsonObject("query");
      assertThat(query.get("query").getAsString()).as(table).isEqualTo(CHECK.counts(lake(table), range(table)));
      assertThat(query.get("useLegacySql").getAsBoolean()).isFalse();
      assertThat(isTrue(configuration, "dryRun")).isFalse();
      assertThat(check.getAsJsonObject("jobReference").get("location").getAsString()).isEqualTo(LOCATION);
      assertThat(check.getAsJsonObject("jobReference").get("jobId").getAsString()).startsWith("kpi_check_lake_" + table + "_");
      assertThat(labels(configuration)).containsEntry("kpi", "shop").containsEntry("kpi_check", "lake");
      if (range(table).isPresent()) {
        // A first run reads the history the ledger lacks too: 2026-10-18..2026-11-24, a day wider each side.
        assertThat(parameters(query)).as(table)
            .contains("check_from TIMESTAMP 2026-10-17 00:00:00.000000+00:00", "check_until TIMESTAMP 2026-11-26 00:00:00.000000+00:00");
      } else {
        assertThat(parameters(query)).as(table).noneMatch(p -> p.startsWith("check_"));
      }
    }
    assertThat(checks.stream().map(j -> labels(j.getAsJsonObject("configuration")).get("kpi_table")).filter(t -> range(t.substring(5)).isPresent()))
        .containsExactlyInAnyOrder("lake_orders", "lake_order_items");
    assertThat(run.err).contains("checked the lake against the lake contract");
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size() + HISTORY.size());

    // The next day's run reads (and checks) only its window's days: the check costs the same at any history.
    fake.clearRequests();
    ok("run", "--date", "2026-11-25", "--run-id", "scheduled__2026-11-25");
    for (JsonObject check : countingJobs()) {
      JsonObject query = check.getAsJsonObject("configuration").getAsJsonObject("query");
      if (range(labels(check.getAsJsonObject("configuration")).get("kpi_table").substring(5)).isPresent()) {
        assertThat(parameters(query))
            .contains("check_from TIMESTAMP 2026-11-21 00:00:00.000000+00:00", "check_until TIMESTAMP 2026-11-27 00:00:00.000000+00:00");
      }
    }
  }

  @Test
  void aRepeatedKeyInTheLakeStopsTheRunBeforeAnythingIsWritten() {
    aBrokenLake();

    Cli.Result run = kpi("run", "--date", DATE, "--run-id", RUN_ID);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err)
        .contains("the lake does not match the lake contract; nothing was written:\n  - ")
        .contains(
            "example-project.lake.orders (the rows with ordered_at from 2026-10-17T00:00:00Z until 2026-11-26T00:00:00Z, and those outside the plausible range)" + REPEATED_ORDERS,
            "example-project.lake.order_items (the rows with created_at from 2026-10-17T00:00:00Z until 2026-11-26T00:00:00Z, and those outside the plausible range)" + NULL_ORDER_ITEM_IDS);
    assertThat(run.err.lines().filter(l -> l.startsWith("  - "))).hasSize(2);
    assertThat(jobInserts()).as("no build job started").isEmpty();
    assertThat(fake.datasetInserts()).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();
    // The examples: a query of their own, with the same range.
    List<JsonObject> examples =
        checkJobs().stream().filter(j -> query(j).equals(CHECK.repeatedKeys(lake("orders"), range("orders")))).collect(Collectors.toList());
    assertThat(examples).hasSize(1);
    assertThat(parameters(examples.get(0).getAsJsonObject("configuration").getAsJsonObject("query")))
        .contains("check_from TIMESTAMP 2026-10-17 00:00:00.000000+00:00", "check_until TIMESTAMP 2026-11-26 00:00:00.000000+00:00");

    // backfill stops the same way; daily too.
    fake.clearRequests();
    Cli.Result backfill = kpi("backfill", "--from", "2026-11-01", "--to", "2026-11-24");
    assertThat(backfill.exitCode).as(backfill.toString()).isEqualTo(1);
    assertThat(backfill.err).contains("the lake does not match the lake contract; nothing was written:\n  - ", REPEATED_ORDERS);
    assertThat(jobInserts()).isEmpty();

    // Once the load is fixed, the run proceeds.
    lakeCounts("orders", Map.of());
    lakeCounts("order_items", Map.of());
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size() + HISTORY.size());
  }

  @Test
  void checkLakeChecksTheDataOfEveryTableWhole() {
    lakeTable("creators", "creator_id:INTEGER", "name:STRING", "created_at:TIMESTAMP");
    lakeTable("items", "item_id:INTEGER", "item_type:STRING", "base_price:NUMERIC");
    lakeTable("products", "product_id:INTEGER", "creator_id:INTEGER", "item_id:INTEGER", "price:NUMERIC", "created_at:TIMESTAMP");
    lakeTable("orders", "order_id:INTEGER", "buyer_id:INTEGER", "status:STRING", "ordered_at:TIMESTAMP");
    lakeTable(
        "order_items", "order_item_id:INTEGER", "order_id:INTEGER", "product_id:INTEGER", "quantity:INTEGER", "unit_price:NUMERIC", "created_at:TIMESTAMP");
    aBrokenLake();

    Cli.Result wrong = kpi("check-lake");

    assertThat(wrong.exitCode).as(wrong.toString()).isEqualTo(1);
    assertThat(wrong.err)
        .contains("the lake in BigQuery does not match the lake contract")
        .contains("example-project.lake.orders" + REPEATED_ORDERS, "example-project.lake.order_items" + NULL_ORDER_ITEM_IDS);
    assertThat(wrong.err.lines().filter(l -> l.startsWith("  - "))).hasSize(2);
    // Every table whole: no range, no parameters.
    assertThat(countingJobs()).hasSize(SHOP.lakeTables().size());
    for (JsonObject check : checkJobs()) {
      String table = labels(check.getAsJsonObject("configuration")).get("kpi_table").substring(5);
      List<String> whole = new ArrayList<>(List.of(CHECK.counts(lake(table), Optional.empty()), CHECK.repeatedKeys(lake(table), Optional.empty())));
      LakeCheckSql.references(lake(table)).forEach(r -> whole.add(CHECK.relationship(lake(table), r, Optional.empty())));
      assertThat(query(check)).isIn(whole);
      // Whole: no range; only the end of the plausible timestamps.
      assertThat(parameters(check.getAsJsonObject("configuration").getAsJsonObject("query"))).noneMatch(p -> p.startsWith("check_"));
    }
    assertThat(jobInserts()).isEmpty();
    assertThat(fake.datasetInserts()).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();
  }

  // ------------------------------------------------------------------------------ reading back

  @Test
  void showReadsTheMartRowsBack() {
    fake.resultsFor(
        q -> q.contains("kpi_daily"),
        "business_date:DATE, gmv:NUMERIC, orders:INT64, aov:NUMERIC, active_creators:INT64, active_creators_28d:INT64, items_sold:INT64",
        List.of(
            List.of("2026-11-24", "1200000", 300, "4000", 120, 800, 450),
            List.of("2026-11-23", "1000000", 250, "4000", 100, 790, 400),
            List.of("2026-11-17", "1500000", 400, "3750", 150, 700, 600)));

    Cli.Result show = ok("show", "--date", DATE, "--label", "env=prd");

    List<String> lines = show.out.lines().collect(Collectors.toList());
    assertThat(show.out).contains("KPIs of 2026-11-24 (Tue)", "mart kpi_daily");
    assertRow(lines, "GMV (流通総額)", "¥1,200,000", "¥1,000,000", "▲20.0%", "¥1,500,000", "▼20.0%");
    assertRow(lines, "Orders (注文数)", "300", "250", "▲20.0%", "400", "▼25.0%");
    assertRow(lines, "AOV (平均注文単価)", "¥4,000", "¥4,000", "±0.0%", "¥3,750", "▲6.7%");
    assertRow(lines, "Active creators (アクティブクリエイター数)", "120", "100", "▲20.0%", "150", "▼20.0%");
    assertRow(lines, "Active creators, 28 days", "800", "790", "▲1.3%", "700", "▲14.3%");
    assertRow(lines, "Items sold (販売数)", "450", "400", "▲12.5%", "600", "▼25.0%");
    assertThat(show.out).doesNotContain("not built");

    // One query job of the mart for the three dates, as typed DATE parameters, with the job
    // timeout; nothing created.
    List<JsonObject> reads = readJobs();
    assertThat(reads).hasSize(1);
    JsonObject configuration = reads.get(0).getAsJsonObject("configuration");
    JsonObject query = configuration.getAsJsonObject("query");
    assertThat(query.get("query").getAsString()).contains("`example-project.mart.kpi_daily`");
    assertThat(query.get("useLegacySql").getAsBoolean()).isFalse();
    assertThat(configuration.get("jobTimeoutMs").getAsString()).isEqualTo(DEFAULT_JOB_TIMEOUT_MS);
    assertThat(labels(configuration)).containsEntry("env", "prd").containsEntry("kpi_read", "kpi_daily");
    JsonObject dates = query.getAsJsonArray("queryParameters").get(0).getAsJsonObject();
    assertThat(dates.get("name").getAsString()).isEqualTo("dates");
    assertThat(dates.getAsJsonObject("parameterType").get("type").getAsString()).isEqualTo("ARRAY");
    assertThat(dates.getAsJsonObject("parameterType").getAsJsonObject("arrayType").get("type").getAsString()).isEqualTo("DATE");
    List<String> values = new ArrayList<>();
    dates.getAsJsonObject("parameterValue").getAsJsonArray("arrayValues").forEach(v -> values.add(v.getAsJsonObject().get("value").getAsString()));
    assertThat(values).containsExactlyInAnyOrder("2026-11-24", "2026-11-23", "2026-11-17");
    assertThat(jobInserts()).isEmpty();
    assertThat(fake.datasetInserts()).isEmpty();
  }

  // ------------------------------------------------------------------------------ helpers

  /**
   * kpi with the BigQuery target on the fake: project example-project, location
   * asia-northeast1; the fake's URL with --bigquery-host (the older name of --bigquery-endpoint)
   * unless the arguments give --bigquery-endpoint.
   */
  private Cli.Result kpi(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--target", "bigquery", "--project", PROJECT, "--location", LOCATION));
    if (!all.contains("--bigquery-endpoint")) {
      all.addAll(List.of("--bigquery-host", fake.url()));
    }
    return Cli.run(all.toArray(new String[0]));
  }

  private Cli.Result ok(String... args) {
    Cli.Result result = kpi(args);
    assertThat(result.exitCode).as(result.toString()).isZero();
    return result;
  }

  /** Recorded requests of a method to a path (any path when null). */
  private List<FakeBigQuery.Recorded> requests(String method, String path) {
    return fake.requests().stream()
        .filter(r -> r.method().equals(method) && (path == null || r.path().equals(path)))
        .collect(Collectors.toList());
  }

  private List<JsonObject> bodies(String method, String path) {
    return requests(method, path).stream().map(FakeBigQuery.Recorded::json).collect(Collectors.toList());
  }

  /** The history a first run builds before the window (the ledger has none): 28 days + a week for the fact, a week for the daily marts. */
  private static final List<String> HISTORY =
      List.of(
          "warehouse.fct_order_items 2026-10-18..2026-11-20",
          "mart.kpi_daily 2026-11-14..2026-11-20",
          "mart.kpi_daily_by_item_type 2026-11-14..2026-11-20");

  private static String query(JsonObject jobInsert) {
    return jobInsert.getAsJsonObject("configuration").getAsJsonObject("query").get("query").getAsString();
  }

  /** The jobs.insert bodies of builds: not the lake check's, the reads' or the ledger's forgetting. */
  private List<JsonObject> jobInserts() {
    return fake.jobInserts().stream().filter(BigQueryTargetTest::isBuildJob).collect(Collectors.toList());
  }

  /** The jobs.insert bodies of reads (the ledger's, the marts'): label kpi_read. */
  private List<JsonObject> readJobs() {
    return fake.jobInserts().stream().filter(BigQueryTargetTest::isReadJob).collect(Collectors.toList());
  }

  /** The jobs.insert bodies that make the ledger forget a table's dates (it was recreated empty). */
  private List<JsonObject> forgetJobs() {
    return fake.jobInserts().stream().filter(BigQueryTargetTest::isForgetJob).collect(Collectors.toList());
  }

  /** The lake check's jobs.insert bodies. */
  private List<JsonObject> checkJobs() {
    return fake.jobInserts().stream().filter(BigQueryTargetTest::isCheckJob).collect(Collectors.toList());
  }

  /** The recorded jobs.insert requests of builds (see {@link #jobInserts()}). */
  private List<FakeBigQuery.Recorded> buildJobRequests() {
    return requests("POST", V2 + "/jobs").stream().filter(r -> isBuildJob(r.json())).collect(Collectors.toList());
  }

  /** Job ids of the recorded jobs.insert requests of builds BigQuery accepted (HTTP 200, not 409, not dry runs), in order. */
  private List<String> acceptedJobInserts() {
    List<String> accepted = new ArrayList<>();
    for (FakeBigQuery.Recorded r : buildJobRequests()) {
      if (r.status() == 200 && !isTrue(r.json().getAsJsonObject("configuration"), "dryRun")) {
        accepted.add(r.json().getAsJsonObject("jobReference").get("jobId").getAsString());
      }
    }
    return accepted;
  }

  /** {@link #acceptedJobInserts()}: the name the changed-definition and lake tests use. */
  private List<String> acceptedBuildJobs() {
    return acceptedJobInserts();
  }

  private static boolean isCheckJob(JsonObject jobInsert) {
    return labels(jobInsert.getAsJsonObject("configuration")).containsKey("kpi_check");
  }

  private static boolean isReadJob(JsonObject jobInsert) {
    return labels(jobInsert.getAsJsonObject("configuration")).containsKey("kpi_read");
  }

  private static boolean isForgetJob(JsonObject jobInsert) {
    return jobInsert.getAsJsonObject("configuration").has("query") && query(jobInsert).startsWith("UPDATE `example-project.warehouse.kpi_built_dates`");
  }

  private static boolean isBuildJob(JsonObject jobInsert) {
    return jobInsert.getAsJsonObject("configuration").has("query") && !isCheckJob(jobInsert) && !isReadJob(jobInsert) && !isForgetJob(jobInsert);
  }

  /**
   * The script a build's job runs: the golden build SQL; a windowed build's (a fact, a mart)
   * with the ledger's MERGE before its COMMIT, so the rows and their ledger entry commit together.
   */
  private static String buildScript(String build) {
    String layer = build.substring(0, build.indexOf('.'));
    String table = build.substring(build.indexOf('.') + 1);
    String golden;
    try {
      golden = Files.readString(GOLDEN.resolve(layer).resolve(table + ".build.sql"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return table.equals("dim_items") ? golden : DIALECT.inTransaction(golden, LEDGER.record());
  }

  /** The definition's fingerprint in a build's job id. */
  private static String fingerprint(String jobId) {
    String fingerprint = jobId.replaceFirst("^kpi_.*?_([0-9a-f]{16})_.*$", "$1");
    assertThat(fingerprint).as("the fingerprint in " + jobId).matches("[0-9a-f]{16}");
    return fingerprint;
  }

  /** The run in a build's job id: the sanitized --run-id, or the invocation's own id. */
  private static String runOf(String jobId) {
    return jobId.replaceFirst("^kpi_.*?_[0-9a-f]{16}_(.*)_a[0-9]+$", "$1");
  }

  /** The start of a build's log line, up to its job id's run part: "built mart.kpi_daily 2026-11-21..2026-11-24: job kpi_mart_kpi_daily_2026..._". */
  private static String built(String build, String window) {
    boolean windowed = !build.equals("warehouse.dim_items");
    String table = build.substring(build.indexOf('.') + 1);
    String layer = build.substring(0, build.indexOf('.'));
    return "built " + build + (windowed ? " " + window : "") + ": job kpi_" + layer + "_" + table
        + (windowed ? "_" + window.replace("-", "").replace("..", "_") : "");
  }

  /**
   * That {@code err} has the log line of {@code build} (for the window 2026-11-21..2026-11-24
   * unless it is the dimension) by a job of the run and attempt {@code runAndAttempt}.
   */
  private static void assertBuilt(String err, String build, String runAndAttempt) {
    String line = Pattern.quote("kpi: " + built(build, "2026-11-21..2026-11-24")) + "_[0-9a-f]{16}_" + Pattern.quote(runAndAttempt) + ", 0 B processed";
    assertThat(err.lines()).as(err).anyMatch(l -> l.matches(line));
  }

  /** The index of the first line containing {@code text}, or -1. */
  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  /** Build jobs for the run's window 2026-11-21..24, or without a window (dimensions). */
  private static List<JsonObject> windowJobs(List<JsonObject> jobInserts) {
    return jobInserts.stream()
        .filter(j -> parameters(j.getAsJsonObject("configuration").getAsJsonObject("query")).stream().noneMatch(p -> p.startsWith("start_date ") && !p.endsWith(" 2026-11-21")))
        .collect(Collectors.toList());
  }

  /** Build jobs of history before the run's window, as "table start..end". */
  private static List<String> historyJobs(List<JsonObject> jobInserts) {
    List<String> out = new ArrayList<>();
    for (JsonObject job : jobInserts) {
      List<String> parameters = parameters(job.getAsJsonObject("configuration").getAsJsonObject("query"));
      String start = parameters.stream().filter(p -> p.startsWith("start_date ")).map(p -> p.substring(p.lastIndexOf(' ') + 1)).findFirst().orElse(null);
      String end = parameters.stream().filter(p -> p.startsWith("end_date ")).map(p -> p.substring(p.lastIndexOf(' ') + 1)).findFirst().orElse(null);
      if (start != null && !start.equals("2026-11-21")) {
        out.add(labels(job.getAsJsonObject("configuration")).get("kpi_table").replaceFirst("_", ".") + " " + start + ".." + end);
      }
    }
    return out;
  }

  private static List<String> jobIds(List<JsonObject> jobInserts) {
    return jobInserts.stream()
        .map(j -> j.getAsJsonObject("jobReference").get("jobId").getAsString())
        .collect(Collectors.toList());
  }

  private static boolean isTrue(JsonObject object, String field) {
    return object.has(field) && !object.get(field).isJsonNull() && object.get(field).getAsBoolean();
  }

  private static Map<String, String> labels(JsonObject resource) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (resource.has("labels")) {
      resource.getAsJsonObject("labels").entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
    }
    return labels;
  }

  /** "name TYPE value" of each query parameter; an array's values as [a, b, ...]. */
  private static List<String> parameters(JsonObject queryConfiguration) {
    List<String> out = new ArrayList<>();
    if (queryConfiguration.has("queryParameters")) {
      for (JsonElement parameter : queryConfiguration.getAsJsonArray("queryParameters")) {
        JsonObject p = parameter.getAsJsonObject();
        JsonObject value = p.getAsJsonObject("parameterValue");
        String text;
        if (value.has("value")) {
          text = value.get("value").getAsString();
        } else if (!value.has("arrayValues")) {
          text = "NULL";
        } else {
          List<String> values = new ArrayList<>();
          value.getAsJsonArray("arrayValues").forEach(v -> values.add(v.getAsJsonObject().get("value").getAsString()));
          text = values.toString();
        }
        out.add(p.get("name").getAsString() + " " + p.getAsJsonObject("parameterType").get("type").getAsString() + " " + text);
      }
    }
    return out;
  }

  private static void assertPartitioning(JsonObject table, String field) {
    String name = table.getAsJsonObject("tableReference").get("tableId").getAsString();
    if (field == null) {
      assertThat(table.has("timePartitioning")).as(name + " is not partitioned").isFalse();
      return;
    }
    JsonObject partitioning = table.getAsJsonObject("timePartitioning");
    assertThat(partitioning).as(name + " is partitioned").isNotNull();
    assertThat(partitioning.get("type").getAsString()).as(name).isEqualTo("DAY");
    assertThat(partitioning.get("field").getAsString()).as(name).isEqualTo(field);
  }

  private static List<String> clustering(JsonObject table) {
    List<String> fields = new ArrayList<>();
    table.getAsJsonObject("clustering").getAsJsonArray("fields").forEach(f -> fields.add(f.getAsString()));
    return fields;
  }

  private static JsonArray fields(JsonObject table) {
    return table.getAsJsonObject("schema").getAsJsonArray("fields");
  }

  private static JsonObject field(JsonObject table, String name) {
    for (JsonElement field : fields(table)) {
      if (field.getAsJsonObject().get("name").getAsString().equals(name)) {
        return field.getAsJsonObject();
      }
    }
    throw new AssertionError("no column " + name + " in " + table);
  }

  private static String description(JsonObject resource) {
    return resource.has("description") ? resource.get("description").getAsString() : null;
  }

  private static void assertWarehouseTable(JsonObject table, WarehouseTable definition) {
    assertThat(description(table)).startsWith(definition.description().strip()).endsWith("Owner: " + definition.owner() + ".");
    List<String> names = new ArrayList<>();
    fields(table).forEach(f -> names.add(f.getAsJsonObject().get("name").getAsString()));
    assertThat(names).containsExactlyElementsOf(definition.columns().stream().map(WarehouseColumn::name).collect(Collectors.toList()));
    for (WarehouseColumn column : definition.columns()) {
      assertThat(description(field(table, column.name()))).as(definition.name() + "." + column.name()).isEqualTo(column.description());
    }
  }

  private static void assertMart(JsonObject table, Mart mart) {
    assertThat(description(table)).as(mart.name()).startsWith(mart.description().strip()).endsWith("Owner: " + mart.owner() + ".");
    assertThat(field(table, mart.grain().dateColumn()).get("mode").getAsString()).isEqualTo("REQUIRED");
    assertThat(description(field(table, mart.grain().dateColumn()))).startsWith("First business date (Asia/Tokyo)");
    for (String name : mart.metrics()) {
      Metric metric = ShopCatalog.build().metric(name);
      String expected = metric.displayName().map(d -> d + ": ").orElse("") + metric.description().strip();
      assertThat(description(field(table, name))).as(mart.name() + "." + name).isEqualTo(expected);
    }
    assertThat(fields(table)).hasSize(1 + mart.dimensions().size() + mart.metrics().size());
  }

  private static LakeTable lake(String name) {
    return SHOP.lakeTables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  /** The lake check's counting jobs: one per lake table (the relationship, volume and example queries aside). */
  private List<JsonObject> countingJobs() {
    return checkJobs().stream().filter(j -> query(j).contains("AS " + LakeCheckSql.CHECKED_ROWS)).collect(Collectors.toList());
  }

  /** The timestamp a run checks a lake table by (orders by ordered_at, ...), empty for those read whole. */
  private static Optional<String> range(String table) {
    return Optional.ofNullable(LakeReads.rangeColumns(SHOP).get(table));
  }

  /**
   * Answers the lake check's counting query of {@code table} (whole or by its range) with one
   * row: 100 rows checked and the given counts, 0 for the others.
   */
  private void lakeCounts(String table, Map<String, Long> counts) {
    LakeTable lake = lake(table);
    Set<String> queries = new java.util.HashSet<>(List.of(CHECK.counts(lake, Optional.empty()), CHECK.counts(lake, range(table))));
    List<String> columns = LakeCheckSql.countColumns(lake);
    List<Object> row = new ArrayList<>();
    columns.forEach(c -> row.add(counts.getOrDefault(c, c.equals(LakeCheckSql.CHECKED_ROWS) ? 100L : 0L)));
    fake.resultsFor(queries::contains, columns.stream().map(c -> c + ":INT64").collect(Collectors.joining(", ")), List.of(row));
  }

  /** Orders 7 and 9 twice each: an Embulk load appended twice, and 3 order items without their id. */
  private void aBrokenLake() {
    lakeCounts("orders", Map.of(LakeCheckSql.REPEATED_KEYS, 2L, LakeCheckSql.REPEATED_ROWS, 4L));
    Set<String> examples = new java.util.HashSet<>(List.of(CHECK.repeatedKeys(lake("orders"), Optional.empty()), CHECK.repeatedKeys(lake("orders"), range("orders"))));
    fake.resultsFor(examples::contains, "order_id:INT64, row_count:INT64", List.of(List.of(7, 2), List.of(9, 2)));
    lakeCounts("order_items", Map.of("null_rows_order_item_id", 3L));
  }

  private static final String REPEATED_ORDERS =
      ": the primary key order_id of lake table 'orders' is not unique: 2 values occur more than once, in 4 rows"
          + " (e.g. order_id = 7 in 2 rows, order_id = 9 in 2 rows); every join would count those rows more than once:"
          + " fix the extract (the Embulk load) so that it writes each row once";
  private static final String NULL_ORDER_ITEM_IDS =
      ": column 'order_item_id' of lake table 'order_items' is NULL in 3 rows, but the lake contract declares it NOT NULL;"
          + " a row without it would drop out of every number that reads it: fix the extract (the Embulk load) so that every row has a value in order_item_id";

  /** A table of the lake dataset with "name:TYPE" columns, types in the REST API's legacy names. */
  private void lakeTable(String table, String... columns) {
    fake.addTable("lake", table, FakeBigQuery.tableResource(List.of(columns), "NULLABLE", null));
  }

  /** A row of the KPI table: the metric's name, then its cells in order, separated by spaces. */
  private static void assertRow(List<String> lines, String metric, String... cells) {
    String pattern =
        Pattern.quote(metric) + "\\s+" + java.util.Arrays.stream(cells).map(Pattern::quote).collect(Collectors.joining("\\s+"));
    assertThat(lines).as("a row " + metric + " " + String.join(" ", cells)).anyMatch(line -> line.matches(pattern));
  }

  private static String grouped(long bytes) {
    return String.format(Locale.ROOT, "%,d", bytes);
  }
}
