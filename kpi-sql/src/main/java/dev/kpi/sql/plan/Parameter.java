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
  END_DATE("end_date", LogicalType.DATE);

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
