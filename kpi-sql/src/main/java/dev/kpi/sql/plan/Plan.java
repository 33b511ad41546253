package dev.kpi.sql.plan;

import dev.kpi.model.catalog.Catalog;
import java.util.List;

/**
 * What building a catalog takes, in the order it must run: every lake table created, then
 * every warehouse table and mart created and built, each after the tables it reads.
 */
public final class Plan {
  private final Catalog catalog;
  private final List<PlanStep> steps;

  Plan(Catalog catalog, List<PlanStep> steps) {
    this.catalog = catalog;
    this.steps = List.copyOf(steps);
  }

  public Catalog catalog() {
    return catalog;
  }

  /** In dependency order: a step comes after the steps that build what it reads. */
  public List<PlanStep> steps() {
    return steps;
  }
}
