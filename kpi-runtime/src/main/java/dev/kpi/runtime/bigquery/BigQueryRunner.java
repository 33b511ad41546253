package dev.kpi.runtime.bigquery;

import com.google.cloud.RetryOption;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TimePartitioning;
import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.runtime.BuildPlanner;
import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.Fingerprints;
import dev.kpi.runtime.KpiException;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.StepKind;
import dev.kpi.sql.plan.TableRef;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Consumer;
import org.threeten.bp.Duration;

/**
 * Runs the catalog's plan on BigQuery with the official client: the same SQL as the golden
 * files, each build one query job with typed named parameters.
 *
 * <ul>
 *   <li>First, the lake rows the builds will read are checked against the lake contract (no NULL
 *       in a NOT NULL column, no primary key twice; {@link BigQueryLakeCheck}): a problem stops
 *       the run before anything is created or built.
 *   <li>Missing warehouse and mart datasets and tables are created, with their partitioning,
 *       clustering, {@code require_partition_filter} on facts, and the definitions'
 *       descriptions on tables and columns, so BigQuery's own catalog explains each KPI.
 *       Existing tables are brought in line with changed definitions first ({@link
 *       BigQuerySchemaSync}).
 *   <li>Job ids are deterministic — table, window, definition fingerprint and the scheduler's
 *       run id — so a retried task finds its job already there (BigQuery answers 409) and waits
 *       for it instead of writing twice.
 *   <li>A failed job stops the run with the step, the job id and BigQuery's message.
 * </ul>
 */
public final class BigQueryRunner {
  private final BigQuery bigQuery;
  private final BigQuerySettings settings;
  private final Catalog catalog;
  private final Consumer<String> log;
  private final List<CompiledStatement> statements;
  private final Fingerprints fingerprints;
  private final BigQuerySchemaSync tables;
  private final BigQueryLedger ledger;
  private final BigQueryLakeCheck lakeCheck;

  public BigQueryRunner(BigQuery bigQuery, BigQuerySettings settings, Catalog catalog, Consumer<String> log) {
    this.bigQuery = bigQuery;
    this.settings = settings;
    this.catalog = catalog;
    this.log = log;
    this.statements = Compiler.forDialect(settings.dialect()).compile(catalog);
    this.fingerprints = new Fingerprints(statements);
    this.tables = new BigQuerySchemaSync(bigQuery, log);
    this.ledger = new BigQueryLedger(bigQuery, settings);
    this.lakeCheck = new BigQueryLakeCheck(bigQuery, settings, catalog, this::labels, this::runJob);
  }

  /** One build job of a run. */
  public static final class JobReport {
    private final String step;
    private final String jobId;
    private final DateWindow window;
    private final Long bytesProcessed;

    JobReport(String step, String jobId, DateWindow window, Long bytesProcessed) {
      this.step = step;
      this.jobId = jobId;
      this.window = window;
      this.bytesProcessed = bytesProcessed;
    }

    public String step() {
      return step;
    }

    public String jobId() {
      return jobId;
    }

    public DateWindow window() {
      return window;
    }

    /** Null when BigQuery did not say. */
    public Long bytesProcessed() {
      return bytesProcessed;
    }

    @Override
    public String toString() {
      return step + (window == null ? "" : " " + window) + " (job " + jobId + (bytesProcessed == null ? "" : ", " + Bytes.format(bytesProcessed) + " processed") + ")";
    }
  }

  /** The daily job (see {@link BuildPlanner#daily}): history the ledger lacks, then the lookback window. */
  public List<JobReport> runDate(LocalDate date, Optional<String> runId) {
    DateWindow checked = checkLake(planner().daily(date));
    prepare(false);
    return runAll(checkedAgain(planner().daily(date), checked), date, runId);
  }

  /**
   * Every table for a range of dates, one job per table and stretch of dates; without {@code
   * force}, dates the ledger says the current definitions built are skipped.
   */
  public List<JobReport> backfill(DateWindow window, boolean force, Optional<String> runId) {
    DateWindow checked = checkLake(planner().backfill(window, force));
    prepare(false);
    return runAll(checkedAgain(planner().backfill(window, force), checked), window.end(), runId);
  }

