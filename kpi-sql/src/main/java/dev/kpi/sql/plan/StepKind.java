package dev.kpi.sql.plan;

/** What a statement of the plan does to its table. */
public enum StepKind {
  /** Creates the table if it does not exist, with its partitioning, clustering and descriptions. */
  CREATE,
  /**
   * Replaces, in one atomic step, the rows of the dates (or periods) of the build window, or
   * every row for a table without a date.
   */
  BUILD;

  public String lowerName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
