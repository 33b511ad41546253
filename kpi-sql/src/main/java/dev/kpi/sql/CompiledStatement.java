package dev.kpi.sql;

import dev.kpi.sql.plan.PlanStep;

/** A step of the plan with its SQL text in one dialect. */
public final class CompiledStatement {
  private final PlanStep step;
  private final String sql;

  CompiledStatement(PlanStep step, String sql) {
    this.step = step;
    this.sql = sql;
  }

  public PlanStep step() {
    return step;
  }

  /** The text that runs, exactly; dates are the step's parameters, never in the text. */
  public String sql() {
    return sql;
  }

  /** {@code layer/table.kind.sql}: where golden files and compiled output keep it. */
  public String relativePath() {
    return step.table().layer().lowerName() + "/" + step.table().name() + "." + step.kind().lowerName() + ".sql";
  }

  @Override
  public String toString() {
    return step.id();
  }
}