  /** Exactly the dates the ledger says an older definition built. */
  public List<JobReport> backfillStale(Optional<String> runId) {
    DateWindow checked = checkLake(planner().stale());
    prepare(false);
    return runAll(checkedAgain(planner().stale(), checked), LocalDate.now(java.time.ZoneId.of(catalog.timeZone())), runId);
  }

  /** Per windowed table, the dates built by another definition than today's. */
  public Map<String, SortedSet<LocalDate>> staleDates() {
    return planner().staleDates();
  }

  /** Every date each windowed table holds, as the ledger records it. */
  public Map<String, SortedSet<LocalDate>> builtDates() {
    return planner().builtDates();
  }

  /** Plans from the ledger as it is now. */
  private BuildPlanner planner() {
    Map<String, Map<LocalDate, String>> built = BigQueryLedger.fingerprints(ledger.read());
    return new BuildPlanner(statements, fingerprints, table -> built.getOrDefault(table, Map.of()));
  }

  private List<JobReport> runAll(List<BuildPlanner.Build> builds, LocalDate runDate, Optional<String> runId) {
    List<JobReport> reports = new ArrayList<>();
    for (BuildPlanner.Build build : builds) {
      reports.add(build(build.step(), build.window(), runDate, runId, false));
    }
    return reports;
  }

  /**
   * What the daily run would process, without running it: a dry run of each build's query
   * (the rows it reads; deleting whole partitions is not billed), history the ledger lacks
   * included. Creates and alters nothing; the log says which tables a run would create, alter
   * or recreate first.
   */
  public List<JobReport> dryRun(LocalDate date) {
    int pending = prepare(true);
    List<BuildPlanner.Build> builds = planner().daily(date);
    // The lake check a run starts with is part of its cost: its counting queries come first.
    List<JobReport> reports = new ArrayList<>(lakeCheck.dryRun(new BigQueryLakeCheck.Scope(lakeDates(builds))));
    for (BuildPlanner.Build build : builds) {
      try {
        reports.add(build(build.step(), build.window(), date, Optional.empty(), true));
      } catch (KpiException e) {
        if (pending == 0) {
          throw e;
        }
        // BigQuery checks a query against the tables as they are; a new column a real run adds
        // first is not there yet, so point at the changes rather than let this look like a bug.
        throw new KpiException(
            e.getMessage() + "; note: a dry run changes no table, and a run would first create or alter " + pending
                + (pending == 1 ? " table" : " tables") + " (listed above), which this query may need",
            e.getCause());
      }
    }
    return reports;
  }

  // ------------------------------------------------------------------ datasets and tables

  /**
   * Creates the missing warehouse and mart datasets and tables and aligns the existing tables
   * with their definitions; in a dry run only logs what it would do. The lake is Embulk's: only
   * checked. Returns the number of tables created, altered or recreated (or that would be).
   */
  private int prepare(boolean dryRun) {
    Set<String> datasets = new HashSet<>();
    int changed = 0;
    for (CompiledStatement statement : statements) {
      if (statement.step().kind() != StepKind.CREATE || statement.step().table().layer() == Layer.LAKE) {
        continue;
      }
      TableRef table = statement.step().table();
      String dataset = dataset(table.layer());
      if (!dryRun && datasets.add(dataset)) {
        ensureDataset(dataset);
      }
      BigQuerySchemaSync.Change change = tables.sync(tableInfo(statement.table().orElseThrow()), dryRun);
      if (change != BigQuerySchemaSync.Change.NONE) {
        changed++;
      }
      if (change == BigQuerySchemaSync.Change.RECREATED && !dryRun) {
        forgetDates(table);
      }
    }
    if (!dryRun && datasets.add(settings.warehouseDataset())) {
      ensureDataset(settings.warehouseDataset());
    }
    if (tables.sync(tableInfo(ledger.table()), dryRun) != BigQuerySchemaSync.Change.NONE) {
      changed++;
    }
    return changed;
  }

