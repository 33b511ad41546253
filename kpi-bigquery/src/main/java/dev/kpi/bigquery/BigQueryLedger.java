package dev.kpi.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.warehouse.LakeRecord;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.render.BuiltDatesSql;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * kpi's ledger on BigQuery: the warehouse dataset's {@code kpi_built_dates} table, which says
 * which definition built each date of each table ({@link BuiltDatesSql} writes its SQL). A
 * build records its dates inside its own transaction (the record is appended to the build's
 * script before its COMMIT), so a build and its ledger rows never disagree.
 */
final class BigQueryLedger {
  private final BigQuery bigQuery;
  private final BigQuerySettings settings;
  private final BuiltDatesSql sql;

  BigQueryLedger(BigQuery bigQuery, BigQuerySettings settings) {
    this.bigQuery = bigQuery;
    this.settings = settings;
    this.sql = new BuiltDatesSql(settings.dialect());
  }

  TableDdl table() {
    return sql.table();
  }

  /** "warehouse.kpi_built_dates", as logs name it. */
  String name() {
    return settings.warehouseDataset() + "." + BuiltDatesSql.TABLE.name();
  }

  /** Every recorded date, by table ("mart.kpi_daily"); empty when no run has made the ledger yet. */
  Map<String, Map<LocalDate, BuiltDate>> read() {
    TableId id = TableId.of(settings.project(), settings.warehouseDataset(), BuiltDatesSql.TABLE.name());
    Map<String, Map<LocalDate, BuiltDate>> out = new LinkedHashMap<>();
    try {
      Table table = bigQuery.getTable(id);
      if (table == null) {
        return out;
      }
      Schema schema = table.getDefinition().getSchema();
      boolean lakeColumns = schema != null && schema.getFields().stream().anyMatch(f -> f.getName().equals("lake_warnings"));
      TableResult result =
          bigQuery.query(settings.query(sql.read(lakeColumns)).setLabels(settings.readLabels("kpi_built_dates")).build());
      for (FieldValueList row : result.iterateAll()) {
        out.computeIfAbsent(row.get("table_name").getStringValue(), t -> new TreeMap<>())
            .put(
                LocalDate.parse(row.get("business_date").getStringValue()),
                new BuiltDate(
                    row.get("fingerprint").getStringValue(),
                    text(row.get("lake_rows")),
                    BuiltDate.warnings(text(row.get("lake_warnings"))),
                    Instant.EPOCH.plusNanos(row.get("built_at").getTimestampValue() * 1000)));
      }
      return out;
    } catch (BigQueryException e) {
      throw new KpiException(
          "cannot read kpi's ledger " + name() + " from BigQuery: " + BigQueryJobs.message(e)
              + "; check that the credentials may read dataset " + settings.warehouseDataset(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KpiException("interrupted while reading kpi's ledger " + name(), e);
    }
  }

  private static String text(FieldValue value) {
    return value.isNull() ? null : value.getStringValue();
  }


  /** The job that marks every date of {@code table}, recreated empty, as stale (built by no definition). */
  QueryJobConfiguration.Builder markRecreated(String table) {
    return settings.query(sql.markRecreated()).addNamedParameter(Parameter.TABLE_NAME.sqlName(), QueryParameterValue.string(table));
  }

  /**
   * {@code build} (a build script) with the ledger's record of its dates inside its transaction,
   * so the rows and the ledger entry commit together; its parameters are {@link #recordParameters}.
   */
  String withRecord(String build) {
    return settings.dialect().inTransaction(build, sql.record());
  }

  /**
   * {@code @lake_rows}: the rows of every date of {@code window} in date order, separated by
   * {@link BuiltDatesSql#LAKE_ROWS_SEPARATOR} (an empty entry for a date without), as the record's
   * MERGE reads them by their distance from {@code @start_date}; null when no date has any.
   */
  static String lakeRows(LakeRecord lake, DateWindow window) {
    if (window.dates().stream().allMatch(d -> lake.rows(d) == null)) {
      return null;
    }
    List<String> entries = new ArrayList<>();
    window.dates().forEach(date -> entries.add(lake.rows(date) == null ? "" : lake.rows(date)));
    return String.join(BuiltDatesSql.LAKE_ROWS_SEPARATOR, entries);
  }

  /** The parameters the record adds to a build's (whose @start_date and @end_date it shares). */
  Map<String, QueryParameterValue> recordParameters(String table, DateWindow window, String fingerprint, String jobId, LakeRecord lake) {
    Map<String, QueryParameterValue> parameters = new LinkedHashMap<>();
    parameters.put(Parameter.TABLE_NAME.sqlName(), QueryParameterValue.string(table));
    parameters.put(Parameter.FINGERPRINT.sqlName(), QueryParameterValue.string(fingerprint));
    parameters.put(Parameter.JOB_ID.sqlName(), QueryParameterValue.string(jobId));
    parameters.put(Parameter.LAKE_ROWS.sqlName(), QueryParameterValue.string(lakeRows(lake, window)));
    parameters.put(Parameter.LAKE_WARNINGS.sqlName(), QueryParameterValue.string(lake.warningsText()));
    return parameters;
  }
}
