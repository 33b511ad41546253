package dev.kpi.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.TableResult;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.contract.LakeContractCheck;
import dev.kpi.runtime.warehouse.LakeQueries;
import dev.kpi.runtime.warehouse.LakeScope;
import dev.kpi.runtime.warehouse.StatementCost;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.render.LakeCheckSql;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lake contract's queries as BigQuery query jobs over the lake dataset, labelled {@code
 * kpi_check}; {@link LakeContractCheck} writes them and reads the answers, as on the embedded
 * engine. Each job id is new: a retried task must check the lake again (it may have been fixed
 * meanwhile), not re-attach to an old answer.
 *
 * <p>BigQuery bills the bytes read: the columns checked, of the partitions read. A table the
 * builds read by range ({@link LakeReads}) is checked on the rows of the run's dates (plus those
 * without a timestamp or outside the plausible range), so a daily run's check reads a few days
 * of orders at any history; {@code kpi check-lake} reads every table whole.
 */
final class BigQueryLakeQueries implements LakeQueries {
  private static final String CONSEQUENCE = "; nothing was written (kpi check-lake --target bigquery compares the lake tables with the lake contract)";

  private final BigQuery bigQuery;
  private final BigQuerySettings settings;
  private final Catalog catalog;
  private final Function<Map<String, String>, Map<String, String>> labels;
  private final BigQueryJobs jobs;

  BigQueryLakeQueries(BigQuery bigQuery, BigQuerySettings settings, Catalog catalog, Function<Map<String, String>, Map<String, String>> labels, BigQueryJobs jobs) {
    this.bigQuery = bigQuery;
    this.settings = settings;
    this.catalog = catalog;
    this.labels = labels;
    this.jobs = jobs;
  }

  @Override
  public List<Map<String, String>> rows(String purpose, String lakeTable, String sql, Map<Parameter, Object> parameters) {
    Job job = jobs.runOnce(purpose, "kpi_check_lake_" + lakeTable, config(lakeTable, sql, parameters).build(), CONSEQUENCE).job();
    try {
      TableResult result = job.getQueryResults();
      Schema schema = result.getSchema();
      List<Map<String, String>> rows = new ArrayList<>();
      for (FieldValueList values : result.iterateAll()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (Field field : schema.getFields()) {
          FieldValue value = values.get(field.getName());
          row.put(field.getName(), value.isNull() ? null : value.getStringValue());
        }
        rows.add(row);
      }
      return rows;
    } catch (BigQueryException e) {
      throw new KpiException(purpose + ": reading the results of job " + job.getJobId().getJob() + " failed: " + BigQueryJobs.message(e) + CONSEQUENCE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KpiException("interrupted while " + purpose, e);
    }
  }

  @Override
  public String describe(String lakeTable) {
    return settings.project() + "." + settings.lakeDataset() + "." + lakeTable;
  }

  /** What each table's counting query would process, without running it. */
  List<StatementCost> dryRun(LakeScope scope) {
    LakeCheckSql sql = new LakeCheckSql(settings.dialect(), catalog);
    Map<String, String> ranged = LakeReads.rangeColumns(catalog);
    Map<Parameter, Object> parameters = LakeContractCheck.parameters(scope, Clock.systemUTC());
    List<StatementCost> reports = new ArrayList<>();
    for (LakeTable table : catalog.lakeTables()) {
      if (!LakeCheckSql.checks(table) || !scope.tables().contains(table.name())) {
        continue;
      }
      Optional<String> range = scope.dates() == null ? Optional.empty() : Optional.ofNullable(ranged.get(table.name()));
      reports.add(dryRun("lake check " + table.name(), table.name(), sql.counts(table, range), parameters, range.isPresent() ? scope.dates() : null));
    }
    // The rows per date the shrink guard compares, one query per table read by range.
    for (LakeTable table : catalog.lakeTables()) {
      String column = ranged.get(table.name());
      if (scope.dates() != null && column != null && scope.tables().contains(table.name())) {
        reports.add(dryRun("lake rows per date " + table.name(), table.name(), sql.volume(table, column), parameters, scope.dates()));
      }
    }
    return reports;
  }

  private StatementCost dryRun(String what, String lakeTable, String query, Map<Parameter, Object> parameters, dev.kpi.runtime.DateWindow dates) {
    QueryJobConfiguration config = config(lakeTable, query, parameters).setDryRun(true).build();
    JobId.Builder id = JobId.newBuilder().setRandomJob().setProject(settings.project());
    settings.location().ifPresent(id::setLocation);
    try {
      Job job = bigQuery.create(JobInfo.of(id.build(), config));
      JobStatistics.QueryStatistics statistics = job.getStatistics();
      return new StatementCost(what, dates, statistics == null ? null : statistics.getTotalBytesProcessed());
    } catch (BigQueryException e) {
      throw new KpiException("the dry run of the " + what + " failed: " + BigQueryJobs.message(e), e);
    }
  }

  /** The job's labels and the parameters its SQL names (BigQuery refuses none, but sends only those). */
  private QueryJobConfiguration.Builder config(String lakeTable, String query, Map<Parameter, Object> parameters) {
    Map<String, String> specific = new LinkedHashMap<>();
    specific.put("kpi_check", "lake");
    specific.put("kpi_table", "lake_" + lakeTable);
    QueryJobConfiguration.Builder config = settings.query(query).setLabels(labels.apply(specific));
    parameters.forEach(
        (parameter, value) -> {
          if (query.contains("@" + parameter.sqlName())) {
            config.addNamedParameter(parameter.sqlName(), value(value));
          }
        });
    return config;
  }

  private static QueryParameterValue value(Object value) {
    if (value instanceof Instant) {
      return QueryParameterValue.timestamp(ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value));
    }
    if (value instanceof java.time.LocalDate) {
      return QueryParameterValue.date(value.toString());
    }
    return QueryParameterValue.string(String.valueOf(value));
  }
}