  private void ensureDataset(String dataset) {
    try {
      if (bigQuery.getDataset(DatasetId.of(settings.project(), dataset)) != null) {
        return;
      }
      DatasetInfo.Builder info =
          DatasetInfo.newBuilder(DatasetId.of(settings.project(), dataset)).setDescription("KPI tables of catalog " + catalog.name() + ", built by kpi.").setLabels(labels(Map.of()));
      settings.location().ifPresent(info::setLocation);
      bigQuery.create(info.build());
      log.accept("created dataset " + settings.project() + "." + dataset);
    } catch (BigQueryException e) {
      if (e.getCode() == 409) {
        return; // created meanwhile: fine
      }
      throw new KpiException("creating dataset " + settings.project() + "." + dataset + " failed: " + message(e) + "; check that the credentials may create datasets in project " + settings.project(), e);
    }
  }

  /** The table as its definition describes it: what is created, and what an existing table is aligned with. */
  private TableInfo tableInfo(TableDdl ddl) {
    TableId id = TableId.of(settings.project(), dataset(ddl.table().layer()), ddl.table().name());
    List<Field> fields = new ArrayList<>();
    for (ColumnDdl column : ddl.columns()) {
      fields.add(
          Field.newBuilder(column.name(), standardType(column.type()))
              .setMode(column.nullable() ? Field.Mode.NULLABLE : Field.Mode.REQUIRED)
              .setDescription(column.description().isBlank() ? null : column.description())
              .build());
    }
    StandardTableDefinition.Builder definition = StandardTableDefinition.newBuilder().setSchema(Schema.of(fields));
    ddl.partitionColumn()
        .ifPresent(p -> definition.setTimePartitioning(TimePartitioning.newBuilder(TimePartitioning.Type.DAY).setField(p).build()));
    if (!ddl.clusterBy().isEmpty()) {
      definition.setClustering(Clustering.newBuilder().setFields(ddl.clusterBy()).build());
    }
    TableInfo.Builder table =
        TableInfo.newBuilder(id, definition.build())
            .setDescription(ddl.description())
            .setLabels(labels(Map.of("kpi_table", label(ddl.table().toString()))));
    if (ddl.requirePartitionFilter() && ddl.partitionColumn().isPresent()) {
      table.setRequirePartitionFilter(true);
    }
    return table.build();
  }

  // ------------------------------------------------------------------ jobs

  private JobReport build(CompiledStatement step, DateWindow window, LocalDate runDate, Optional<String> runId, boolean dryRun) {
    String name = step.step().id();
    String fingerprint = fingerprints.of(step.step().table());
    QueryJobConfiguration.Builder config =
        QueryJobConfiguration.newBuilder(dryRun ? step.query().orElseThrow() : step.sql())
            .setUseLegacySql(false)
            .setDryRun(dryRun)
            .setLabels(labels(jobLabels(step, window, runDate)));
    if (window != null) {
      config.addNamedParameter(Parameter.START_DATE.sqlName(), QueryParameterValue.date(window.start().toString()));
      config.addNamedParameter(Parameter.END_DATE.sqlName(), QueryParameterValue.date(window.end().toString()));
    }
    if (dryRun) {
      try {
        // A job id of its own, to carry the location: without one the client sends none.
        JobId.Builder dryRunId = JobId.newBuilder().setRandomJob().setProject(settings.project());
        settings.location().ifPresent(dryRunId::setLocation);
        Job job = bigQuery.create(JobInfo.of(dryRunId.build(), config.build()));
        JobStatistics.QueryStatistics statistics = job.getStatistics();
        return new JobReport(name, "dry run", window, statistics == null ? null : statistics.getTotalBytesProcessed());
      } catch (BigQueryException e) {
        throw new KpiException("the dry run of " + name + (window == null ? "" : " for " + window) + " failed: " + message(e), e);
      }
    }
    JobId jobId = jobId(step, window, fingerprint, runId);
    String what = name + (window == null ? "" : " for " + window);
    Job job = runJob(what, jobId, config.build(), "; the tables were left as they were before this build");
    JobStatistics.QueryStatistics statistics = job.getStatistics();
    Long bytes = statistics == null ? null : statistics.getTotalBytesProcessed();
    JobReport report = new JobReport(name, jobId.getJob(), window, bytes);
    log.accept("built " + report);
    if (window != null) {
      recordDates(step, window, fingerprint, jobId, runDate);
    }
    return report;
  }

