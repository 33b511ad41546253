package dev.kpi.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.warehouse.StatementCost;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.render.LakeCheckSql;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The lake's data in BigQuery against the lake contract, like the embedded engine's check of
 * the lake files: no NULL in a NOT NULL column, no primary key twice. One query job per table
 * ({@link LakeCheckSql} writes the SQL), labelled {@code kpi_check}; only when a table breaks the
 * contract do more jobs find example keys.
 *
 * <p>BigQuery bills the bytes read: the columns checked (the key and the NOT NULL columns), of
 * the partitions read. A table the builds read by range ({@link LakeReads}) is checked on the
 * rows of the run's dates only (plus those without a timestamp), so a daily run's check reads a
 * few days of orders at any history; {@code kpi check-lake} reads every table whole.
 */
final class BigQueryLakeCheck {
  /** The rows a run's builds read: business dates {@code dates} of the tables read by range; null: everything. */
  record Scope(DateWindow dates) {
    static final Scope EVERYTHING = new Scope(null);

    Instant from() {
      return LakeReads.rangeStart(dates.start());
    }

    Instant until() {
      return LakeReads.rangeEnd(dates.end());
    }
  }

  private static final String CONSEQUENCE = "; nothing was written (kpi check-lake --target bigquery compares the lake tables with the lake contract)";

  private final BigQuery bigQuery;
  private final BigQuerySettings settings;
  private final Catalog catalog;
  private final Function<Map<String, String>, Map<String, String>> labels;
  private final BigQueryJobs jobs;
  private final LakeCheckSql sql;
  private final Map<String, String> rangeColumns;

  BigQueryLakeCheck(BigQuery bigQuery, BigQuerySettings settings, Catalog catalog, Function<Map<String, String>, Map<String, String>> labels, BigQueryJobs jobs) {
    this.bigQuery = bigQuery;
    this.settings = settings;
    this.catalog = catalog;
    this.labels = labels;
    this.jobs = jobs;
    this.sql = new LakeCheckSql(settings.dialect());
    this.rangeColumns = LakeReads.rangeColumns(catalog);
  }

  /** The lake tables the check reads in {@code scope}, each with the timestamp it is restricted by (if it is). */
  private Map<LakeTable, Optional<String>> tables(Scope scope) {
    Map<LakeTable, Optional<String>> tables = new LinkedHashMap<>();
    for (LakeTable table : catalog.lakeTables()) {
      if (!LakeCheckSql.checks(table)) {
        continue;
      }
      Optional<String> range = scope.dates() == null ? Optional.empty() : Optional.ofNullable(rangeColumns.get(table.name()));
      tables.put(table, range);
    }
    return tables;
  }

  /** Every way the rows of {@code tables} (all the catalog's when null) in {@code scope} break the contract. */
  List<String> problems(Scope scope, List<String> only) {
    List<String> problems = new ArrayList<>();
    tables(scope).forEach(
        (table, range) -> {
          if (only == null || only.contains(table.name())) {
            problems.addAll(problems(table, range, scope));
          }
        });
    return problems;
  }

  /** What each table's counting query would process, without running it. */
  List<StatementCost> dryRun(Scope scope) {
    List<StatementCost> reports = new ArrayList<>();
    tables(scope).forEach(
        (table, range) -> {
          String what = "lake check " + table.name();
          QueryJobConfiguration config = config(table, sql.counts(table, range), range, scope).setDryRun(true).build();
          JobId.Builder id = JobId.newBuilder().setRandomJob().setProject(settings.project());
          settings.location().ifPresent(id::setLocation);
          try {
            Job job = bigQuery.create(JobInfo.of(id.build(), config));
            JobStatistics.QueryStatistics statistics = job.getStatistics();
            reports.add(new StatementCost(what, range.isPresent() ? scope.dates() : null, statistics == null ? null : statistics.getTotalBytesProcessed()));
          } catch (BigQueryException e) {
            throw new KpiException("the dry run of the " + what + " failed: " + BigQueryJobs.message(e), e);
          }
        });
    return reports;
  }

