package dev.kpi.sql.plan;

import dev.kpi.model.LogicalType;

/**
 * A typed query parameter of a statement. Dates reach SQL only this way, never spliced into the
 * text, so the SQL a reviewer reads is the SQL that runs for every date.
 */
public enum Parameter {
  /** The first business date of the build window (inclusive). */
  START_DATE("start_date", LogicalType.DATE),
  /** The last business date of the build window (inclusive); the run date of a daily run. */
  END_DATE("end_date", LogicalType.DATE),
  /** The ledger's statements: the table a build wrote ("mart.kpi_daily"). */
  TABLE_NAME("table_name", LogicalType.STRING),
  /** The ledger's statements: the fingerprint of the definition that built it. */
  FINGERPRINT("fingerprint", LogicalType.STRING),
  /** The ledger's statements: the engine's id of the build (a BigQuery job id). */
  JOB_ID("job_id", LogicalType.STRING),
  /** The lake check: the first instant of the rows checked of a table read by range (inclusive). */
  CHECK_FROM("check_from", LogicalType.TIMESTAMP),
  /** The lake check: the end of the instants checked (exclusive). */
  CHECK_UNTIL("check_until", LogicalType.TIMESTAMP),
  /**
   * The lake check: the end of the plausible timestamps (exclusive), a day after the run's clock
   * or its last date, whichever is later.
   */
  PLAUSIBLE_UNTIL("plausible_until", LogicalType.TIMESTAMP),
  /**
   * The lake check of a relationship between two tables read by range: the first instant of the
   * referenced rows read (a day before {@link #CHECK_FROM}, as a row's partner lies on its
   * business date).
   */
  RELATED_FROM("related_from", LogicalType.TIMESTAMP),
  /**
   * The ledger's record of a warehouse build: the lake rows it read on each date of its window,
   * one entry per date from {@link #START_DATE} ("orders=120,order_items=300"), separated by
   * {@code ;}; NULL for a build that reads no lake table by range.
   */
  LAKE_ROWS("lake_rows", LogicalType.STRING),
  /** The ledger's record of a build: the warnings of the lake check its run passed, one per line; NULL for none. */
  LAKE_WARNINGS("lake_warnings", LogicalType.STRING);

  private final String sqlName;
  private final LogicalType type;

  Parameter(String sqlName, LogicalType type) {
    this.sqlName = sqlName;
    this.type = type;
  }

  public String sqlName() {
    return sqlName;
  }

  public LogicalType type() {
    return type;
  }
}
