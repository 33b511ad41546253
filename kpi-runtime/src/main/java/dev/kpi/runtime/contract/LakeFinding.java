package dev.kpi.runtime.contract;

import dev.kpi.model.lake.Severity;

/**
 * One way the lake breaks its contract: an error stops the run before anything is written, a
 * warning travels with the numbers.
 *
 * @param severity what it does to the run
 * @param table the lake table
 * @param column the column (or the key's columns)
 * @param where where the rows are ("the lake file /lake/orders.parquet (the rows with ...)")
 * @param problem what, how many, two examples, and what to fix upstream: a sentence that names no
 *     local path, so it can travel with the numbers into the Slack summary
 */
public record LakeFinding(Severity severity, String table, String column, String where, String problem) {
  /** The whole sentence: where, then the problem. */
  public String message() {
    return where + ": " + problem;
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
