package dev.kpi.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.CopyJobConfiguration;
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
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.report.Bytes;
import dev.kpi.runtime.report.MartRows;
import dev.kpi.runtime.warehouse.Answer;
import dev.kpi.runtime.warehouse.BuildReport;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.warehouse.LakeRecord;
import dev.kpi.runtime.contract.LakeCheckResult;
import dev.kpi.runtime.contract.LakeContractCheck;
import dev.kpi.runtime.warehouse.LakeQueries;
import dev.kpi.runtime.warehouse.LakeScope;
import dev.kpi.runtime.warehouse.ReadQuery;
import dev.kpi.runtime.warehouse.RunJournal;
import dev.kpi.runtime.warehouse.StatementCost;
import dev.kpi.runtime.warehouse.Warehouse;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.TableRef;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The BigQuery adapter of the {@link Warehouse} port, with the official client: the same SQL as
 * the golden files, each build one query job — a script whose transaction also records the
 * build's dates in kpi's ledger ({@link BigQueryLedger}) — with typed named parameters.
 *
 * <ul>
 *   <li>The lake rows the builds read are checked against the lake contract first ({@link
 *       BigQueryLakeQueries}).
 *   <li>Missing warehouse and mart datasets and tables are created, with their partitioning,
 *       clustering, {@code require_partition_filter} on facts, and the definitions'
 *       descriptions on tables and columns, so BigQuery's own catalog explains each KPI.
 *       Existing tables are brought in line with changed definitions first ({@link
 *       BigQuerySchemaSync}).
 *   <li>Jobs run through {@link BigQueryJobs}: every invocation's builds run (job ids carry the
 *       run: the scheduler's {@code --run-id}, or a new id per invocation), a retried task
 *       re-attaches to what did not fail, transient errors are retried.
 * </ul>
 */
final class BigQueryWarehouse implements Warehouse {
  private static final DateTimeFormatter INVOCATION = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  private final BigQuery bigQuery;
  private final BigQuerySettings settings;
  private final Catalog catalog;
  private final Optional<String> scheduledRun;
  private final Set<String> allowRecreate;
  private final CommandHint hint;
  private final Consumer<String> log;
  private final BigQueryJobs jobs;
  private final BigQuerySchemaSync tables;
  private final BigQueryLedger ledger;
  private final BigQueryLakeQueries lakeQueries;

  BigQueryWarehouse(
      BigQuery bigQuery, BigQuerySettings settings, Catalog catalog, Optional<String> scheduledRun, Set<String> allowRecreate, CommandHint hint, Consumer<String> log) {
    this.bigQuery = bigQuery;
    this.settings = settings;
    this.catalog = catalog;
    this.scheduledRun = scheduledRun.filter(r -> !r.isBlank());
    this.allowRecreate = Set.copyOf(allowRecreate);
    this.hint = hint;
    this.log = log;
    this.jobs = new BigQueryJobs(bigQuery, settings, log);
    this.tables = new BigQuerySchemaSync(bigQuery, log, recreation());
    this.ledger = new BigQueryLedger(bigQuery, settings);
    this.lakeQueries = new BigQueryLakeQueries(bigQuery, settings, catalog, this::labels, jobs);
  }

  @Override
  public SqlDialect dialect() {
    return settings.dialect();
  }

  @Override
  public LakeQueries lakeQueries() {
    return lakeQueries;
  }

  @Override
  public Map<String, Map<LocalDate, BuiltDate>> builtDates() {
    return ledger.read();
  }

  /**
   * Runs the build as one job: its script, with the ledger's record of its dates inside its
   * transaction. The job id names the table, the window, the definition and the run.
   */
  @Override
  public BuildReport build(BuildPlanner.Build build, String runId, LocalDate runDate, LakeRecord lake) {
    CompiledStatement step = build.step();
    DateWindow window = build.window();
    String table = step.step().table().toString();
    String what = step.step().id() + (window == null ? "" : " for " + window);
    BigQueryJobs.Ran ran =
        jobs.run(
            what,
            baseJobId(step, window, build.fingerprint(), runId),
            jobId -> buildJob(build, runDate, jobId, lake).build(),
            "; the table and kpi's ledger were left as they were before this build");
    Long bytes = ran.bytesProcessed();
    return new BuildReport(
        table,
        window,
        -1,
        "job " + ran.id() + (bytes == null ? "" : ", " + Bytes.format(bytes) + " processed") + (ran.reused() ? ", re-used from an earlier attempt" : ""));
  }

  /**
   * The job of a build: its script, with the ledger's record of its dates inside its transaction
   * for a windowed build, and every value a typed parameter.
   */
  private QueryJobConfiguration.Builder buildJob(BuildPlanner.Build build, LocalDate runDate, String jobId, LakeRecord lake) {
    CompiledStatement step = build.step();
    DateWindow window = build.window();
    QueryJobConfiguration.Builder config =
        settings.query(window == null ? step.sql() : ledger.withRecord(step.sql())).setLabels(labels(jobLabels(step, window, runDate)));
    if (window != null) {
      config.addNamedParameter(Parameter.START_DATE.sqlName(), QueryParameterValue.date(window.start().toString()));
      config.addNamedParameter(Parameter.END_DATE.sqlName(), QueryParameterValue.date(window.end().toString()));
      ledger.recordParameters(step.step().table().toString(), window, build.fingerprint(), jobId, lake).forEach(config::addNamedParameter);
    }
    return config;
  }