  /** A table recreated empty holds no date any more: the ledger must not say otherwise. */
  private void forgetDates(TableRef table) {
    JobId.Builder id = JobId.newBuilder().setRandomJob().setProject(settings.project());
    settings.location().ifPresent(id::setLocation);
    runJob(
        "forgetting the dates of " + table + " in " + ledger.name(),
        id.build(),
        ledger.forget(table.toString()).setLabels(labels(Map.of("kpi_table", label(table.toString())))).build(),
        "; the table was recreated empty, but the ledger still lists its old dates: rebuild them with 'kpi backfill --target bigquery --force'");
  }

  /** Records the build's dates in the ledger, in a job whose id follows the build's. */
  private void recordDates(CompiledStatement step, DateWindow window, String fingerprint, JobId buildJobId, LocalDate runDate) {
    String table = step.step().table().toString();
    JobId.Builder id = buildJobId.toBuilder().setJob(buildJobId.getJob() + "_ledger");
    QueryJobConfiguration config =
        ledger.record(table, window, fingerprint, buildJobId.getJob()).setLabels(labels(jobLabels(step, window, runDate))).build();
    runJob(
        "recording the dates " + window + " of " + table + " in " + ledger.name(),
        id.build(),
        config,
        "; the build itself succeeded, but its dates read as not built until the next run builds them again");
  }

