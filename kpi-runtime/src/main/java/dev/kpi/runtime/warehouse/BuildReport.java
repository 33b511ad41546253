package dev.kpi.runtime.warehouse;

import dev.kpi.runtime.DateWindow;

/**
 * One table built by a run: which dates, and what the warehouse says about it (rows written, or
 * a job and the bytes it processed).
 */
public final class BuildReport {
  private final String table;
  private final DateWindow window;
  private final long rows;
  private final String detail;

  /**
   * @param rows the rows written, or -1 when the warehouse does not say
   * @param detail what the warehouse says about the build ("3 rows", "job ..., 1.2 MB processed")
   */
  public BuildReport(String table, DateWindow window, long rows, String detail) {
    this.table = table;
    this.window = window;
    this.rows = rows;
    this.detail = detail;
  }

  /** A build that wrote {@code rows} rows. */
  public static BuildReport rows(String table, DateWindow window, long rows) {
    return new BuildReport(table, window, rows, rows + (rows == 1 ? " row" : " rows"));
  }

  public String table() {
    return table;
  }

  /** Null for tables rebuilt whole (dimensions). */
  public DateWindow window() {
    return window;
  }

  /** The rows written; -1 when the warehouse does not say. */
  public long rows() {
    return rows;
  }

  @Override
  public String toString() {
    return table + (window == null ? "" : " " + window) + ": " + detail;
  }
}
