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
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.warehouse.Answer;
import dev.kpi.runtime.warehouse.ReadQuery;
import dev.kpi.sql.dialect.ColumnDdl;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A read-only SELECT on BigQuery: one query job with the guards every job carries (the cost
 * limit of --maximum-bytes-billed, the job timeout), {@code @start_date} and {@code @end_date}
 * as DATE parameters, labelled with what it reads; or its dry run, for the bytes it would process.
 */
final class BigQueryReads {
  private final BigQuery bigQuery;
  private final BigQuerySettings settings;

  BigQueryReads(BigQuery bigQuery, BigQuerySettings settings) {
    this.bigQuery = bigQuery;
    this.settings = settings;
  }

  Answer read(ReadQuery query) {
    try {
      TableResult result = bigQuery.query(job(query).build());
      List<List<Object>> rows = new ArrayList<>();
      for (FieldValueList values : result.iterateAll()) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < query.columns().size(); i++) {
          row.add(value(values.get(i), query.columns().get(i)));
        }
        rows.add(row);
      }
      return new Answer(query.columns(), rows);
    } catch (BigQueryException e) {
      throw new KpiException("BigQuery could not answer " + query.label() + ": " + BigQueryJobs.message(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KpiException("interrupted while BigQuery answered " + query.label(), e);
    }
  }

  Optional<Long> bytesToRead(ReadQuery query) {
    try {
      // A job id of its own, to carry the location: without one the client sends none.
      JobId.Builder id = JobId.newBuilder().setRandomJob().setProject(settings.project());
      settings.location().ifPresent(id::setLocation);
      Job job = bigQuery.create(JobInfo.of(id.build(), job(query).setDryRun(true).build()));
      JobStatistics.QueryStatistics statistics = job.getStatistics();
      return Optional.ofNullable(statistics == null ? null : statistics.getTotalBytesProcessed());
    } catch (BigQueryException e) {
      throw new KpiException("the dry run of " + query.label() + " failed: " + BigQueryJobs.message(e), e);
    }
  }

  private QueryJobConfiguration.Builder job(ReadQuery query) {
    return settings
        .query(query.sql())
        .addNamedParameter("start_date", QueryParameterValue.date(query.start().toString()))
        .addNamedParameter("end_date", QueryParameterValue.date(query.end().toString()))
        .setLabels(settings.readLabels(query.label()));
  }

  private static Object value(FieldValue value, ColumnDdl column) {
    if (value.isNull()) {
      return null;
    }
    switch (column.type()) {
      case INT64:
        return value.getLongValue();
      case NUMERIC:
        return value.getNumericValue();
      case FLOAT64:
        return value.getDoubleValue();
      case BOOL:
        return value.getBooleanValue();
      case DATE:
        return LocalDate.parse(value.getStringValue());
      default:
        return value.getStringValue();
    }
  }
}