  /**
   * Starts a query job and waits for it; a job id BigQuery already has (a retried task) is
   * waited for instead of started twice. Returns the finished job, or fails naming {@code what},
   * the job id and BigQuery's message, followed by {@code consequence}.
   */
  private Job runJob(String what, JobId jobId, QueryJobConfiguration config, String consequence) {
    Job job;
    try {
      job = bigQuery.create(JobInfo.of(jobId, config));
    } catch (BigQueryException e) {
      if (e.getCode() != 409) {
        throw new KpiException("starting " + what + " (job " + jobId.getJob() + ") failed: " + message(e), e);
      }
      // A retried task: this exact job was started before (the client re-attaches to jobs
      // under a day old by itself; older ones come here). Wait for it rather than write twice.
      job = bigQuery.getJob(jobId);
      if (job == null) {
        throw new KpiException("job " + jobId.getJob() + " of " + what + " exists but cannot be read; check the credentials' bigquery.jobs.get permission", e);
      }
      log.accept(what + ": job " + jobId.getJob() + " was started by an earlier attempt; waiting for it");
    }
    try {
      job =
          job.waitFor(
              RetryOption.initialRetryDelay(Duration.ofMillis(500)),
              RetryOption.retryDelayMultiplier(1.5),
              RetryOption.maxRetryDelay(Duration.ofSeconds(30)),
              RetryOption.totalTimeout(Duration.ofHours(6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KpiException("interrupted while waiting for job " + jobId.getJob() + " of " + what, e);
    } catch (BigQueryException e) {
      // The client reports a job that failed as an exception while waiting; BigQuery's own
      // account of the failure is on the job.
      Job failed = bigQuery.getJob(jobId);
      BigQueryError error = failed == null || failed.getStatus() == null ? null : failed.getStatus().getError();
      throw new KpiException(
          what + " failed in BigQuery (job " + jobId.getJob() + "): "
              + (error == null ? message(e) : error.getMessage() + (error.getReason() == null ? "" : " [" + error.getReason() + "]"))
              + consequence,
          e);
    }
    if (job == null) {
      throw new KpiException("job " + jobId.getJob() + " of " + what + " disappeared while it ran");
    }
    BigQueryError error = job.getStatus() == null ? null : job.getStatus().getError();
    if (error != null) {
      throw new KpiException(
          what + " failed in BigQuery (job " + jobId.getJob() + "): " + error.getMessage()
              + (error.getReason() == null ? "" : " [" + error.getReason() + "]") + consequence);
    }
    return job;
  }

  /**
   * {@code kpi_<layer>_<table>_<start>_<end>_<fingerprint>[_<run id>]}: the same for a retry of
   * the same scheduled run, different for another run, another window or another definition.
   */
  JobId jobId(CompiledStatement step, DateWindow window, String fingerprint, Optional<String> runId) {
    StringBuilder id = new StringBuilder("kpi_").append(step.step().table().layer().lowerName()).append('_').append(step.step().table().name());
    if (window != null) {
      id.append('_').append(window.start().toString().replace("-", "")).append('_').append(window.end().toString().replace("-", ""));
    }
    id.append('_').append(fingerprint);
    runId.ifPresent(r -> id.append('_').append(r.replaceAll("[^A-Za-z0-9_-]", "_")));
    String text = id.length() > 1024 ? id.substring(0, 1024) : id.toString();
    JobId.Builder jobId = JobId.newBuilder().setProject(settings.project()).setJob(text);
    settings.location().ifPresent(jobId::setLocation);
    return jobId.build();
  }

  /**
   * The run's date on every job, also a dimension's (rebuilt whole, without a window), so the
   * billing export groups a run's jobs by date; the window's start on windowed builds.
   */
  private Map<String, String> jobLabels(CompiledStatement step, DateWindow window, LocalDate runDate) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kpi_table", label(step.step().table().toString()));
    labels.put("run_date", (window != null ? window.end() : runDate).toString());
    if (window != null) {
      labels.put("start_date", window.start().toString());
    }
    return labels;
  }

  private Map<String, String> labels(Map<String, String> specific) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kpi", label(catalog.name()));
    labels.putAll(settings.labels());
    labels.putAll(specific);
    return labels;
  }

  private static String label(String text) {
    String label = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    return label.length() > 63 ? label.substring(0, 63) : label;
  }

  // ------------------------------------------------------------------ the lake

  /**
   * The business dates the builds read of the lake tables read by range (those of the
   * warehouse builds with a window); null when no build reads them.
   */
  private static DateWindow lakeDates(List<BuildPlanner.Build> builds) {
    LocalDate first = null;
    LocalDate last = null;
    for (BuildPlanner.Build build : builds) {
      if (build.window() == null || build.step().step().table().layer() != Layer.WAREHOUSE) {
        continue;
      }
      first = first == null || build.window().start().isBefore(first) ? build.window().start() : first;
      last = last == null || build.window().end().isAfter(last) ? build.window().end() : last;
    }
    return first == null ? null : DateWindow.of(first, last);
  }

  /**
   * Checks the lake rows {@code builds} read against the lake contract before anything is
   * written (see {@link BigQueryLakeCheck}): the tables read whole, whole; those read by range,
   * on the builds' dates. Fails listing every problem; returns the dates checked.
   */
  private DateWindow checkLake(List<BuildPlanner.Build> builds) {
    if (builds.isEmpty()) {
      return null;
    }
    DateWindow dates = lakeDates(builds);
    Map<String, String> ranged = dev.kpi.sql.plan.LakeReads.rangeColumns(catalog);
    List<String> tables = new ArrayList<>();
    for (LakeTable table : catalog.lakeTables()) {
      if (dates != null || !ranged.containsKey(table.name())) {
        tables.add(table.name());
      }
    }
    failOn(lakeCheck.problems(new BigQueryLakeCheck.Scope(dates), tables));
    log.accept("checked the lake against the lake contract: " + String.join(", ", tables)
        + (dates == null || ranged.isEmpty() ? "" : " (" + String.join(", ", ranged.keySet()) + " on the rows of " + dates + ")"));
    return dates;
  }

  /**
   * The builds, once the lake rows they read are checked: a table recreated by {@link #prepare}
   * lost its dates, so the builds planned afterwards may read more days than were checked.
   */
  private List<BuildPlanner.Build> checkedAgain(List<BuildPlanner.Build> builds, DateWindow checked) {
    DateWindow dates = lakeDates(builds);
    if (dates != null && (checked == null || dates.start().isBefore(checked.start()) || dates.end().isAfter(checked.end()))) {
      List<String> ranged = new ArrayList<>(dev.kpi.sql.plan.LakeReads.rangeColumns(catalog).keySet());
      failOn(lakeCheck.problems(new BigQueryLakeCheck.Scope(dates), ranged));
      log.accept("checked the lake against the lake contract: " + String.join(", ", ranged) + " on the rows of " + dates);
    }
    return builds;
  }

  private static void failOn(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new KpiException("the lake does not match the lake contract; nothing was written:\n  - " + String.join("\n  - ", problems));
    }
  }

