package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.DateWindow;

/** One table built by a run: which dates, how many rows. */
public final class BuildReport {
  private final String table;
  private final DateWindow window;
  private final long rows;

  BuildReport(String table, DateWindow window, long rows) {
    this.table = table;
    this.window = window;
    this.rows = rows;
  }

  public String table() {
    return table;
  }

  /** Null for tables rebuilt whole (dimensions). */
  public DateWindow window() {
    return window;
  }

  public long rows() {
    return rows;
  }

  @Override
  public String toString() {
    return table + (window == null ? "" : " " + window) + ": " + rows + (rows == 1 ? " row" : " rows");
  }
}
