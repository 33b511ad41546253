package dev.kpi.model.catalog;

import dev.kpi.model.target.MonthlyTarget;
import java.util.HashSet;
import java.util.Set;

/** The rules of monthly targets: of a metric the catalog has, additive, positive, one per month. */
final class TargetRules {
  private final Catalog catalog;
  private final MetricGraph graph;
  private final Problems problems;

  TargetRules(Catalog catalog, MetricGraph graph, Problems problems) {
    this.catalog = catalog;
    this.graph = graph;
    this.problems = problems;
  }

  void check() {
    Set<String> targeted = new HashSet<>();
    for (MonthlyTarget target : catalog.targets()) {
      String object = "target of '" + target.metric() + "' for " + target.month();
      if (catalog.findMetric(target.metric()).isEmpty()) {
        problems.problem(object, "names metric '" + target.metric() + "', which the catalog does not have");
      } else if (graph.kind(target.metric()) != MetricGraph.Kind.ADDITIVE) {
        problems.problem(object, "'" + target.metric() + "' is " + graph.kind(target.metric()).label()
            + ": only an additive metric's month is the sum of its days, which a month-to-date pace needs; set the target on an additive metric");
      }
      if (target.value().signum() <= 0) {
        problems.problem(object, "is " + target.value().toPlainString() + "; give a positive value");
      }
      if (!targeted.add(target.metric() + " " + target.month())) {
        problems.problem(object, "is set twice; keep one");
      }
    }
  }
}
