package dev.kpi.app;

import dev.kpi.runtime.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.Documented;
import dev.kpi.model.LogicalType;
import dev.kpi.model.Unit;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeRule;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.summary.Summary;
import dev.kpi.model.warehouse.Join;
import dev.kpi.model.warehouse.TableKind;
import dev.kpi.model.warehouse.WarehouseColumn;
import dev.kpi.model.warehouse.WarehouseLimits;
import dev.kpi.model.warehouse.WarehouseTable;
import dev.kpi.bigquery.BigQuerySettings;
import dev.kpi.bigquery.FakeBigQuery;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Plan;
import dev.kpi.sql.plan.PlanStep;
import dev.kpi.sql.plan.Planner;
import dev.kpi.sql.plan.StepKind;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.render.BuiltDatesSql;
import dev.kpi.sql.render.LakeCheckSql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code kpi} command on the shop's catalog with {@code --target bigquery}, its official
 * client pointed at {@link FakeBigQuery} (a local BigQuery REST server that records every
 * request; no Google account, no credentials): the datasets, tables and query jobs it asks
 * BigQuery for, and what it does when BigQuery fails, repeats itself or answers 5xx.
 *
 * <p>No expectation names a KPI, column, table or mart of the shop: each comes from the catalog
 * ({@link ShopCatalog#build()}) and its compiled plan (the builds, their order, windows and
 * history, their SQL), and the tables a test changes or makes fail are picked from them. An
 * analyst adding, renaming or re-clustering a KPI, mart or table changes {@code definitions}
 * only.
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
  private static final LocalDate RUN_DATE = LocalDate.parse(DATE);
  private static final String RUN_ID = "scheduled__2026-11-24T21:00:00+00:00";
  /** The run id as it appears in job ids: BigQuery allows letters, digits, _ and - only. */
  private static final String RUN_ID_IN_JOB_ID = "scheduled__2026-11-24T21_00_00_00_00";
  /** The run part of job ids of an invocation without --run-id: inv, its UTC time, 8 characters of a UUID. */
  private static final String INVOCATION = "inv[0-9]{8}T[0-9]{6}_[0-9a-f]{8}";
  /** The job timeout every job carries by default: 45 minutes. */
  private static final String DEFAULT_JOB_TIMEOUT_MS = "2700000";

  private static final String V2 = "/bigquery/v2/projects/" + PROJECT;

  private static final Catalog SHOP = ShopCatalog.build();
  private static final BigQueryDialect DIALECT = BigQueryDialect.forProject(PROJECT);
  /** The lake check's SQL as kpi-sql writes it for the project's default datasets. */
  private static final LakeCheckSql CHECK = new LakeCheckSql(DIALECT, SHOP);
  /** The ledger's SQL: its MERGE goes into each windowed build's script, before the COMMIT. */
  private static final BuiltDatesSql LEDGER = new BuiltDatesSql(DIALECT);
  /** The label every dataset, table and job carries: the catalog's name. */
  private static final String KPI_LABEL = BigQuerySettings.label(SHOP.name());
  /** "example-project.lake.", as messages name a lake table. */
  private static final String LAKE = PROJECT + "." + DIALECT.dataset(Layer.LAKE) + ".";

  // ------------------------------------------------------------------------------ the shop's plan

  /** The shop's plan: what a run builds, in which order, with which window and history. */
  private static final Plan PLAN = Planner.plan(SHOP);

  /**
   * The plan's SQL for the project's default datasets, by step id ("mart.kpi_daily.build"):
   * what the golden files under definitions/src/test/golden/bigquery hold (ShopSqlTest pins the
   * two together).
   */
  private static final Map<String, CompiledStatement> SQL =
      Compiler.forDialect(DIALECT).compile(PLAN).stream()
          .collect(Collectors.toMap(s -> s.step().id(), s -> s, (a, b) -> a, LinkedHashMap::new));

  /** The plan's builds, in its order. */
  private static final List<PlanStep> BUILD_STEPS =
      PLAN.steps().stream().filter(s -> s.kind() == StepKind.BUILD).collect(Collectors.toList());

  /** The builds of a daily run, in the plan's order, as layer.table. */
  private static final List<String> BUILDS =
      BUILD_STEPS.stream().map(s -> s.table().toString()).collect(Collectors.toList());

  /** The builds without a window (dimensions): every run rebuilds them whole. */
  private static final List<String> WHOLE_BUILDS =
      BUILD_STEPS.stream().filter(s -> !s.isWindowed()).map(s -> s.table().toString()).collect(Collectors.toList());

  /** The windowed builds that keep history before their window (a fact read by a rolling metric, a daily mart). */
  private static final List<String> HISTORY_BUILDS =
      BUILD_STEPS.stream().filter(s -> s.isWindowed() && s.historyDays() > 0).map(s -> s.table().toString()).collect(Collectors.toList());

  /**
   * The history a first run for DATE builds before the window (the ledger has none), as
   * "table start..end", in the plan's order: the days the fact's rolling metrics and the daily
   * marts' week-on-week comparison read.
   */
  private static final List<String> HISTORY =
      HISTORY_BUILDS.stream().map(b -> b + " " + historyWindow(b).orElseThrow()).collect(Collectors.toList());

  /** Lake table → the timestamp the builds read it by (tables read whole are absent). */
  private static final Map<String, String> RANGED = LakeReads.rangeColumns(SHOP);

  /** The first business date a first run for DATE builds of a warehouse table: where the lake rows it reads begin. */
  private static final LocalDate FIRST_READ =
      BUILDS.stream()
          .filter(b -> windowed(b) && step(b).table().layer() == Layer.WAREHOUSE)
          .map(BigQueryTargetTest::firstBuilt)
          .min(LocalDate::compareTo)
          .orElse(RUN_DATE);

  /** The marts {@code kpi show} and {@code kpi run} read back: the daily marts without dimensions. */
  private static final List<Mart> SHOWN_MARTS =
      SHOP.marts().stream().filter(m -> m.grain() == Grain.DAY && m.dimensions().isEmpty()).collect(Collectors.toList());

  // ------------------------------------------------------------------------------ what the tests change
  // Picked from the catalog, so that no test names a table, mart or column of the shop.

  /** The mart the tests alter as an older definition made it: the first daily mart. */
  private static final Mart DAILY_MART =
      SHOP.marts().stream().filter(m -> m.grain() == Grain.DAY).findFirst().orElse(SHOP.marts().get(0));

  /**
   * A second mart: the first whose build keeps no history before its window (a weekly or
   * monthly mart), else the last one other than {@link #DAILY_MART}.
   */
  private static final Mart OTHER_MART =
      SHOP.marts().stream()
          .filter(m -> !m.name().equals(DAILY_MART.name()) && step(martBuild(m)).historyDays() == 0)
          .findFirst()
          .orElseGet(
              () -> SHOP.marts().stream().filter(m -> !m.name().equals(DAILY_MART.name())).reduce((a, b) -> b)
                  .orElseThrow(() -> new AssertionError("these tests need two marts")));

  /** The first table the builds write that its definition clusters. */
  private static final String CLUSTERED =
      BUILDS.stream().filter(b -> !expectedClustering(b).isEmpty()).findFirst()
          .orElseThrow(() -> new AssertionError("these tests need a clustered table"));

  /**
   * The build the failure tests make fail: the last windowed build that keeps no history and
   * has a build after it (so that the run stops before that one).
   */
  private static final String FAILING =
      BUILDS.subList(0, BUILDS.size() - 1).stream()
          .filter(b -> windowed(b) && step(b).historyDays() == 0)
          .reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("these tests need a windowed build without history before another build"));

  /** The build after {@link #FAILING}. */
  private static final String AFTER_FAILING = BUILDS.get(BUILDS.indexOf(FAILING) + 1);

  /** A lake table and one of its columns. */
  private record LakePick(LakeTable table, LakeColumn column) {}

  /** The lake tables as the lake tests pick from them: those the builds read by range first, then the others. */
  private static final List<LakeTable> LAKE_PREFERENCE =
      Stream.concat(
              SHOP.lakeTables().stream().filter(t -> RANGED.containsKey(t.name())),
              SHOP.lakeTables().stream().filter(t -> !RANGED.containsKey(t.name())))
          .collect(Collectors.toList());

  /** The lake column check-lake finds loaded as INT64: the first outside a key that is another type. */
  private static final LakePick RETYPED =
      LAKE_PREFERENCE.stream()
          .flatMap(t -> t.columns().stream().filter(c -> !t.primaryKey().contains(c.name()) && c.type() != LogicalType.INT64).map(c -> new LakePick(t, c)))
          .findFirst()
          .orElseThrow(() -> new AssertionError("these tests need a lake column outside a key that is not INT64"));

  /** The lake column check-lake finds missing: in another table, the last outside its key and partition column. */
  private static final LakePick MISSING =
      LAKE_PREFERENCE.stream()
          .filter(t -> !t.name().equals(RETYPED.table().name()))
          .map(
              t -> t.columns().stream()
                  .filter(c -> !t.primaryKey().contains(c.name()) && !t.partitionColumn().map(c.name()::equals).orElse(false))
                  .reduce((a, b) -> b)
                  .map(c -> new LakePick(t, c))
                  .orElse(null))
          .filter(Objects::nonNull)
          .findFirst()
          .orElseThrow(() -> new AssertionError("these tests need a second lake table with a column outside its key"));

  /** The lake table loaded with repeated keys: the first with a key of one INT64 column. */
  private static final LakeTable KEYED =
      LAKE_PREFERENCE.stream()
          .filter(t -> t.primaryKey().size() == 1 && t.findColumn(t.primaryKey().get(0)).orElseThrow().type() == LogicalType.INT64)
          .findFirst()
          .orElseThrow(() -> new AssertionError("these tests need a lake table with a key of one INT64 column"));

  /** The lake column loaded with NULLs: the first key column of another table with a key. */
  private static final LakePick NULLED =
      LAKE_PREFERENCE.stream()
          .filter(t -> !t.name().equals(KEYED.name()) && !t.primaryKey().isEmpty())
          .map(t -> new LakePick(t, t.findColumn(t.primaryKey().get(0)).orElseThrow()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("these tests need a second lake table with a key"));

  private FakeBigQuery fake;

  @BeforeEach
  void startBigQuery() {
    fake = FakeBigQuery.start();
    // The lake check's counting queries find a clean lake unless a test says otherwise.
    for (LakeTable table : SHOP.lakeTables()) {
      lakeCounts(table.name(), Map.of());
      for (var reference : LakeCheckSql.references(table)) {
        Set<String> relationship = new java.util.HashSet<>(List.of(CHECK.relationship(table, reference, Optional.empty()), CHECK.relationship(table, reference, range(table.name()))));
        fake.resultsFor(relationship::contains, LakeCheckSql.MISSING_ROWS + ":INT64, " + LakeCheckSql.OTHER_DATE_ROWS + ":INT64", List.of(List.of(0, 0)));
      }
    }
  }

  @AfterEach
  void stopBigQuery() {
    fake.close();
  }

  // ------------------------------------------------------------------------------ a daily run

  @Test
  void runCreatesWhatIsMissingAndRunsEachBuildAsAQueryJob() throws Exception {
    Cli.Result run = ok("run", "--date", DATE, "--run-id", RUN_ID);

    // Datasets: the warehouse's and the mart's, once each, in the location; never the lake.
    assertThat(fake.datasetInserts()).containsExactly("warehouse", "mart");
    assertThat(fake.hasDataset("lake")).isFalse();
    for (JsonObject dataset : bodies("POST", V2 + "/datasets")) {
      assertThat(dataset.get("location").getAsString()).isEqualTo(LOCATION);
      assertThat(labels(dataset)).containsEntry("kpi", KPI_LABEL);
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
    List<String> expectedTables = new ArrayList<>(BUILDS);
    expectedTables.add("warehouse.kpi_built_dates");
    assertThat(fake.tableInserts()).hasSize(expectedTables.size());
    assertThat(tables.keySet()).containsExactlyInAnyOrderElementsOf(expectedTables);
    assertThat(clustering(tables.get("warehouse.kpi_built_dates"))).containsExactly("table_name");
    tables.remove("warehouse.kpi_built_dates");

    for (String table : BUILDS) {
      JsonObject insert = tables.get(table);
      // A fact by its partition column, a mart by its period's first date; a dimension not at all.
      assertPartitioning(insert, expectedPartition(table));
      List<String> clustering = expectedClustering(table);
      if (clustering.isEmpty()) {
        assertThat(insert.has("clustering")).as(table + " is not clustered").isFalse();
      } else {
        assertThat(clustering(insert)).as(table + ": clustering").containsExactlyElementsOf(clustering);
      }
      assertThat(isTrue(insert, "requirePartitionFilter")).as(table + ": requirePartitionFilter").isEqualTo(expectedRequirePartitionFilter(table));
      assertThat(labels(insert)).as(table + ": labels").containsEntry("kpi", KPI_LABEL).containsEntry("kpi_table", table.replace('.', '_'));
      // Descriptions: the definitions' own words, on the table and on every column; every
      // column's type and mode.
      TableRef ref = step(table).table();
      if (ref.layer() == Layer.WAREHOUSE) {
        assertWarehouseTable(insert, SHOP.warehouseTable(ref.name()));
      } else {
        assertMart(insert, mart(table));
      }
    }

    // Jobs: one query job per build, in the plan's order: the compiled SQL (a windowed build's
    // with the ledger's MERGE inside its transaction), typed parameters, the job timeout.
    List<JsonObject> all = jobInserts();
    List<JsonObject> jobs = windowJobs(all);
    assertThat(jobs).hasSize(BUILDS.size());
    for (int i = 0; i < BUILDS.size(); i++) {
      String build = BUILDS.get(i);
      JsonObject job = jobs.get(i);
      String layer = build.substring(0, build.indexOf('.'));
      String table = build.substring(build.indexOf('.') + 1);
      boolean windowed = windowed(build);
      String start = windowed ? windowStart(build, RUN_DATE).toString() : null;

      JsonObject reference = job.getAsJsonObject("jobReference");
      assertThat(reference.get("projectId").getAsString()).isEqualTo(PROJECT);
      assertThat(reference.get("location").getAsString()).as(build + ": location").isEqualTo(LOCATION);
      String expectedId =
          Pattern.quote(jobPrefix(build, windowed ? window(build) : null)) + "_[0-9a-f]{16}_" + Pattern.quote(RUN_ID_IN_JOB_ID) + "_a1";
      String id = reference.get("jobId").getAsString();
      assertThat(id).as(build + ": job id").matches(expectedId);

      JsonObject configuration = job.getAsJsonObject("configuration");
      assertThat(isTrue(configuration, "dryRun")).as(build + ": not a dry run").isFalse();
      assertThat(configuration.get("jobTimeoutMs").getAsString()).as(build + ": job timeout").isEqualTo(DEFAULT_JOB_TIMEOUT_MS);
      JsonObject query = configuration.getAsJsonObject("query");
      assertThat(query.has("maximumBytesBilled")).as(build + ": no cost limit unless asked for").isFalse();
      assertThat(query.get("query").getAsString()).as(build + ": the compiled SQL").isEqualTo(buildScript(build));
      assertThat(query.get("useLegacySql").getAsBoolean()).as(build + ": legacy SQL off").isFalse();
      assertThat(query.has("destinationTable")).as(build + ": a script writes its own tables").isFalse();
      if (windowed) {
        // The ledger's record shares the window and adds the table, the definition, the job, the
        // lake rows a warehouse build read per date (none here: the fake's lake counts no rows)
        // and the lake check's warnings (none).
        assertThat(parameters(query)).as(build + ": parameters").containsExactlyInAnyOrder(
            "start_date DATE " + start, "end_date DATE " + DATE,
            "table_name STRING " + build, "fingerprint STRING " + fingerprint(id), "job_id STRING " + id,
            "lake_rows STRING " + lakeRows(build), "lake_warnings STRING NULL");
      } else {
        assertThat(parameters(query)).as(build + ": parameters").isEmpty();
      }

      Map<String, String> labels = labels(configuration);
      assertThat(labels).as(build + ": labels")
          .containsEntry("kpi", KPI_LABEL)
          .containsEntry("kpi_table", layer + "_" + table)
          .containsEntry("run_date", DATE);
      assertThat(labels.get("kpi_attempt")).as(build + ": the attempt's token").matches("[0-9a-f]{16}");
      if (windowed) {
        assertThat(labels).containsEntry("start_date", start);
      }
      assertThat(run.err).contains("built " + build + (windowed ? " " + window(build) : "") + ": job " + id + ", 0 B processed\n");
    }
    assertThat(jobs.stream().map(j -> labels(j.getAsJsonObject("configuration")).get("kpi_attempt")))
        .as("a token of its own on every job").doesNotHaveDuplicates();
    // Before its window, each table's history the ledger lacks: a first run gives complete
    // rolling numbers and week-on-week comparisons; those builds record their dates the same way.
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
    // The ledger holds each windowed table's dates, the history's first one too, by the definition that built them.
    for (int i = 0; i < BUILDS.size(); i++) {
      String build = BUILDS.get(i);
      if (windowed(build)) {
        String fingerprint = fingerprint(jobIds(jobs).get(i));
        assertThat(fake.builtDates()).contains(build + " " + DATE + " " + fingerprint, build + " " + firstBuilt(build) + " " + fingerprint);
      }
    }

    List<String> firstIds = jobIds(all);
    assertThat(firstIds).doesNotHaveDuplicates();
    firstIds.forEach(id -> assertThat(fake.job(id)).as(id + " stored").isPresent());
    assertThat(acceptedJobInserts()).as("BigQuery accepted every build job").isEqualTo(firstIds);

    // After the builds, the date's KPIs are read back with a query of the marts.
    assertThat(readJobs())
        .extracting(j -> labels(j.getAsJsonObject("configuration")).get("kpi_read"))
        .containsAll(SHOWN_MARTS.stream().map(Mart::name).collect(Collectors.toList()));
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
      assertThat(retry.err).contains("built " + build + (windowed(build) ? " " + window(build) : "") + ": job ");
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
    for (int i = 0; i < BUILDS.size(); i++) {
      String build = BUILDS.get(i);
      assertThat(first.err).contains("built " + build + (windowed(build) ? " " + window(build) : "") + ": job " + firstIds.get(i) + ", 0 B processed");
    }

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
    assertThat(WHOLE_BUILDS).as("the shop has a dimension, rebuilt whole").isNotEmpty();
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    fake.clearRequests();

    // The next day's run: each dimension (no window, rebuilt whole) runs again, under the new run's id.
    Cli.Result next = ok("run", "--date", "2026-11-25", "--run-id", "scheduled__2026-11-25");

    for (String build : WHOLE_BUILDS) {
      List<String> dimension = acceptedJobInserts().stream().filter(id -> isJobOf(id, build)).collect(Collectors.toList());
      assertThat(dimension).as(next.toString()).hasSize(1);
      assertThat(dimension.get(0)).matches(Pattern.quote(jobPrefix(build, null)) + "_[0-9a-f]{16}_scheduled__2026-11-25_a1");
      JsonObject job = jobInserts().stream().filter(j -> jobIds(List.of(j)).get(0).equals(dimension.get(0))).findFirst().orElseThrow();
      assertThat(query(job)).isEqualTo(buildScript(build));
      assertThat(next.err).contains("built " + build + ": job " + dimension.get(0) + ", 0 B processed\n");
    }
    assertThat(acceptedJobInserts()).as("and every windowed table for the new window").hasSize(BUILDS.size());
  }

  // ------------------------------------------------------------------------------ the dry run

  @Test
  void dryRunPrintsTheBytesEachStatementWouldProcess() {
    // Each build's script its own size (by the table it inserts into), none the fake's default.
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (int i = 0; i < BUILDS.size(); i++) {
      String build = BUILDS.get(i);
      long size = 52_428_800L + 4_096L * i;
      bytes.put(build, size);
      fake.bytesFor(q -> q.contains(insertInto(build)), size);
    }
    assertThat(bytes.values()).doesNotContain(FakeBigQuery.DEFAULT_DRY_RUN_BYTES);
    // The lake check's counting queries: the key and NOT NULL columns only.
    long check = 2_048L;
    fake.bytesFor(q -> q.contains("AS " + LakeCheckSql.CHECKED_ROWS), check);
    // The rows per date the shrink guard compares: the timestamp only.
    long volume = 1_024L;
    fake.bytesFor(q -> q.startsWith("SELECT " + LakeCheckSql.BUSINESS_DATE + ", COUNT(*) AS " + LakeCheckSql.ROW_COUNT), volume);

    Cli.Result dryRun = ok("run", "--date", DATE, "--dry-run");

    Map<String, Long> expected = new LinkedHashMap<>();
    for (String build : BUILDS) {
      expected.put(build + ".build" + (windowed(build) ? " " + window(build) : ""), bytes.get(build));
    }
    // A first run also builds the history the ledger lacks: its cost shows too.
    for (String build : HISTORY_BUILDS) {
      expected.put(build + ".build " + historyWindow(build).orElseThrow(), bytes.get(build));
    }
    List<String> lines = dryRun.out.lines().collect(Collectors.toList());
    for (Map.Entry<String, Long> step : expected.entrySet()) {
      assertThat(lines)
          .as(dryRun.toString())
          .anyMatch(line -> line.matches("\\s*" + Pattern.quote(step.getKey()) + "\\s+" + Pattern.quote(grouped(step.getValue())) + " bytes .*"));
    }
    // The lake check a run starts with costs too: the tables read by range on the run's dates.
    for (LakeTable table : SHOP.lakeTables()) {
      expected.put("lake check " + table.name() + (range(table.name()).isPresent() ? " " + FIRST_READ + ".." + DATE : ""), check);
      range(table.name()).ifPresent(r -> expected.put("lake rows per date " + table.name() + " " + FIRST_READ + ".." + DATE, volume));
    }
    long total = expected.values().stream().mapToLong(Long::longValue).sum();
    long builds = BUILDS.stream().mapToLong(b -> bytes.get(b) * (HISTORY_BUILDS.contains(b) ? 2 : 1)).sum();
    assertThat(total).isEqualTo(builds + SHOP.lakeTables().size() * check + RANGED.size() * volume);
    assertThat(lines).anyMatch(line -> line.matches("\\s*total\\s+" + Pattern.quote(grouped(total)) + " bytes .*"));

    // The table comes first, under its heading; the lake check's dry runs before the builds'.
    assertThat(dryRun.out).startsWith("dry run: bytes each statement would process");
    assertThat(dryRun.out).doesNotContain("BigQuery dry run");
    int firstCheckLine = indexOf(lines, "lake check ");
    int firstBuildLine = indexOf(lines, BUILDS.get(0) + ".build");
    assertThat(firstCheckLine).as(dryRun.out).isPositive().isLessThan(firstBuildLine);

    // Every job is a dry run of the build's whole script (its DELETE and the ledger's MERGE
    // too), with its parameters, location, labels and job timeout; nothing is created.
    assertThat(jobInserts()).hasSize(BUILDS.size() + HISTORY.size()).allMatch(j -> isTrue(j.getAsJsonObject("configuration"), "dryRun"));
    assertThat(checkJobs()).hasSize(SHOP.lakeTables().size() + RANGED.size()).allMatch(j -> isTrue(j.getAsJsonObject("configuration"), "dryRun"));
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
      assertThat(labels(configuration)).containsEntry("kpi", KPI_LABEL).containsEntry("kpi_table", build.replace('.', '_')).containsEntry("run_date", DATE);
      JsonObject query = configuration.getAsJsonObject("query");
      assertThat(query.get("useLegacySql").getAsBoolean()).isFalse();
      assertThat(configuration.get("jobTimeoutMs").getAsString()).isEqualTo(DEFAULT_JOB_TIMEOUT_MS);
      assertThat(query.get("query").getAsString()).as(build + ": the whole script").isEqualTo(buildScript(build));
      if (!windowed(build)) {
        assertThat(parameters(query)).isEmpty();
      } else {
        assertThat(parameters(query))
            .hasSize(7)
            .contains("start_date DATE " + windowStart(build, RUN_DATE), "end_date DATE " + DATE, "table_name STRING " + build, "job_id STRING dry_run", "lake_rows STRING NULL", "lake_warnings STRING NULL")
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
    // The daily mart's last KPI, whichever it is: an analyst adding one changes no test here;
    // and its first KPI, as it used to be described.
    String daily = martBuild(DAILY_MART);
    String added = DAILY_MART.metrics().get(DAILY_MART.metrics().size() - 1);
    String redescribed = DAILY_MART.metrics().get(0);
    assertThat(redescribed).as("the daily mart has two KPIs at least").isNotEqualTo(added);
    olderTable(daily, table -> {
      removeColumn(table, added);
      field(table, redescribed).addProperty("description", "A KPI, as it used to be described.");
      table.addProperty("description", "A mart, as it used to be described.");
    });
    olderTable(CLUSTERED, table -> table.remove("clustering"));
    fake.clearRequests();

    Cli.Result run = ok("run", "--date", DATE, "--run-id", "manual__2026-11-25");

    // One tables.patch per table, each with its whole schema (new columns last, NULLABLE), in the plan's order.
    List<FakeBigQuery.Recorded> patches = requests("PATCH", null);
    List<String> altered = BUILDS.stream().filter(b -> b.equals(daily) || b.equals(CLUSTERED)).collect(Collectors.toList());
    assertThat(patches).extracting(FakeBigQuery.Recorded::path)
        .containsExactlyElementsOf(altered.stream().map(BigQueryTargetTest::tablePath).collect(Collectors.toList()));
    assertThat(patches).extracting(FakeBigQuery.Recorded::status).containsOnly(200);
    JsonObject patched = patches.get(altered.indexOf(daily)).json();
    assertThat(columnNames(patched)).containsExactlyElementsOf(martColumns(DAILY_MART));
    assertThat(field(patched, added).get("type").getAsString()).isEqualTo(restType(SHOP.metricType(added)));
    assertThat(field(patched, added).get("mode").getAsString()).isEqualTo("NULLABLE");
    assertThat(description(field(patched, redescribed))).isEqualTo(metricDescription(redescribed));
    assertThat(description(patched)).isEqualTo(tableDescription(DAILY_MART));
    assertThat(clustering(patches.get(altered.indexOf(CLUSTERED)).json())).containsExactlyElementsOf(expectedClustering(CLUSTERED));
    assertMart(fake.table(DIALECT.dataset(Layer.MART), DAILY_MART.name()).orElseThrow(), DAILY_MART);
    assertThat(fake.tableInserts()).isEmpty();
    assertThat(requests("DELETE", null)).isEmpty();
    assertThat(run.err).contains(
        "added column " + added + " to " + daily + "; dates built before hold NULL in it until rebuilt ('kpi backfill --target bigquery",
        "updated the descriptions of " + daily + " columns " + redescribed,
        "updated the description of " + daily,
        "changed the clustering of " + CLUSTERED + ": (none) -> " + String.join(", ", expectedClustering(CLUSTERED)));

    // The builds still run, after the tables were altered.
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size());
    List<FakeBigQuery.Recorded> all = fake.requests();
    assertThat(all.indexOf(patches.get(patches.size() - 1))).isLessThan(firstJobInsert(all));
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
    // A KPI of another mart, as an older definition typed it.
    String other = martBuild(OTHER_MART);
    String retyped = OTHER_MART.metrics().get(0);
    LogicalType type = SHOP.metricType(retyped);
    assertThat(type).isNotEqualTo(LogicalType.STRING);
    olderTable(other, table -> {
      field(table, retyped).addProperty("type", "STRING");
      table.addProperty("numRows", "52");
    });
    fake.clearRequests();

    // Without consent: refused (a usage error: the scheduler does not retry it), nothing dropped.
    Cli.Result refused = kpi("run", "--date", DATE, "--run-id", "manual__2026-11-25");
    assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err)
        .contains(
            "kpi: error: table " + PROJECT + "." + other + " cannot be brought in line with its definition: the type of " + retyped + " STRING ->"
                + " " + type + " changed, which BigQuery cannot alter in place. kpi drops no table without consent; to copy it to a dated backup,"
                + " recreate it empty and rebuild the dates it held, run: kpi backfill --stale --allow-recreate " + other + " --target bigquery");
    assertThat(requests("DELETE", null)).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();
    assertThat(acceptedBuildJobs()).isEmpty();
    assertThat(fake.table(DIALECT.dataset(Layer.MART), OTHER_MART.name()).orElseThrow().get("numRows").getAsString()).isEqualTo("52");
    fake.clearRequests();

    Cli.Result run = ok("run", "--date", DATE, "--run-id", "manual__2026-11-25", "--allow-recreate", other);

    assertThat(run.err).contains(
        "recreating " + other + " empty: the type of " + retyped + " STRING -> " + type + " changed, which BigQuery cannot alter in place;"
            + " the dates it held are rebuilt by this run and by 'kpi backfill --stale'");
    List<String> changes =
        fake.requests().stream()
            .filter(r -> !r.method().equals("GET") && !r.path().endsWith("/jobs") && !r.path().endsWith("/queries"))
            .map(r -> r.method() + " " + r.path() + " " + r.status())
            .collect(Collectors.toList());
    assertThat(changes).containsExactly("DELETE " + tablePath(other) + " 204", "POST " + V2 + "/datasets/" + DIALECT.dataset(Layer.MART) + "/tables 200");
    // The backup, by a copy job, before the drop: the table as it was.
    String backup =
        run.err.replaceAll(
            "(?s).*copied " + Pattern.quote(other) + " to " + Pattern.quote(DIALECT.dataset(Layer.MART) + ".") + "(" + Pattern.quote(OTHER_MART.name())
                + "__backup_\\d{8}_\\d{6}) before recreating it.*",
            "$1");
    assertThat(fake.table(DIALECT.dataset(Layer.MART), backup)).as(run.err).hasValueSatisfying(t -> assertThat(field(t, retyped).get("type").getAsString()).isEqualTo("STRING"));
    JsonObject created = fake.tableInserts().get(0);
    assertThat(created.getAsJsonObject("tableReference").get("tableId").getAsString()).isEqualTo(OTHER_MART.name());
    assertThat(field(created, retyped).get("type").getAsString()).isEqualTo(restType(type));
    assertPartitioning(created, OTHER_MART.grain().dateColumn());
    assertMart(created, OTHER_MART);
    assertThat(fake.table(DIALECT.dataset(Layer.MART), OTHER_MART.name()).orElseThrow().get("numRows").getAsString()).as("empty").isEqualTo("0");
    // The ledger marked the mart's dates stale with it (an UPDATE job before the builds);
    // the run then recorded the dates it built again.
    List<JsonObject> forget = forgetJobs();
    assertThat(forget).hasSize(1);
    assertThat(query(forget.get(0))).isEqualTo(LEDGER.markRecreated());
    assertThat(parameters(forget.get(0).getAsJsonObject("configuration").getAsJsonObject("query"))).containsExactly("table_name STRING " + other);
    assertThat(jobIds(forget).get(0)).startsWith("kpi_recreated_" + other.replace('.', '_') + "_");
    List<FakeBigQuery.Recorded> all = fake.requests();
    int forgot = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).method().equals("POST") && all.get(i).path().equals(V2 + "/jobs") && isForgetJob(all.get(i).json())) {
        forgot = i;
      }
    }
    assertThat(forgot).isPositive().isLessThan(firstJobInsert(all));
    assertThat(fake.builtDates().stream().filter(row -> row.startsWith(other + " ")).map(row -> row.split(" ")[1]))
        .containsExactlyElementsOf(dates(firstBuilt(other), RUN_DATE));
    assertThat(fake.tableUpdates()).isEmpty();
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size() + (HISTORY_BUILDS.contains(other) ? 1 : 0));
  }

  @Test
  void aDryRunChangesNoTableAndSaysWhatARunWould() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    String daily = martBuild(DAILY_MART);
    String other = martBuild(OTHER_MART);
    String added = DAILY_MART.metrics().get(DAILY_MART.metrics().size() - 1);
    String retyped = OTHER_MART.metrics().get(0);
    olderTable(daily, table -> removeColumn(table, added));
    olderTable(other, table -> field(table, retyped).addProperty("type", "STRING"));
    JsonObject dailyTable = fake.table(DIALECT.dataset(Layer.MART), DAILY_MART.name()).orElseThrow();
    JsonObject otherTable = fake.table(DIALECT.dataset(Layer.MART), OTHER_MART.name()).orElseThrow();
    fake.clearRequests();

    Cli.Result dryRun = ok("run", "--date", DATE, "--dry-run");

    assertThat(dryRun.err).contains(
        "dry run: would add column " + added + " to " + daily,
        "dry run: " + other + ": the type of " + retyped + " STRING -> " + SHOP.metricType(retyped) + " changed, which BigQuery cannot alter in place; a run would refuse,"
            + " since dropping the table needs consent: kpi backfill --stale --allow-recreate " + other + " --target bigquery");
    assertThat(fake.requests())
        .as("only reads (the ledger's too) and dry-run jobs")
        .allMatch(
            r -> r.method().equals("GET")
                || (r.path().equals(V2 + "/jobs") && isReadJob(r.json()) && query(r.json()).startsWith("SELECT table_name, business_date"))
                || (r.path().equals(V2 + "/jobs") && isTrue(r.json().getAsJsonObject("configuration"), "dryRun")));
    assertThat(fake.table(DIALECT.dataset(Layer.MART), DAILY_MART.name()).orElseThrow()).isEqualTo(dailyTable);
    assertThat(fake.table(DIALECT.dataset(Layer.MART), OTHER_MART.name()).orElseThrow()).isEqualTo(otherTable);
    assertThat(dryRun.out).contains(daily + ".build", "total");

    // BigQuery checks a dry run against the tables as they are, so a query may need a column only
    // a run adds: a failing dry run (scripted here) says that a run would alter tables first.
    fake.failJobsMatching(q -> q.contains("AS " + added), "invalidQuery", "Unrecognized name: " + added);
    Cli.Result failed = kpi("run", "--date", DATE, "--dry-run");
    assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
    assertThat(failed.err).contains(
        "Unrecognized name: " + added,
        "note: a dry run changes no table, and a run would first create or alter 2 tables (listed above), which this query may need");
  }

  @Test
  void aColumnTheDefinitionNoLongerHasIsLeftWithANote() {
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    // The last mart, with a KPI column the catalog does not define (any more).
    Mart mart = SHOP.marts().get(SHOP.marts().size() - 1);
    String build = martBuild(mart);
    String retiredName = "retired_" + mart.metrics().get(0);
    assertThat(SHOP.findMetric(retiredName)).isEmpty();
    olderTable(build, table -> {
      JsonObject retired = new JsonObject();
      retired.addProperty("name", retiredName);
      retired.addProperty("type", "INTEGER");
      retired.addProperty("mode", "NULLABLE");
      fields(table).add(retired);
    });
    fake.clearRequests();

    Cli.Result run = ok("run", "--date", DATE, "--run-id", "manual__2026-11-25");

    assertThat(run.err).contains(
        build + " has column " + retiredName + " that its definition no longer has; left as it is (kpi drops no data)");
    assertThat(fake.tableUpdates()).isEmpty();
    assertThat(requests("DELETE", null)).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();
    assertThat(columnNames(fake.table(DIALECT.dataset(Layer.MART), mart.name()).orElseThrow())).endsWith(retiredName);
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size());
  }

  /** Replaces a table of the fake ("mart.kpi_daily") with {@code change} applied to it, as an older definition made it. */
  private void olderTable(String build, java.util.function.Consumer<JsonObject> change) {
    TableRef ref = step(build).table();
    JsonObject resource = fake.table(DIALECT.dataset(ref.layer()), ref.name()).orElseThrow();
    change.accept(resource);
    fake.addTable(DIALECT.dataset(ref.layer()), ref.name(), resource);
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
    List<String> windowedBuilds = BUILDS.stream().filter(BigQueryTargetTest::windowed).collect(Collectors.toList());
    Cli.Result empty = ok("status");
    for (String build : windowedBuilds) {
      assertThat(empty.out).contains(build + ": nothing built");
    }
    assertThat(empty.out).contains("nothing is built yet: run kpi run --date YYYY-MM-DD --target bigquery");
    assertThat(fake.tableInserts()).as("status creates nothing").isEmpty();

    ok("run", "--date", DATE, "--run-id", RUN_ID);
    Cli.Result built = ok("status");
    // Each windowed table: its window and the history before it.
    for (String build : windowedBuilds) {
      assertThat(built.out).contains(build + ": " + days(firstBuilt(build), RUN_DATE) + " dates built (" + firstBuilt(build) + ".." + DATE + ")");
    }
    assertThat(built.out).contains("everything built is up to date");

    // A mart's definition changed since its dates were built.
    String stale = martBuild(OTHER_MART);
    String staleDates = firstBuilt(stale) + ".." + DATE;
    int staleCount = days(firstBuilt(stale), RUN_DATE);
    fake.olderDefinitionBuilt(stale);
    Cli.Result olderDefinition = ok("status");
    assertThat(olderDefinition.out)
        .contains(stale + ": " + staleCount + " dates built (" + staleDates + "); " + staleCount + " stale (" + staleDates + ")")
        .contains(staleCount + " stale table dates: rebuild them with kpi backfill --stale --target bigquery");

    fake.clearRequests();
    Cli.Result rebuilt = ok("backfill", "--stale");
    assertThat(rebuilt.out)
        .startsWith("rebuilt the stale dates: " + plural(WHOLE_BUILDS.size() + 1, "table build") + "\n")
        .contains("  " + stale + " " + staleDates + ": job " + jobPrefix(stale, staleDates) + "_")
        .doesNotContain("rows written");
    assertThat(acceptedJobInserts()).hasSize(WHOLE_BUILDS.size() + 1);
    List<String> expectedJobs = new ArrayList<>(WHOLE_BUILDS);
    expectedJobs.add(stale + " " + staleDates);
    assertThat(jobInserts().stream().map(BigQueryTargetTest::describeJob))
        .as("the dimensions (rebuilt whole every time) and the stale mart's stale dates, nothing else")
        .containsExactlyElementsOf(expectedJobs);
    assertThat(ok("status").out).contains("everything built is up to date");
    assertThat(fake.builtDates().stream().filter(row -> row.startsWith(stale + " ")))
        .hasSize(staleCount)
        .noneMatch(row -> row.endsWith(" older-definition"));
  }

  @Test
  void backfillSkipsWhatTheLedgerSaysIsBuiltUnlessForced() {
    // The range, and before it the history the ledger lacks (the days the fact's rolling
    // metrics read, a week of the daily marts).
    LocalDate from = LocalDate.parse("2026-11-01");
    String range = from + ".." + DATE;
    String inRange = "_" + compact(from) + "_" + compact(RUN_DATE) + "_";
    Cli.Result first = ok("backfill", "--from", from.toString(), "--to", DATE);
    assertThat(first.out)
        .startsWith("backfilled " + range + ": " + plural(BUILDS.size() + HISTORY_BUILDS.size(), "table build") + "\n")
        .doesNotContain("rows written", "on BigQuery");
    for (String build : BUILDS) {
      if (windowed(build)) {
        assertThat(first.out).contains("  " + build + " " + range + ": job " + jobPrefix(build, range) + "_");
      }
    }
    assertThat(acceptedJobInserts()).hasSize(BUILDS.size() + HISTORY_BUILDS.size());
    List<String> firstIds =
        acceptedJobInserts().stream().filter(id -> id.contains(inRange) || WHOLE_BUILDS.stream().anyMatch(b -> isJobOf(id, b))).collect(Collectors.toList());
    assertThat(firstIds).hasSize(BUILDS.size());
    fake.clearRequests();

    // Counted as jobs BigQuery accepted (HTTP 200), not as requests: only the dimensions ran.
    Cli.Result again = ok("backfill", "--from", from.toString(), "--to", DATE);
    assertThat(again.out).contains("backfilled " + range + ": " + plural(WHOLE_BUILDS.size(), "table build") + " (every date was already up to date)");
    assertThat(acceptedJobInserts()).as(again.toString()).hasSize(WHOLE_BUILDS.size()).allMatch(id -> WHOLE_BUILDS.stream().anyMatch(b -> isJobOf(id, b)));
    assertThat(buildJobRequests()).extracting(FakeBigQuery.Recorded::status).containsOnly(200);

    // --force of the range built before: new jobs, which BigQuery accepts and runs.
    fake.clearRequests();
    Cli.Result forced = ok("backfill", "--from", from.toString(), "--to", DATE, "--force");
    assertThat(forced.out).startsWith("backfilled " + range + ": " + plural(BUILDS.size(), "table build") + "\n");
    for (String build : BUILDS) {
      if (windowed(build)) {
        assertThat(forced.out).contains("  " + build + " " + range + ": job " + jobPrefix(build, range) + "_");
      }
    }
    assertThat(buildJobRequests()).as(forced.toString()).extracting(FakeBigQuery.Recorded::status).containsOnly(200);
    List<String> forcedIds = acceptedJobInserts();
    assertThat(forcedIds).hasSize(BUILDS.size()).doesNotContainAnyElementsOf(firstIds);
    assertThat(forcedIds.stream().map(id -> id.replaceAll("_" + INVOCATION + "_a1$", "")))
        .as("the same tables, windows and definitions; another run")
        .containsExactlyElementsOf(firstIds.stream().map(id -> id.replaceAll("_" + INVOCATION + "_a1$", "")).collect(Collectors.toList()));
  }

  @Test
  void notifySendsNumbersOnlyForDatesTheLedgerSaysTheCurrentDefinitionsBuilt() {
    // The marts each summary reads: its headline's and its breakdown's.
    Set<String> read = new LinkedHashSet<>();
    for (Summary summary : SHOP.summaries()) {
      read.add(summary.mart());
      summary.breakdown().ifPresent(b -> read.add(b.mart()));
    }
    read.forEach(name -> martRows(SHOP.findMart(name).orElseThrow()));
    ok("run", "--date", DATE, "--run-id", RUN_ID);

    Cli.Result sent = ok("notify", "--date", DATE, "--dry-run");
    for (Summary summary : SHOP.summaries()) {
      for (String headline : summary.headline()) {
        assertThat(sent.out).as(headline).contains(shown(value(headline, 0), SHOP.metric(headline).unit()));
      }
    }
    assertThat(sent.out).doesNotContain("データ確認エラー");

    // A mart the ledger says an older definition built: a warning instead of numbers.
    Summary summary = SHOP.summaries().get(0);
    String headline = summary.headline().get(0);
    fake.olderDefinitionBuilt("mart." + summary.mart());
    Cli.Result warned = kpi("notify", "--date", DATE, "--dry-run");
    assertThat(warned.exitCode).as(warned.toString()).isEqualTo(1);
    assertThat(warned.out)
        .contains("mart." + summary.mart() + " for " + DATE + " was built by an older definition (run: kpi backfill --stale --target bigquery")
        .doesNotContain(shown(value(headline, 0), SHOP.metric(headline).unit()));
  }

  // ------------------------------------------------------------------------------ failures

  @Test
  void aFailedJobStopsTheRunNamingTheStepTheJobAndBigQuerysMessage() {
    fake.failJobsMatching(q -> q.contains(insertInto(FAILING)), "invalidQuery", "Syntax error: something");

    Cli.Result run = kpi("run", "--date", DATE, "--run-id", RUN_ID);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    List<String> ids = jobIds(jobInserts());
    List<String> failed = ids.stream().filter(id -> isJobOf(id, FAILING)).collect(Collectors.toList());
    // invalidQuery is not transient: one attempt, and the run fails at once.
    assertThat(failed).as(run.toString()).hasSize(1);
    assertThat(failed.get(0)).matches(Pattern.quote(jobPrefix(FAILING, window(FAILING))) + "_[0-9a-f]{16}_" + Pattern.quote(RUN_ID_IN_JOB_ID) + "_a1");
    assertThat(run.err).contains(
        FAILING + ".build for " + window(FAILING) + " failed in BigQuery (job " + failed.get(0) + "): Syntax error: something [invalidQuery];"
            + " the table and kpi's ledger were left as they were before this build");
    assertThat(run.err).doesNotContain("unexpected error", "retrying", "still failing after", "starting attempt");
    List<String> before = BUILDS.subList(0, BUILDS.indexOf(FAILING));
    List<String> after = BUILDS.subList(BUILDS.indexOf(FAILING) + 1, BUILDS.size());
    assertThat(ids).as("the builds before the failed one ran, with their history; those after it never started")
        .hasSize(before.size() + (int) before.stream().filter(HISTORY_BUILDS::contains).count() + 1)
        .noneMatch(id -> after.stream().anyMatch(b -> isJobOf(id, b)));
    assertThat(fake.builtDates()).as("the failed build recorded no date").noneMatch(row -> row.startsWith(FAILING + " "));
    for (String build : before) {
      if (windowed(build)) {
        assertThat(fake.builtDates()).as("the builds before it recorded theirs").anyMatch(row -> row.startsWith(build + " " + DATE + " "));
      }
    }
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
    fake.failJobsMatching(q -> q.contains(insertInto(FAILING)), "invalidQuery", "Syntax error: something");
    assertThat(kpi("run", "--date", DATE).exitCode).isEqualTo(1);

    Cli.Result status = ok("status");
    LocalDate from =
        BUILDS.subList(BUILDS.indexOf(FAILING), BUILDS.size()).stream().map(b -> windowStart(b, RUN_DATE)).min(LocalDate::compareTo).orElseThrow();
    assertThat(status.out)
        .contains(
            FAILING + ": ", "; " + days(windowStart(FAILING, RUN_DATE), RUN_DATE) + " built before a table it reads rebuilt them (" + window(FAILING) + ")",
            "some dates hold numbers from before the tables they read were rebuilt (a run that stopped part-way): rebuild them with"
                + " kpi backfill --from " + from + " --to " + DATE + " --force --target bigquery")
        .doesNotContain("everything built is up to date");
    for (String build : BUILDS.subList(0, BUILDS.indexOf(FAILING))) {
      assertThat(status.out.lines().filter(l -> l.startsWith(build + ": "))).as(build).allMatch(l -> !l.contains("built before"));
    }
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
    assertThat(dryRun.out).contains(BUILDS.get(0) + ".build", "total");
  }

  @Test
  void aRetriedTaskRunsTheNextAttemptOfAJobThatFailed() {
    // A mart's job fails (not transient: the task fails); the scheduler retries the task later
    // with the same --run-id, when the cause is gone.
    AtomicBoolean failing = new AtomicBoolean(true);
    fake.failJobsMatching(
        q -> failing.get() && q.contains(insertInto(FAILING)), "resourcesExceeded", "Resources exceeded during query execution");
    Cli.Result run = kpi("run", "--date", DATE, "--run-id", RUN_ID);
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    String first = jobIds(jobInserts()).stream().filter(id -> isJobOf(id, FAILING)).findFirst().orElseThrow();
    assertThat(first).endsWith("_" + RUN_ID_IN_JOB_ID + "_a1");
    assertThat(fake.job(first).orElseThrow().getAsJsonObject("status").has("errorResult")).isTrue();
    List<String> before = BUILDS.subList(0, BUILDS.indexOf(FAILING));
    List<String> after = BUILDS.subList(BUILDS.indexOf(FAILING) + 1, BUILDS.size());
    List<String> builtBefore =
        jobIds(windowJobs(jobInserts())).stream().filter(id -> before.stream().anyMatch(b -> isJobOf(id, b))).collect(Collectors.toList());
    assertThat(builtBefore).hasSize(before.size());

    failing.set(false);
    fake.clearRequests();
    Cli.Result retry = ok("run", "--date", DATE, "--run-id", RUN_ID);

    String second = first.replaceFirst("_a1$", "_a2");
    assertThat(retry.err).contains(
        FAILING + ".build for " + window(FAILING) + ": job " + first + " of an earlier attempt failed"
            + " (Resources exceeded during query execution [resourcesExceeded]); starting attempt 2");
    assertBuilt(retry.err, FAILING, RUN_ID_IN_JOB_ID + "_a2");
    // What succeeded before is re-used; the failed job runs again as _a2, the builds after it
    // (never started) as _a1: those only are new jobs BigQuery accepted.
    List<String> expected = new ArrayList<>(List.of(second));
    for (String build : after) {
      expected.add(jobIds(jobInserts()).stream().filter(id -> isJobOf(id, build)).findFirst().orElseThrow());
    }
    assertThat(acceptedJobInserts()).as(retry.toString()).containsExactlyElementsOf(expected);
    assertThat(acceptedJobInserts().subList(1, expected.size())).allMatch(id -> id.endsWith("_" + RUN_ID_IN_JOB_ID + "_a1"));
    for (String id : builtBefore) {
      assertThat(retry.err).contains("re-using job " + id + ", started by an earlier attempt of this run");
    }
    assertThat(fake.job(second).orElseThrow().getAsJsonObject("status").has("errorResult")).isFalse();
    assertThat(parameters(fake.job(second).orElseThrow().getAsJsonObject("configuration").getAsJsonObject("query")))
        .as("the ledger records the job that built the dates").contains("job_id STRING " + second);
    assertThat(fake.builtDates().stream().filter(row -> row.startsWith(FAILING + " ")).map(row -> row.split(" ")[1]))
        .containsExactlyElementsOf(dates(windowStart(FAILING, RUN_DATE), RUN_DATE));
  }

  @Test
  void aTransientJobErrorIsRetriedInProcessUnderTheNextAttemptId() {
    // BigQuery's backendError once on one mart, a transaction that lost to a concurrent one once
    // on the next: both are tried again at once, as the next attempt.
    AtomicInteger firstFailures = new AtomicInteger(1);
    AtomicInteger nextFailures = new AtomicInteger(1);
    fake.failJobsMatching(
        q -> q.contains(insertInto(FAILING)) && firstFailures.getAndDecrement() > 0,
        "backendError",
        "Error encountered during execution. Retrying may solve the problem.");
    fake.failJobsMatching(
        q -> q.contains(insertInto(AFTER_FAILING)) && nextFailures.getAndDecrement() > 0,
        "invalidQuery",
        "Transaction is aborted due to concurrent update against table " + PROJECT + ":" + DIALECT.dataset(step(AFTER_FAILING).table().layer()) + "."
            + step(AFTER_FAILING).table().name() + ".");

    Cli.Result run = ok("run", "--date", DATE, "--run-id", RUN_ID);

    List<String> retried = jobIds(jobInserts()).stream().filter(id -> isJobOf(id, FAILING)).collect(Collectors.toList());
    assertThat(retried).as(run.toString()).hasSize(2);
    assertThat(retried.get(0)).endsWith("_" + RUN_ID_IN_JOB_ID + "_a1");
    assertThat(retried.get(1)).isEqualTo(retried.get(0).replaceFirst("_a1$", "_a2"));
    assertThat(run.err).contains(
        FAILING + ".build for " + window(FAILING) + ": job " + retried.get(0) + " failed with a transient error"
            + " (Error encountered during execution. Retrying may solve the problem. [backendError]); retrying in 5 ms as attempt 2");
    assertBuilt(run.err, FAILING, RUN_ID_IN_JOB_ID + "_a2");
    List<String> next = jobIds(jobInserts()).stream().filter(id -> isJobOf(id, AFTER_FAILING)).collect(Collectors.toList());
    assertThat(next).hasSize(2);
    assertThat(next.get(1)).isEqualTo(next.get(0).replaceFirst("_a1$", "_a2"));
    assertThat(run.err).contains("job " + next.get(0) + " failed with a transient error (Transaction is aborted due to concurrent update");
    assertBuilt(run.err, AFTER_FAILING, RUN_ID_IN_JOB_ID + "_a2");
    assertThat(acceptedJobInserts()).contains(retried.get(0), retried.get(1), next.get(0), next.get(1));
    assertThat(fake.builtDates().stream().filter(row -> row.startsWith(FAILING + " ")).map(row -> row.split(" ")[1]))
        .containsExactlyElementsOf(dates(windowStart(FAILING, RUN_DATE), RUN_DATE));

    // A transient error that does not go away: four attempts, then the run fails naming the last.
    String dimension = BUILDS.get(0);
    assertThat(WHOLE_BUILDS).as("the plan builds a dimension first").startsWith(dimension);
    fake.failJobsMatching(q -> q.contains(insertInto(dimension)), "backendError", "Error encountered during execution.");
    fake.clearRequests();
    Cli.Result failed = kpi("run", "--date", DATE, "--run-id", "manual__2026-11-25");
    assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
    List<String> attempts = jobIds(jobInserts());
    assertThat(attempts).as("nothing after the dimension started").hasSize(4).allMatch(id -> isJobOf(id, dimension));
    for (int attempt = 1; attempt <= 4; attempt++) {
      assertThat(attempts.get(attempt - 1)).endsWith("_manual__2026-11-25_a" + attempt);
    }
    assertThat(failed.err).contains(
        dimension + ".build failed in BigQuery (job " + attempts.get(3) + "): Error encountered during execution. [backendError]"
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

    Set<String> shown = SHOWN_MARTS.stream().map(Mart::name).collect(Collectors.toSet());
    Map<String, List<JsonObject>> jobs = new LinkedHashMap<>();
    jobs.put("build", jobInserts());
    jobs.put("lake check", checkJobs());
    jobs.put("ledger read", readJobs().stream().filter(j -> labels(j.getAsJsonObject("configuration")).get("kpi_read").equals("kpi_built_dates")).collect(Collectors.toList()));
    jobs.put("mart read", readJobs().stream().filter(j -> shown.contains(labels(j.getAsJsonObject("configuration")).get("kpi_read"))).collect(Collectors.toList()));
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
    // Every lake table as the contract declares it, but one column loaded as INT64 and, in
    // another table, one column missing.
    for (LakeTable table : SHOP.lakeTables()) {
      List<String> columns = new ArrayList<>();
      for (LakeColumn column : table.columns()) {
        if (table.name().equals(RETYPED.table().name()) && column.name().equals(RETYPED.column().name())) {
          columns.add(column.name() + ":" + restType(LogicalType.INT64));
        } else if (!(table.name().equals(MISSING.table().name()) && column.name().equals(MISSING.column().name()))) {
          columns.add(column.name() + ":" + restType(column.type()));
        }
      }
      lakeTable(table.name(), columns.toArray(new String[0]));
    }

    Cli.Result wrong = kpi("check-lake");

    assertThat(wrong.exitCode).as(wrong.toString()).isEqualTo(1);
    assertThat(wrong.err)
        .contains(LAKE + RETYPED.table().name() + ": column " + RETYPED.column().name() + " is INT64, the contract says " + RETYPED.column().type())
        .contains(LAKE + MISSING.table().name() + ": column " + MISSING.column().name() + " (" + MISSING.column().type() + ") is missing");
    for (LakeTable table : SHOP.lakeTables()) {
      if (!table.name().equals(RETYPED.table().name()) && !table.name().equals(MISSING.table().name())) {
        assertThat(wrong.err).as(table.name()).doesNotContainPattern(Pattern.quote("lake." + table.name()) + "(?![A-Za-z0-9_])");
      }
    }
    assertThat(wrong.err.lines().filter(l -> l.startsWith("  - "))).hasSize(2);
    assertThat(requests("POST", null)).as("check-lake creates nothing: it only queries").allMatch(r -> r.path().equals(V2 + "/jobs") && isCheckJob(r.json()));
    assertThat(countingJobs()).as("the data of the tables whose columns match").hasSize(SHOP.lakeTables().size() - 2);

    lakeTablesAsTheContractSays();

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
      assertThat(labels(configuration)).containsEntry("kpi", KPI_LABEL).containsEntry("kpi_check", "lake");
      if (range(table).isPresent()) {
        // A first run reads the history the ledger lacks too: from the first date its warehouse
        // builds build to the run's date, a day wider each side.
        assertThat(parameters(query)).as(table)
            .contains("check_from TIMESTAMP " + FIRST_READ.minusDays(1) + " 00:00:00.000000+00:00", "check_until TIMESTAMP " + RUN_DATE.plusDays(2) + " 00:00:00.000000+00:00");
      } else {
        assertThat(parameters(query)).as(table).noneMatch(p -> p.startsWith("check_"));
      }
    }
    // Read by range: the lake tables of the facts' window timestamps that no build reads whole.
    assertThat(RANGED).as("the lake tables read by range").isEqualTo(rangedByTheModel()).isNotEmpty();
    assertThat(checks.stream().filter(j -> parameters(j.getAsJsonObject("configuration").getAsJsonObject("query")).stream().anyMatch(p -> p.startsWith("check_from ")))
            .map(j -> labels(j.getAsJsonObject("configuration")).get("kpi_table")))
        .containsExactlyInAnyOrderElementsOf(RANGED.keySet().stream().map(t -> "lake_" + t).collect(Collectors.toList()));
    assertThat(run.err).contains("checked the lake against the lake contract");
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size() + HISTORY.size());

    // The next day's run reads (and checks) only its window's days: the check costs the same at any history.
    LocalDate next = RUN_DATE.plusDays(1);
    LocalDate nextFrom =
        BUILDS.stream().filter(b -> windowed(b) && step(b).table().layer() == Layer.WAREHOUSE).map(b -> windowStart(b, next)).min(LocalDate::compareTo).orElseThrow();
    fake.clearRequests();
    ok("run", "--date", next.toString(), "--run-id", "scheduled__" + next);
    for (JsonObject check : countingJobs()) {
      JsonObject query = check.getAsJsonObject("configuration").getAsJsonObject("query");
      if (range(labels(check.getAsJsonObject("configuration")).get("kpi_table").substring(5)).isPresent()) {
        assertThat(parameters(query))
            .contains("check_from TIMESTAMP " + nextFrom.minusDays(1) + " 00:00:00.000000+00:00", "check_until TIMESTAMP " + next.plusDays(2) + " 00:00:00.000000+00:00");
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
        .contains(whereARunReads(KEYED) + repeatedKeys(), whereARunReads(NULLED.table()) + nullKeys());
    assertThat(run.err.lines().filter(l -> l.startsWith("  - "))).hasSize(2);
    assertThat(jobInserts()).as("no build job started").isEmpty();
    assertThat(fake.datasetInserts()).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();
    // The examples: a query of their own, with the same range.
    List<JsonObject> examples =
        checkJobs().stream().filter(j -> query(j).equals(CHECK.repeatedKeys(KEYED, range(KEYED.name())))).collect(Collectors.toList());
    assertThat(examples).hasSize(1);
    List<String> parameters = parameters(examples.get(0).getAsJsonObject("configuration").getAsJsonObject("query"));
    if (range(KEYED.name()).isPresent()) {
      assertThat(parameters)
          .contains("check_from TIMESTAMP " + FIRST_READ.minusDays(1) + " 00:00:00.000000+00:00", "check_until TIMESTAMP " + RUN_DATE.plusDays(2) + " 00:00:00.000000+00:00");
    } else {
      assertThat(parameters).noneMatch(p -> p.startsWith("check_"));
    }

    // backfill stops the same way; daily too.
    fake.clearRequests();
    Cli.Result backfill = kpi("backfill", "--from", "2026-11-01", "--to", "2026-11-24");
    assertThat(backfill.exitCode).as(backfill.toString()).isEqualTo(1);
    assertThat(backfill.err).contains("the lake does not match the lake contract; nothing was written:\n  - ", repeatedKeys());
    assertThat(jobInserts()).isEmpty();

    // Once the load is fixed, the run proceeds.
    lakeCounts(KEYED.name(), Map.of());
    lakeCounts(NULLED.table().name(), Map.of());
    ok("run", "--date", DATE, "--run-id", RUN_ID);
    assertThat(acceptedBuildJobs()).hasSize(BUILDS.size() + HISTORY.size());
  }

  @Test
  void checkLakeChecksTheDataOfEveryTableWhole() {
    lakeTablesAsTheContractSays();
    aBrokenLake();

    Cli.Result wrong = kpi("check-lake");

    assertThat(wrong.exitCode).as(wrong.toString()).isEqualTo(1);
    assertThat(wrong.err)
        .contains("the lake in BigQuery does not match the lake contract")
        .contains(LAKE + KEYED.name() + repeatedKeys(), LAKE + NULLED.table().name() + nullKeys());
    assertThat(wrong.err.lines().filter(l -> l.startsWith("  - "))).hasSize(2);
    // Every table whole: no range, no parameters.
    assertThat(countingJobs()).hasSize(SHOP.lakeTables().size());
    for (JsonObject check : checkJobs()) {
      String table = labels(check.getAsJsonObject("configuration")).get("kpi_table").substring(5);
      List<String> whole = new ArrayList<>(List.of(CHECK.counts(lake(table), Optional.empty())));
      if (!lake(table).primaryKey().isEmpty()) {
        whole.add(CHECK.repeatedKeys(lake(table), Optional.empty()));
      }
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
    assertThat(SHOWN_MARTS).as("the shop has a daily mart without dimensions").isNotEmpty();
    SHOWN_MARTS.forEach(this::martRows);

    Cli.Result show = ok("show", "--date", DATE, "--label", "env=prd");

    List<String> lines = show.out.lines().collect(Collectors.toList());
    assertThat(show.out).contains("KPIs of 2026-11-24 (Tue)");
    // Each KPI of each mart: its display name, its values on the date, the day before and the
    // same weekday a week before, as the unit writes them, and the changes.
    for (Mart mart : SHOWN_MARTS) {
      assertThat(show.out).contains("mart " + mart.name());
      for (String name : mart.metrics()) {
        Metric metric = SHOP.metric(name);
        Optional<Unit> unit = metric.unit();
        assertRow(
            lines,
            metric.displayName().orElse(name),
            shown(value(name, 0), unit),
            shown(value(name, 1), unit),
            change(value(name, 0), value(name, 1)),
            shown(value(name, 2), unit),
            change(value(name, 0), value(name, 2)));
      }
    }
    assertThat(show.out).doesNotContain("not built");

    // One query job per mart for the three dates, as typed DATE parameters, with the job
    // timeout; nothing created.
    List<JsonObject> reads = readJobs();
    assertThat(reads.stream().map(j -> labels(j.getAsJsonObject("configuration")).get("kpi_read")))
        .containsExactlyElementsOf(SHOWN_MARTS.stream().map(Mart::name).collect(Collectors.toList()));
    for (JsonObject read : reads) {
      JsonObject configuration = read.getAsJsonObject("configuration");
      JsonObject query = configuration.getAsJsonObject("query");
      String mart = labels(configuration).get("kpi_read");
      assertThat(query.get("query").getAsString()).contains(DIALECT.tableName(TableRef.of(Layer.MART, mart)));
      assertThat(query.get("useLegacySql").getAsBoolean()).isFalse();
      assertThat(configuration.get("jobTimeoutMs").getAsString()).isEqualTo(DEFAULT_JOB_TIMEOUT_MS);
      assertThat(labels(configuration)).containsEntry("env", "prd");
      JsonObject dates = query.getAsJsonArray("queryParameters").get(0).getAsJsonObject();
      assertThat(dates.get("name").getAsString()).isEqualTo("dates");
      assertThat(dates.getAsJsonObject("parameterType").get("type").getAsString()).isEqualTo("ARRAY");
      assertThat(dates.getAsJsonObject("parameterType").getAsJsonObject("arrayType").get("type").getAsString()).isEqualTo("DATE");
      List<String> values = new ArrayList<>();
      dates.getAsJsonObject("parameterValue").getAsJsonArray("arrayValues").forEach(v -> values.add(v.getAsJsonObject().get("value").getAsString()));
      // The date, its comparison dates and, for a summary's mart, its anomaly checks' baselines: one query.
      java.util.Set<LocalDate> expected = new java.util.LinkedHashSet<>(READ_DATES);
      SHOP.summaries().stream().filter(s -> s.mart().equals(mart)).forEach(s -> expected.addAll(dev.kpi.runtime.report.Anomalies.dates(s, READ_DATES.get(0))));
      if (SHOP.findMart(mart).orElseThrow().metrics().stream().anyMatch(m -> SHOP.targetOf(m, READ_DATES.get(0)).isPresent())) {
        expected.addAll(dev.kpi.runtime.report.MonthToDate.dates(READ_DATES.get(0)));
      }
      assertThat(values).containsExactlyInAnyOrderElementsOf(expected.stream().map(LocalDate::toString).collect(Collectors.toList()));
    }
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

  // ---------------------------------------------------------------- the plan's builds

  /** The plan's build of {@code build} ("mart.kpi_daily"). */
  private static PlanStep step(String build) {
    return BUILD_STEPS.stream()
        .filter(s -> s.table().toString().equals(build))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the plan has no build of " + build));
  }

  /** Whether a build replaces a window of dates (a fact, a mart), not the whole table (a dimension). */
  private static boolean windowed(String build) {
    return step(build).isWindowed();
  }

  /** The first date of the window a daily run for {@code date} rebuilds of a windowed build: its lookback before {@code date}. */
  private static LocalDate windowStart(String build, LocalDate date) {
    return date.minusDays(step(build).lookbackDays());
  }

  /** The window a run for DATE rebuilds of a windowed build, as the log writes it: "2026-11-21..2026-11-24". */
  private static String window(String build) {
    return windowStart(build, RUN_DATE) + ".." + DATE;
  }

  /** The first date a first run for DATE builds of a windowed build: the first of its history, or of its window. */
  private static LocalDate firstBuilt(String build) {
    return windowStart(build, RUN_DATE).minusDays(step(build).historyDays());
  }

  /** The history a first run for DATE builds before the window, as "start..end"; empty for a build that keeps none. */
  private static Optional<String> historyWindow(String build) {
    if (!windowed(build) || step(build).historyDays() == 0) {
      return Optional.empty();
    }
    return Optional.of(firstBuilt(build) + ".." + windowStart(build, RUN_DATE).minusDays(1));
  }

  /** The number of dates from {@code from} to {@code to}, both included. */
  private static int days(LocalDate from, LocalDate to) {
    return (int) ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** The dates from {@code from} to {@code to}, both included, as text. */
  private static List<String> dates(LocalDate from, LocalDate to) {
    return from.datesUntil(to.plusDays(1)).map(LocalDate::toString).collect(Collectors.toList());
  }

  private static String compact(LocalDate date) {
    return date.toString().replace("-", "");
  }

  /** "3 table builds", "1 table build". */
  private static String plural(int count, String what) {
    return count + " " + what + (count == 1 ? "" : "s");
  }

  /** The mart's build, as layer.table: "mart.kpi_daily". */
  private static String martBuild(Mart mart) {
    return TableRef.of(Layer.MART, mart.name()).toString();
  }

  private static Mart mart(String build) {
    return SHOP.findMart(step(build).table().name()).orElseThrow();
  }

  /** The build's INSERT, which only its script has. */
  private static String insertInto(String build) {
    return "INSERT INTO " + DIALECT.tableName(step(build).table());
  }

  /** The REST path of a build's table. */
  private static String tablePath(String build) {
    TableRef ref = step(build).table();
    return V2 + "/datasets/" + DIALECT.dataset(ref.layer()) + "/tables/" + ref.name();
  }

  /**
   * The start of a build's job ids, up to the definition's fingerprint: "kpi_mart_kpi_daily" and,
   * with a window ("2026-11-21..2026-11-24"), its dates: "kpi_mart_kpi_daily_20261121_20261124".
   */
  private static String jobPrefix(String build, String window) {
    return "kpi_" + build.replace('.', '_') + (window == null ? "" : "_" + window.replace("-", "").replace("..", "_"));
  }

  /** Whether {@code jobId} is a job of {@code build} (of any window, run and attempt). */
  private static boolean isJobOf(String jobId, String build) {
    return jobId.matches(Pattern.quote("kpi_" + build.replace('.', '_')) + "(_[0-9]{8}_[0-9]{8})?_[0-9a-f]{16}_.+");
  }

  /**
   * The lake rows a windowed build records per date of its window (none here: the fake's lake
   * counts no rows): "table=0" for each lake table it reads by range, by name; NULL for a build
   * that reads none (a mart).
   */
  private static String lakeRows(String build) {
    List<String> read =
        step(build).reads().stream()
            .filter(r -> r.layer() == Layer.LAKE && RANGED.containsKey(r.name()))
            .map(r -> r.name() + "=0")
            .sorted()
            .collect(Collectors.toList());
    if (read.isEmpty()) {
      return "NULL";
    }
    return String.join(";", Collections.nCopies(days(windowStart(build, RUN_DATE), RUN_DATE), String.join(",", read)));
  }

  /**
   * The lake tables the builds read by a range of one timestamp, from the model alone: each
   * fact's business date is the date of a lake timestamp, which (with the timestamps the fact
   * says prune alike) its window reads by range; a table some build reads otherwise is read whole.
   */
  private static Map<String, String> rangedByTheModel() {
    Map<String, Set<String>> timestamps = new HashMap<>();
    Set<String> whole = new HashSet<>();
    for (WarehouseTable table : SHOP.warehouseTables()) {
      Map<String, String> pruned = new HashMap<>();
      Expr partition = table.partitionColumn().flatMap(table::findColumn).map(WarehouseColumn::expression).orElse(null);
      if (table.kind() == TableKind.FACT && partition instanceof Expr.BusinessDate && ((Expr.BusinessDate) partition).timestamp() instanceof Expr.ColumnRef) {
        Expr.ColumnRef timestamp = (Expr.ColumnRef) ((Expr.BusinessDate) partition).timestamp();
        pruned.put(timestamp.table(), timestamp.column());
        table.alsoPrunedBy().forEach(c -> pruned.put(c.table(), c.column()));
      }
      List<String> reads = new ArrayList<>(List.of(table.source().name()));
      table.joins().stream().map(Join::table).forEach(t -> reads.add(t.name()));
      for (String lake : reads) {
        if (pruned.containsKey(lake)) {
          timestamps.computeIfAbsent(lake, l -> new HashSet<>()).add(pruned.get(lake));
        } else {
          whole.add(lake);
        }
      }
    }
    Map<String, String> ranged = new TreeMap<>();
    timestamps.forEach((lake, columns) -> {
      if (!whole.contains(lake) && columns.size() == 1) {
        ranged.put(lake, columns.iterator().next());
      }
    });
    return ranged;
  }

  // ---------------------------------------------------------------- the jobs kpi sent

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
   * The script a build's job runs: the plan's compiled build SQL (the golden file's text); a
   * windowed build's (a fact, a mart) with the ledger's MERGE before its COMMIT, so the rows and
   * their ledger entry commit together.
   */
  private static String buildScript(String build) {
    String sql = SQL.get(step(build).id()).sql();
    return windowed(build) ? DIALECT.inTransaction(sql, LEDGER.record()) : sql;
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
    boolean windowed = windowed(build);
    return "built " + build + (windowed ? " " + window : "") + ": job " + jobPrefix(build, windowed ? window : null);
  }

  /**
   * That {@code err} has the log line of {@code build} (for its window of a run for DATE unless
   * it is a dimension) by a job of the run and attempt {@code runAndAttempt}.
   */
  private static void assertBuilt(String err, String build, String runAndAttempt) {
    String line =
        Pattern.quote("kpi: " + built(build, windowed(build) ? window(build) : null)) + "_[0-9a-f]{16}_" + Pattern.quote(runAndAttempt) + ", 0 B processed";
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

  /** The build a job is of, from its kpi_table label ("mart_kpi_daily" → "mart.kpi_daily"). */
  private static String buildOf(JsonObject jobInsert) {
    return labels(jobInsert.getAsJsonObject("configuration")).get("kpi_table").replaceFirst("_", ".");
  }

  /** A query parameter's value ("start_date" → "2026-11-21"), if the job has it. */
  private static Optional<String> parameter(JsonObject jobInsert, String name) {
    return parameters(jobInsert.getAsJsonObject("configuration").getAsJsonObject("query")).stream()
        .filter(p -> p.startsWith(name + " "))
        .map(p -> p.substring(p.lastIndexOf(' ') + 1))
        .findFirst();
  }

  /** A build job as "table" (a dimension) or "table start..end". */
  private static String describeJob(JsonObject jobInsert) {
    return buildOf(jobInsert) + parameter(jobInsert, "start_date").map(s -> " " + s + ".." + parameter(jobInsert, "end_date").orElseThrow()).orElse("");
  }

  /** Build jobs for the window of a run for DATE, or without a window (dimensions). */
  private static List<JsonObject> windowJobs(List<JsonObject> jobInserts) {
    return jobInserts.stream()
        .filter(j -> parameter(j, "start_date").map(s -> s.equals(windowStart(buildOf(j), RUN_DATE).toString())).orElse(true))
        .collect(Collectors.toList());
  }

  /** Build jobs of history before the window of a run for DATE, as "table start..end". */
  private static List<String> historyJobs(List<JsonObject> jobInserts) {
    List<String> out = new ArrayList<>();
    for (JsonObject job : jobInserts) {
      Optional<String> start = parameter(job, "start_date");
      if (start.isPresent() && !start.get().equals(windowStart(buildOf(job), RUN_DATE).toString())) {
        out.add(describeJob(job));
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

  // ---------------------------------------------------------------- the tables kpi made

  /** The column a build's table is partitioned by, as its definition says: a fact's partition column, a mart's period; none for a dimension. */
  private static String expectedPartition(String build) {
    TableRef ref = step(build).table();
    if (ref.layer() == Layer.MART) {
      return mart(build).grain().dateColumn();
    }
    WarehouseTable table = SHOP.warehouseTable(ref.name());
    return table.kind() == TableKind.FACT ? table.partitionColumn().orElseThrow() : null;
  }

  /** The columns a build's table is clustered by: a warehouse table's as it declares them, a mart's by its dimensions (as many as BigQuery allows). */
  private static List<String> expectedClustering(String build) {
    TableRef ref = step(build).table();
    if (ref.layer() == Layer.MART) {
      return mart(build).dimensions().stream().limit(WarehouseLimits.MAX_CLUSTER_COLUMNS).collect(Collectors.toList());
    }
    return SHOP.warehouseTable(ref.name()).clusterBy();
  }

  /** Whether every query of a build's table must filter on its partitions: a fact's (all its history is billed otherwise). */
  private static boolean expectedRequirePartitionFilter(String build) {
    TableRef ref = step(build).table();
    return ref.layer() == Layer.WAREHOUSE && SHOP.warehouseTable(ref.name()).kind() == TableKind.FACT;
  }

  /** A table's description in BigQuery: its definition's, with the owner. */
  private static String tableDescription(Documented definition) {
    return definition.description().strip() + " Owner: " + definition.owner() + ".";
  }

  /** A KPI or dimension column's description: its display name, then its definition's description. */
  private static String columnDescription(Optional<String> displayName, String description) {
    return displayName.map(d -> d + ": ").orElse("") + description.strip();
  }

  private static String metricDescription(String metric) {
    Metric definition = SHOP.metric(metric);
    return columnDescription(definition.displayName(), definition.description());
  }

  /** A mart's columns: its period's first date, its dimensions, its KPIs. */
  private static List<String> martColumns(Mart mart) {
    List<String> columns = new ArrayList<>(List.of(mart.grain().dateColumn()));
    columns.addAll(mart.dimensions());
    columns.addAll(mart.metrics());
    return columns;
  }

  /** A type as BigQuery's REST API names it (its legacy names). */
  private static String restType(LogicalType type) {
    switch (type) {
      case INT64:
        return "INTEGER";
      case FLOAT64:
        return "FLOAT";
      case BOOL:
        return "BOOLEAN";
      case NUMERIC:
      case STRING:
      case DATE:
      case TIMESTAMP:
        return type.name();
      default:
        throw new AssertionError("no REST name for " + type);
    }
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

  private static List<String> columnNames(JsonObject table) {
    List<String> names = new ArrayList<>();
    fields(table).forEach(f -> names.add(f.getAsJsonObject().get("name").getAsString()));
    return names;
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

  /** A column's type, mode and description (none for a blank one). */
  private static void assertColumn(JsonObject table, String tableName, String column, LogicalType type, String mode, String description) {
    JsonObject field = field(table, column);
    String name = tableName + "." + column;
    assertThat(field.get("type").getAsString()).as(name + ": type").isEqualTo(restType(type));
    assertThat(field.get("mode").getAsString()).as(name + ": mode").isEqualTo(mode);
    assertThat(description(field)).as(name + ": description").isEqualTo(description.isBlank() ? null : description);
  }

  /** A warehouse table as its definition describes it: description and owner, then every column in order, with its type, mode and description. */
  private static void assertWarehouseTable(JsonObject table, WarehouseTable definition) {
    assertThat(description(table)).as(definition.name()).isEqualTo(tableDescription(definition));
    assertThat(columnNames(table)).as(definition.name() + ": columns")
        .containsExactlyElementsOf(definition.columns().stream().map(WarehouseColumn::name).collect(Collectors.toList()));
    for (WarehouseColumn column : definition.columns()) {
      // The partition column holds every row's date: never NULL.
      boolean partition = definition.partitionColumn().map(column.name()::equals).orElse(false);
      assertColumn(table, definition.name(), column.name(), column.expression().type(), partition ? "REQUIRED" : "NULLABLE", column.description());
    }
  }

  /** A mart as its definition describes it: description and owner, the period's first date, every dimension and KPI in order, with its type and description. */
  private static void assertMart(JsonObject table, Mart mart) {
    assertThat(description(table)).as(mart.name()).isEqualTo(tableDescription(mart));
    assertThat(columnNames(table)).as(mart.name() + ": columns").containsExactlyElementsOf(martColumns(mart));
    assertColumn(
        table, mart.name(), mart.grain().dateColumn(), LogicalType.DATE, "REQUIRED",
        "First business date (" + SHOP.timeZone() + ") of the " + mart.grain().name().toLowerCase(Locale.ROOT) + " of the row.");
    for (String name : mart.dimensions()) {
      Dimension dimension = SHOP.dimension(name);
      assertColumn(table, mart.name(), name, dimension.column().type(), "NULLABLE", columnDescription(dimension.displayName(), dimension.description()));
    }
    for (String name : mart.metrics()) {
      assertColumn(table, mart.name(), name, SHOP.metricType(name), "NULLABLE", metricDescription(name));
    }
  }

  // ---------------------------------------------------------------- the lake

  private static LakeTable lake(String name) {
    return SHOP.lakeTables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  /** The lake check's counting jobs: one per lake table (the relationship, volume and example queries aside). */
  private List<JsonObject> countingJobs() {
    return checkJobs().stream().filter(j -> query(j).contains("AS " + LakeCheckSql.CHECKED_ROWS)).collect(Collectors.toList());
  }

  /** The timestamp a run checks a lake table by (orders by ordered_at, ...), empty for those read whole. */
  private static Optional<String> range(String table) {
    return Optional.ofNullable(RANGED.get(table));
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

  /** The key of {@link #KEYED} twice each for two values (7 and 9): a load appended twice; and 3 rows of {@link #NULLED}'s table without its key. */
  private void aBrokenLake() {
    lakeCounts(KEYED.name(), Map.of(LakeCheckSql.REPEATED_KEYS, 2L, LakeCheckSql.REPEATED_ROWS, 4L));
    Set<String> examples = new java.util.HashSet<>(List.of(CHECK.repeatedKeys(KEYED, Optional.empty()), CHECK.repeatedKeys(KEYED, range(KEYED.name()))));
    fake.resultsFor(examples::contains, KEYED.primaryKey().get(0) + ":INT64, " + LakeCheckSql.ROW_COUNT + ":INT64", List.of(List.of(7, 2), List.of(9, 2)));
    lakeCounts(NULLED.table().name(), Map.of(LakeCheckSql.nullRows(NULLED.column().name()), 3L));
  }

  /** What the lake check says of {@link #aBrokenLake()}'s repeated keys, after naming the table. */
  private static String repeatedKeys() {
    String key = KEYED.primaryKey().get(0);
    return ": the primary key " + key + " of lake table '" + KEYED.name() + "' is not unique: 2 values occur more than once, in 4 rows"
        + " (e.g. " + key + " = 7 in 2 rows, " + key + " = 9 in 2 rows); every join would count those rows more than once:"
        + " fix the extract (the Embulk load) so that it writes each row once";
  }

  /** What the lake check says of {@link #aBrokenLake()}'s rows without their key, after naming the table. */
  private static String nullKeys() {
    String column = NULLED.column().name();
    return ": column '" + column + "' of lake table '" + NULLED.table().name() + "' is NULL in 3 rows, but the lake contract declares it NOT NULL;"
        + " a row without it would drop out of every number that reads it: fix the extract (the Embulk load) so that every row has a value in " + column;
  }

  /**
   * A lake table as a first run for DATE names the rows it checked: those its builds read, by the
   * table's range a day wider each side (and those outside the plausible range), or the table whole.
   */
  private static String whereARunReads(LakeTable table) {
    Optional<String> range = range(table.name());
    if (range.isEmpty()) {
      return LAKE + table.name();
    }
    boolean plausible = table.rules().stream().anyMatch(r -> r instanceof LakeRule.PlausibleTime && r.column().equals(range.get()));
    return LAKE + table.name() + " (the rows with " + range.get() + " from " + FIRST_READ.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
        + " until " + RUN_DATE.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant() + (plausible ? ", and those outside the plausible range" : "") + ")";
  }

  /** A table of the lake dataset with "name:TYPE" columns, types in the REST API's legacy names. */
  private void lakeTable(String table, String... columns) {
    fake.addTable(DIALECT.dataset(Layer.LAKE), table, FakeBigQuery.tableResource(List.of(columns), "NULLABLE", null));
  }

  /** Every lake table, with the columns and types the lake contract declares. */
  private void lakeTablesAsTheContractSays() {
    for (LakeTable table : SHOP.lakeTables()) {
      lakeTable(table.name(), table.columns().stream().map(c -> c.name() + ":" + restType(c.type())).toArray(String[]::new));
    }
  }

  // ---------------------------------------------------------------- the marts' rows

  /** The dates a read of the KPIs of DATE asks for: the date, the day before, the same weekday a week before. */
  private static final List<LocalDate> READ_DATES = List.of(RUN_DATE, RUN_DATE.minusDays(1), RUN_DATE.minusDays(7));

  /**
   * A KPI's value in the fake's answers on the {@code day}th of {@link #READ_DATES}: a million
   * times its place in the catalog the day before; on the date 20% more for every other KPI
   * (the same for the others), and 50% more the week before.
   */
  private static long value(String metric, int day) {
    int index = SHOP.metrics().indexOf(SHOP.metric(metric));
    long dayBefore = 1_000_000L * (index + 1);
    if (day == 0) {
      return index % 2 == 0 ? dayBefore * 12 / 10 : dayBefore;
    }
    return day == 1 ? dayBefore : dayBefore * 15 / 10;
  }

  /**
   * Answers the reads of a mart with its rows on {@link #READ_DATES}: each KPI's {@link #value};
   * a mart with dimensions has two rows a date, each a little less.
   */
  private void martRows(Mart mart) {
    List<String> columns = new ArrayList<>(List.of(mart.grain().dateColumn() + ":DATE"));
    mart.dimensions().forEach(d -> columns.add(d + ":" + SHOP.dimension(d).column().type().name()));
    mart.metrics().forEach(m -> columns.add(m + ":" + SHOP.metricType(m).name()));
    List<List<Object>> rows = new ArrayList<>();
    for (int day = 0; day < READ_DATES.size(); day++) {
      int rowsPerDate = mart.dimensions().isEmpty() ? 1 : 2;
      for (int r = 0; r < rowsPerDate; r++) {
        List<Object> row = new ArrayList<>();
        row.add(READ_DATES.get(day).toString());
        for (String dimension : mart.dimensions()) {
          row.add(SHOP.dimension(dimension).column().type() == LogicalType.STRING ? "value " + (r + 1) : String.valueOf(r + 1));
        }
        for (String metric : mart.metrics()) {
          row.add(mart.dimensions().isEmpty() ? value(metric, day) : value(metric, day) - (r + 1));
        }
        rows.add(row);
      }
    }
    String table = DIALECT.tableName(TableRef.of(Layer.MART, mart.name())) + " WHERE";
    fake.resultsFor(q -> q.contains(table), String.join(", ", columns), rows);
  }

  /** A whole value as the KPI table and the Slack message write it in its unit: ¥1,200,000, 1,200,000, 12.0%. */
  private static String shown(long value, Optional<Unit> unit) {
    if (unit.orElse(null) == Unit.JPY) {
      return "¥" + String.format(Locale.ROOT, "%,d", value);
    }
    if (unit.orElse(null) == Unit.RATIO) {
      return String.format(Locale.ROOT, "%,.1f%%", value * 100.0);
    }
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** The change from {@code base} to {@code value} as the KPI table writes it: +20.0%, −33.3%, ±0.0%. */
  private static String change(long value, long base) {
    BigDecimal percent = BigDecimal.valueOf(value - base).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(Math.abs(base)), 1, RoundingMode.HALF_UP);
    return (percent.signum() > 0 ? "+" : percent.signum() < 0 ? "\u2212" : "±") + percent.abs().toPlainString() + "%";
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
