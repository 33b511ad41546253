package dev.kpi.runtime.contract;

import dev.kpi.model.lake.Severity;

/**
 * One way the lake breaks its contract: an error stops the run before anything is written, a
 * warning travels with the numbers.
 *
 * @param severity what it does to the run
 * @param table the lake table
 * @param column the column (or the key's columns)
 * @param message the whole sentence: where, what, how many, two examples, and what to fix upstream
 */
public record LakeFinding(Severity severity, String table, String column, String message) {
  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
