package dev.kpi.sql.plan;

import java.util.List;

/**
 * One statement of the plan: what it does to which table, what it reads, and the parameters it
 * takes. The SQL text of a step comes from a dialect ({@link dev.kpi.sql.Compiler}).
 */
public final class PlanStep {
  private final TableRef table;
  private final StepKind kind;
  private final String summary;
  private final List<TableRef> reads;
  private final List<Parameter> parameters;
  private final int lookbackDays;
  private final int historyDays;

  public PlanStep(
      TableRef table,
      StepKind kind,
      String summary,
      List<TableRef> reads,
      List<Parameter> parameters,
      int lookbackDays,
      int historyDays) {
    this.table = table;
    this.kind = kind;
    this.summary = summary;
    this.reads = List.copyOf(reads);
    this.parameters = List.copyOf(parameters);
    this.lookbackDays = lookbackDays;
    this.historyDays = historyDays;
  }

  /** {@code layer.table.kind}, e.g. {@code mart.kpi_daily.build}. */
  public String id() {
    return table + "." + kind.lowerName();
  }

  public TableRef table() {
    return table;
  }

  public StepKind kind() {
    return kind;
  }

  /** One line saying what the step does, for logs and SQL headers. */
  public String summary() {
    return summary;
  }

  /** The tables whose content the step reads: they are built before it. */
  public List<TableRef> reads() {
    return reads;
  }

  /** Empty for steps without a date window (CREATE, and builds of whole tables). */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Whether the step rebuilds a window of dates (and so takes @start_date and @end_date). */
  public boolean isWindowed() {
    return !parameters.isEmpty();
  }

  /**
   * How many business dates before the run date a daily run rebuilds with this step: the
   * run for D rebuilds D−lookback … D. 0 for steps without a window.
   */
  public int lookbackDays() {
    return lookbackDays;
  }

  /**
   * How many dates before a run's window must already be built for the run's numbers to be
   * complete: a fact read by a 28-day rolling metric needs the 27 days before the mart's
   * window; a daily mart needs the 7 days before its window for the comparison with the same
   * weekday a week before. A run builds those of them that are missing.
   */
  public int historyDays() {
    return historyDays;
  }

  @Override
  public String toString() {
    return id();
  }
}