  /**
   * Every difference between the lake tables in BigQuery and the lake contract: first their
   * columns and types, then, on every table whose columns match, its data (whole: no NULL in a
   * NOT NULL column, no primary key twice).
   */
  public List<String> checkLake() {
    List<String> differences = new ArrayList<>();
    List<String> matching = new ArrayList<>();
    for (LakeTable lake : catalog.lakeTables()) {
      TableId id = TableId.of(settings.project(), settings.lakeDataset(), lake.name());
      Table table;
      try {
        table = bigQuery.getTable(id);
      } catch (BigQueryException e) {
        throw new KpiException("reading lake table " + settings.lakeDataset() + "." + lake.name() + " failed: " + message(e), e);
      }
      String name = settings.project() + "." + settings.lakeDataset() + "." + lake.name();
      if (table == null) {
        differences.add(name + ": missing; the lake contract needs it");
        continue;
      }
      Schema schema = table.getDefinition().getSchema();
      Map<String, Field> fields = new LinkedHashMap<>();
      if (schema != null) {
        schema.getFields().forEach(f -> fields.put(f.getName(), f));
      }
      int before = differences.size();
      for (LakeColumn column : lake.columns()) {
        Field field = fields.get(column.name());
        if (field == null) {
          differences.add(name + ": column " + column.name() + " (" + column.type() + ") is missing");
        } else if (!sameType(field, column.type())) {
          differences.add(name + ": column " + column.name() + " is " + BigQuerySchemaSync.standardType(field.getType()) + ", the contract says " + column.type());
        }
      }
      if (differences.size() == before) {
        matching.add(lake.name());
      }
    }
    differences.addAll(lakeCheck.problems(BigQueryLakeCheck.Scope.EVERYTHING, matching));
    return differences;
  }

  private static boolean sameType(Field field, LogicalType type) {
    StandardSQLTypeName actual = BigQuerySchemaSync.standardType(field.getType());
    if (type == LogicalType.NUMERIC) {
      return actual == StandardSQLTypeName.NUMERIC || actual == StandardSQLTypeName.BIGNUMERIC;
    }
    return actual == standardType(type);
  }

  static StandardSQLTypeName standardType(LogicalType type) {
    switch (type) {
      case INT64:
        return StandardSQLTypeName.INT64;
      case NUMERIC:
        return StandardSQLTypeName.NUMERIC;
      case FLOAT64:
        return StandardSQLTypeName.FLOAT64;
      case STRING:
        return StandardSQLTypeName.STRING;
      case BOOL:
        return StandardSQLTypeName.BOOL;
      case DATE:
        return StandardSQLTypeName.DATE;
      default:
        return StandardSQLTypeName.TIMESTAMP;
    }
  }

  private String dataset(Layer layer) {
    switch (layer) {
      case LAKE:
        return settings.lakeDataset();
      case WAREHOUSE:
        return settings.warehouseDataset();
      default:
        return settings.martDataset();
    }
  }

  /** BigQuery's own words, without the request's details. */
  static String message(BigQueryException e) {
    BigQueryError error = e.getError();
    String text = error != null && error.getMessage() != null ? error.getMessage() : e.getMessage();
    return (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + text;
  }

  public List<CompiledStatement> statements() {
    return statements;
  }

  public Fingerprints fingerprints() {
    return fingerprints;
  }
}