  private List<String> problems(LakeTable table, Optional<String> range, Scope scope) {
    String name = settings.project() + "." + settings.lakeDataset() + "." + table.name();
    String where = name + range.map(ts -> " (the rows with " + ts + " from " + scope.from() + " until " + scope.until() + ", or NULL)").orElse("");
    List<FieldValueList> counted = query(table, "checking lake table " + table.name(), sql.counts(table, range), range, scope);
    if (counted.size() != 1) {
      throw new KpiException("the check of lake table " + name + " returned " + counted.size() + " rows instead of one" + CONSEQUENCE);
    }
    FieldValueList counts = counted.get(0);
    List<String> problems = new ArrayList<>();
    for (LakeColumn column : LakeCheckSql.notNullColumns(table)) {
      long rows = count(counts, LakeCheckSql.nullRows(column.name()));
      if (rows == 0) {
        continue;
      }
      boolean keyed = !table.primaryKey().isEmpty() && !table.primaryKey().contains(column.name());
      String examples =
          keyed
              ? " (e.g. " + keys(table, query(table, "finding rows of lake table " + table.name() + " without " + column.name(), sql.nullExamples(table, column.name(), range), range, scope), false) + ")"
              : "";
      problems.add(
          where + ": column '" + column.name() + "' of lake table '" + table.name() + "' is NULL in " + rows(rows)
              + (table.primaryKey().contains(column.name()) && column.nullable() ? ", but it is part of the primary key" : ", but the lake contract declares it NOT NULL")
              + examples + "; fix the extract (the Embulk load) so that every row has a value in " + column.name());
    }
    long keys = count(counts, LakeCheckSql.REPEATED_KEYS);
    if (keys > 0) {
      long rows = count(counts, LakeCheckSql.REPEATED_ROWS);
      String examples = keys(table, query(table, "finding repeated keys of lake table " + table.name(), sql.repeatedKeys(table, range), range, scope), true);
      problems.add(
          where + ": the primary key " + names(LakeCheckSql.key(table)) + " of lake table '" + table.name() + "' is not unique: " + keys
              + (keys == 1 ? " value occurs" : " values occur") + " more than once, in " + rows(rows) + " (e.g. " + examples
              + "); every join would count those rows more than once: fix the extract (the Embulk load) so that it writes each row once"
              + " (a load appended twice, e.g. a retried load in append mode), then delete the repeated rows");
    }
    return problems;
  }

  private QueryJobConfiguration.Builder config(LakeTable table, String query, Optional<String> range, Scope scope) {
    Map<String, String> specific = new LinkedHashMap<>();
    specific.put("kpi_check", "lake");
    specific.put("kpi_table", "lake_" + table.name());
    if (range.isPresent()) {
      specific.put("start_date", scope.dates().start().toString());
      specific.put("run_date", scope.dates().end().toString());
    }
    QueryJobConfiguration.Builder config = settings.query(query).setLabels(labels.apply(specific));
    if (range.isPresent()) {
      config.addNamedParameter(Parameter.CHECK_FROM.sqlName(), timestamp(scope.from()));
      config.addNamedParameter(Parameter.CHECK_UNTIL.sqlName(), timestamp(scope.until()));
    }
    return config;
  }

  /**
   * The rows of a check query, in a job of its own. Its id is new each time: a retried task must
   * check the lake again (it may have been fixed meanwhile), not re-attach to an old answer.
   */
  private List<FieldValueList> query(LakeTable table, String what, String query, Optional<String> range, Scope scope) {
    Job job = jobs.runOnce(what, "kpi_check_lake_" + table.name(), config(table, query, range, scope).build(), CONSEQUENCE).job();
    try {
      TableResult result = job.getQueryResults();
      List<FieldValueList> rows = new ArrayList<>();
      result.iterateAll().forEach(rows::add);
      return rows;
    } catch (BigQueryException e) {
      throw new KpiException(what + ": reading the results of job " + job.getJobId().getJob() + " failed: " + BigQueryJobs.message(e) + CONSEQUENCE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KpiException("interrupted while " + what, e);
    }
  }

  private static QueryParameterValue timestamp(Instant instant) {
    return QueryParameterValue.timestamp(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
  }

  private static long count(FieldValueList row, String column) {
    FieldValue value = row.get(column);
    return value.isNull() ? 0 : value.getLongValue();
  }

  /** "order_id = 7, order_id = 9", "(order_id, line) = (7, "a")": the keys of example rows. */
  private static String keys(LakeTable table, List<FieldValueList> rows, boolean counted) {
    List<LakeColumn> key = LakeCheckSql.key(table);
    List<String> examples = new ArrayList<>();
    for (FieldValueList row : rows) {
      List<String> values = new ArrayList<>();
      for (LakeColumn column : key) {
        String value = row.get(column.name()).getStringValue();
        values.add(column.type() == LogicalType.STRING ? '"' + value + '"' : value);
      }
      String text = key.size() == 1 ? key.get(0).name() + " = " + values.get(0) : names(key) + " = (" + String.join(", ", values) + ")";
      if (counted) {
        text += " in " + row.get(LakeCheckSql.ROW_COUNT).getLongValue() + " rows";
      }
      examples.add(text);
    }
    return String.join(", ", examples);
  }

  private static String names(List<LakeColumn> key) {
    String names = key.stream().map(LakeColumn::name).collect(Collectors.joining(", "));
    return key.size() == 1 ? names : "(" + names + ")";
  }

  private static String rows(long count) {
    return count == 1 ? "1 row" : count + " rows";
  }
}