  /**
   * What the builds would process: a dry run of the lake check's queries, then of each build's
   * whole script (its DELETE and the ledger's MERGE too). Runs and changes nothing.
   */
  @Override
  public List<StatementCost> estimate(List<BuildPlanner.Build> builds, LakeScope lake, LocalDate runDate) {
    List<StatementCost> costs = new ArrayList<>(lakeQueries.dryRun(lake));
    for (BuildPlanner.Build build : builds) {
      CompiledStatement step = build.step();
      DateWindow window = build.window();
      QueryJobConfiguration.Builder config = buildJob(build, runDate, "dry_run", LakeRecord.NONE).setDryRun(true);
      try {
        // A job id of its own, to carry the location: without one the client sends none.
        JobId.Builder dryRunId = JobId.newBuilder().setRandomJob().setProject(settings.project());
        settings.location().ifPresent(dryRunId::setLocation);
        Job job = bigQuery.create(JobInfo.of(dryRunId.build(), config.build()));
        JobStatistics.QueryStatistics statistics = job.getStatistics();
        costs.add(new StatementCost(step.step().id(), window, statistics == null ? null : statistics.getTotalBytesProcessed()));
      } catch (BigQueryException e) {
        throw new KpiException("the dry run of " + step.step().id() + (window == null ? "" : " for " + window) + " failed: " + BigQueryJobs.message(e), e);
      }
    }
    return costs;
  }

  /**
   * BigQuery keeps no runs of kpi's: a run is the scheduler's (its --run-id, so a retried task
   * re-attaches to its jobs) or this invocation's own, a new id each time, so that a second
   * {@code kpi run} of a date rebuilds it.
   */
  @Override
  public RunJournal runs() {
    return new RunJournal() {
      @Override
      public int abandonUnfinished() {
        return 0;
      }

      @Override
      public String start(String command) {
        return scheduledRun.orElseGet(
            () -> "inv" + LocalDateTime.now(ZoneOffset.UTC).format(INVOCATION) + "_" + UUID.randomUUID().toString().substring(0, 8));
      }

      @Override
      public void finish(String runId, boolean succeeded, String message) {}

      @Override
      public List<String> interrupted() {
        return List.of();
      }

      @Override
      public Optional<RunJournal.FailedRun> lastFailure() {
        return Optional.empty();
      }
    };
  }

  @Override
  public MartRows martRows() {
    return new BigQueryMartRows(bigQuery, settings);
  }

  @Override
  public Answer read(ReadQuery query) {
    return new BigQueryReads(bigQuery, settings).read(query);
  }

  @Override
  public Optional<Long> bytesToRead(ReadQuery query) {
    return new BigQueryReads(bigQuery, settings).bytesToRead(query);
  }

  @Override
  public void close() {
    // The client holds no resources that outlive the process.
  }

  // ------------------------------------------------------------------ datasets and tables

