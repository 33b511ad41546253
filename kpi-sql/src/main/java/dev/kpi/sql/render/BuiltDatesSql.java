package dev.kpi.sql.render;

import dev.kpi.model.LogicalType;
import dev.kpi.model.mart.Grain;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * The ledger of built dates, for a warehouse that keeps it in its own tables (BigQuery): which
 * definition built each date of each table, so that {@code kpi status} lists stale dates,
 * {@code kpi backfill --stale} rebuilds them and a summary is only sent for dates built by the
 * current definitions. One row per table and business date; a build's dates are recorded by
 * one MERGE after the build, with its values as typed parameters.
 */
public final class BuiltDatesSql {
  /** In the warehouse dataset, beside the tables it describes. */
  public static final TableRef TABLE = TableRef.of(Layer.WAREHOUSE, "kpi_built_dates");

  private final SqlDialect dialect;

  public BuiltDatesSql(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /** The ledger table: small (a row per table and date), clustered by table for its reads. */
  public TableDdl table() {
    return new TableDdl(
        TABLE,
        List.of(
            new ColumnDdl("table_name", LogicalType.STRING, false, "The table built, as layer.name (mart.kpi_daily)."),
            new ColumnDdl("business_date", LogicalType.DATE, false, "A business date the build wrote."),
            new ColumnDdl("fingerprint", LogicalType.STRING, false, "The fingerprint of the definition that built the date; another one means the date is stale."),
            new ColumnDdl("job_id", LogicalType.STRING, false, "The BigQuery job of the build."),
            new ColumnDdl("built_at", LogicalType.TIMESTAMP, false, "When the build's dates were recorded."),
            new ColumnDdl(
                "lake_rows",
                LogicalType.STRING,
                true,
                "The lake rows a warehouse build read on the date, per lake table (orders=120,order_items=300): what a later build of the date is compared with, so a shrunken extract does not replace good days."),
            new ColumnDdl("lake_warnings", LogicalType.STRING, true, "The warnings of the lake check the build's run passed, one per line; they travel with the date's numbers.")),
        Optional.empty(),
        List.of("table_name"),
        "kpi's ledger: which definition built each business date of each warehouse table and mart. Written by kpi after each build; do not edit.");
  }

  public List<String> create() {
    return dialect.createTable(table());
  }

  /**
   * Records the dates {@code @start_date}..{@code @end_date} of {@code @table_name} as built by
   * {@code @fingerprint} in {@code @job_id}, with the lake rows each date read ({@code @lake_rows},
   * its entries in date order) and the run's lake warnings, replacing what was recorded before.
   */
  public String record() {
    String days = dialect.periodSeries(p(Parameter.START_DATE), p(Parameter.END_DATE), Grain.DAY, "business_date");
    String lakeRows = dialect.listEntry(p(Parameter.LAKE_ROWS), LAKE_ROWS_SEPARATOR, dialect.daysBetween(p(Parameter.START_DATE), "days.business_date"));
    return "MERGE " + dialect.tableName(TABLE) + " AS built\n"
        + "USING (\n"
        + "  SELECT " + p(Parameter.TABLE_NAME) + " AS table_name, days.business_date AS business_date, "
        + p(Parameter.FINGERPRINT) + " AS fingerprint, " + p(Parameter.JOB_ID) + " AS job_id, CURRENT_TIMESTAMP AS built_at,\n"
        + "    " + lakeRows + " AS lake_rows, " + p(Parameter.LAKE_WARNINGS) + " AS lake_warnings\n"
        + "  FROM (" + days + ") AS days\n"
        + ") AS build\n"
        + "ON built.table_name = build.table_name AND built.business_date = build.business_date\n"
        + "WHEN MATCHED THEN\n"
        + "  UPDATE SET fingerprint = build.fingerprint, job_id = build.job_id, built_at = build.built_at, lake_rows = build.lake_rows, lake_warnings = build.lake_warnings\n"
        + "WHEN NOT MATCHED THEN\n"
        + "  INSERT (table_name, business_date, fingerprint, job_id, built_at, lake_rows, lake_warnings)\n"
        + "  VALUES (build.table_name, build.business_date, build.fingerprint, build.job_id, build.built_at, build.lake_rows, build.lake_warnings)";
  }

  /** Separates the dates' entries of {@code @lake_rows}. */
  public static final String LAKE_ROWS_SEPARATOR = ";";

  /** What a date of a table recreated empty is recorded as built by: no definition's fingerprint. */
  public static final String RECREATED = "recreated-empty";

  /**
   * Marks every date of {@code @table_name} as built by no current definition ({@link
   * #RECREATED}): the table was recreated empty, so those dates are stale until rebuilt, and
   * {@code kpi status} and {@code kpi backfill --stale} find them.
   */
  public String markRecreated() {
    return "UPDATE " + dialect.tableName(TABLE) + "\nSET fingerprint = " + dialect.stringLiteral(RECREATED) + "\nWHERE table_name = " + p(Parameter.TABLE_NAME);
  }

  /** Every recorded date: table_name, business_date, fingerprint, built_at, lake_rows, lake_warnings. */
  public String read() {
    return read(true);
  }

  /**
   * As {@link #read()}; with {@code lakeColumns} false, for a ledger made before it had {@code
   * lake_rows} and {@code lake_warnings} (a run adds them when it aligns the tables, after it has
   * read the ledger to plan), which then read as NULL.
   */
  public String read(boolean lakeColumns) {
    String lake =
        lakeColumns
            ? "lake_rows, lake_warnings"
            : dialect.cast("NULL", LogicalType.STRING) + " AS lake_rows, " + dialect.cast("NULL", LogicalType.STRING) + " AS lake_warnings";
    return "SELECT table_name, business_date, fingerprint, built_at, " + lake + "\nFROM " + dialect.tableName(TABLE) + "\nORDER BY table_name, business_date";
  }

  private String p(Parameter parameter) {
    return dialect.parameter(parameter);
  }
}