  /**
   * Creates the missing warehouse and mart datasets and tables and aligns the existing tables
   * with their definitions; in a dry run only logs what it would do. The lake is Embulk's: only
   * checked. Returns the number of tables created, altered or recreated (or that would be).
   */
  @Override
  public int prepare(List<CompiledStatement> creates, boolean dryRun) {
    Set<String> datasets = new HashSet<>();
    int changed = 0;
    for (CompiledStatement statement : creates) {
      if (statement.step().table().layer() == Layer.LAKE) {
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
      throw new KpiException("creating dataset " + settings.project() + "." + dataset + " failed: " + BigQueryJobs.message(e) + "; check that the credentials may create datasets in project " + settings.project(), e);
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
            .setLabels(labels(Map.of("kpi_table", BigQuerySettings.label(ddl.table().toString()))));
    if (ddl.requirePartitionFilter() && ddl.partitionColumn().isPresent()) {
      table.setRequirePartitionFilter(true);
    }
    return table.build();
  }


  /**
   * A table recreated empty holds none of its dates any more: the ledger marks them stale (built
   * by no definition), so this run's planner, {@code kpi status} and {@code kpi backfill --stale}
   * rebuild every one of them — and, first, what they read.
   */
  private void forgetDates(TableRef table) {
    jobs.runOnce(
        "marking the dates of " + table + " stale in " + ledger.name(),
        "kpi_recreated_" + table.layer().lowerName() + "_" + table.name(),
        ledger.markRecreated(table.toString()).setLabels(labels(Map.of("kpi_table", BigQuerySettings.label(table.toString())))).build(),
        "; the table was recreated empty, but the ledger still lists its old dates as built: rebuild them with "
            + hint.kpi("backfill --from FIRST --to LAST --force"));
  }

  /** Consent to recreate, from --allow-recreate; backups by copy job. */
  private BigQuerySchemaSync.Recreation recreation() {
    return new BigQuerySchemaSync.Recreation() {
      @Override
      public boolean allowed(String table) {
        return allowRecreate.contains(table);
      }

      @Override
      public String consent(String table) {
        return hint.kpi("backfill --stale --allow-recreate " + table);
      }

      @Override
      public String kpiName(TableId id) {
        String layer = id.getDataset().equals(settings.martDataset()) ? "mart" : id.getDataset().equals(settings.warehouseDataset()) ? "warehouse" : id.getDataset();
        return layer + "." + id.getTable();
      }

      @Override
      public void backup(TableId table, TableId backup) {
        JobId.Builder id = JobId.newBuilder().setProject(settings.project()).setJob("kpi_backup_" + backup.getTable() + "_" + UUID.randomUUID().toString().substring(0, 8));
        settings.location().ifPresent(id::setLocation);
        String what = "copying " + table.getDataset() + "." + table.getTable() + " to " + backup.getDataset() + "." + backup.getTable();
        try {
          Job job =
              bigQuery.create(
                  JobInfo.of(
                      id.build(),
                      CopyJobConfiguration.newBuilder(backup, table)
                          .setLabels(labels(Map.of("kpi_table", BigQuerySettings.label(kpiName(table)), "kpi_backup", "true")))
                          .setJobTimeoutMs(settings.jobTimeout().toMillis())
                          .build()));
          job = job.waitFor();
          if (job == null || job.getStatus().getError() != null) {
            throw new KpiException(what + " failed" + (job == null ? "" : ": " + job.getStatus().getError().getMessage()) + "; nothing was dropped");
          }
        } catch (BigQueryException e) {
          throw new KpiException(what + " failed: " + BigQueryJobs.message(e) + "; nothing was dropped", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KpiException("interrupted while " + what + "; nothing was dropped", e);
        }
      }
    };
  }

  /**
   * {@code kpi_<layer>_<table>[_<start>_<end>]_<fingerprint>_<run>}: the same for a retry of the
   * same scheduled run, different for another run, window or definition; {@link BigQueryJobs}
   * adds the attempt.
   */
  static String baseJobId(CompiledStatement step, DateWindow window, String fingerprint, String runId) {
    StringBuilder id = new StringBuilder("kpi_").append(step.step().table().layer().lowerName()).append('_').append(step.step().table().name());
    if (window != null) {
      id.append('_').append(window.start().toString().replace("-", "")).append('_').append(window.end().toString().replace("-", ""));
    }
    id.append('_').append(fingerprint).append('_').append(runId.replaceAll("[^A-Za-z0-9_-]", "_"));
    return id.toString();
  }

  /**
   * The run's date on every job, also a dimension's (rebuilt whole, without a window), so the
   * billing export groups a run's jobs by date; the window's start on windowed builds.
   */
  private Map<String, String> jobLabels(CompiledStatement step, DateWindow window, LocalDate runDate) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kpi_table", BigQuerySettings.label(step.step().table().toString()));
    labels.put("run_date", (window != null ? window.end() : runDate).toString());
    if (window != null) {
      labels.put("start_date", window.start().toString());
    }
    return labels;
  }

  private Map<String, String> labels(Map<String, String> specific) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kpi", BigQuerySettings.label(catalog.name()));
    labels.putAll(settings.labels());
    labels.putAll(specific);
    return labels;
  }

  /** The differences that make the lake unusable, and the warnings it is built with. */
  record WholeLake(List<String> errors, List<String> warnings) {}

  /**
   * Every difference between the lake tables in BigQuery and the lake contract: first their
   * columns and types, then, on every table whose columns match, its data against every rule,
   * whole.
   */
  WholeLake checkWholeLake() {
    List<String> differences = new ArrayList<>();
    List<String> matching = new ArrayList<>();
    for (LakeTable lake : catalog.lakeTables()) {
      TableId id = TableId.of(settings.project(), settings.lakeDataset(), lake.name());
      Table table;
      try {
        table = bigQuery.getTable(id);
      } catch (BigQueryException e) {
        throw new KpiException("reading lake table " + settings.lakeDataset() + "." + lake.name() + " failed: " + BigQueryJobs.message(e), e);
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
          differences.add(
              name + ": column " + column.name() + " is " + BigQuerySchemaSync.standardType(field.getType()) + ", the contract says " + column.type()
                  + "; load it as " + column.type() + " (kpi's tables hold " + column.type() + ", which a " + BigQuerySchemaSync.standardType(field.getType())
                  + " value may not fit)");
        }
      }
      if (differences.size() == before) {
        matching.add(lake.name());
      }
    }
    LakeCheckResult result = new LakeContractCheck(catalog, settings.dialect(), lakeQueries, Clock.systemUTC()).check(new LakeScope(matching, null));
    differences.addAll(LakeCheckResult.messages(result.errors()));
    return new WholeLake(differences, LakeCheckResult.messages(result.warnings()));
  }

  private static boolean sameType(Field field, LogicalType type) {
    StandardSQLTypeName actual = BigQuerySchemaSync.standardType(field.getType());
    // BIGNUMERIC is not NUMERIC: its values do not fit the warehouse's NUMERIC columns, so the
    // builds could not insert them.
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

}
