package dev.kpi.model.catalog;

import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a mart: named and documented, metrics and dimensions of the catalog, each once,
 * every dimension reachable from the fact of every metric, and rolling windows only by day.
 */
final class MartRules {
  private final Catalog catalog;
  private final MetricGraph graph;
  private final Problems problems;
  private final MetricReferences references;

  MartRules(Catalog catalog, MetricGraph graph, Problems problems, MetricReferences references) {
    this.catalog = catalog;
    this.graph = graph;
    this.problems = problems;
    this.references = references;
  }

  void check(Mart mart) {
    String object = "mart '" + mart.name() + "'";
    problems.identifier(object, "name", mart.name());
    problems.documented(object, mart);
    if (mart.metrics().isEmpty()) {
      problems.problem(object, "has no metrics; add at least one with .metrics(...)");
    }
    Set<String> columns = new LinkedHashSet<>();
    columns.add(mart.grain().dateColumn());
    for (String name : concat(mart.dimensions(), mart.metrics())) {
      if (!columns.add(name)) {
        problems.problem(object, "has two columns named '" + name + "'; list each metric and dimension once");
      }
    }
    for (String dimension : mart.dimensions()) {
      if (catalog.findDimension(dimension).isEmpty()) {
        problems.problem(object, "dimension '" + dimension + "' is not a dimension of the catalog");
      }
    }
    if (mart.dense() && mart.dimensions().isEmpty()) {
      problems.problem(object, "is dense but has no dimensions; dense marts need a dimension to be dense over");
    }
    for (String metricName : mart.metrics()) {
      if (!references.require(object, "metric", metricName)) {
        continue;
      }
      for (Metric.Simple simple : graph.simpleInputs(List.of(metricName))) {
        for (String dimensionName : mart.dimensions()) {
          catalog
              .findDimension(dimensionName)
              .ifPresent(d -> checkReachable(object, metricName, simple, d));
        }
      }
      if (mart.grain() != Grain.DAY && graph.usesRolling(metricName)) {
        problems.problem(
            object,
            "metric '"
                + metricName
                + "' is a rolling window over days; it belongs in a daily mart, not a "
                + mart.grain().name().toLowerCase()
                + "ly one");
      }
    }
  }

  private void checkReachable(String object, String metricName, Metric.Simple simple, Dimension d) {
    String dimensionTable = d.column().table();
    if (dimensionTable.equals(simple.fact())) {
      return;
    }
    Optional<WarehouseTable> fact = catalog.findWarehouseTable(simple.fact());
    boolean referenced =
        fact.isPresent()
            && fact.get().references().stream()
                .anyMatch(k -> k.dimensionTable().equals(dimensionTable));
    if (!referenced) {
      problems.problem(
          object,
          "dimension '"
              + d.name()
              + "' (from "
              + dimensionTable
              + ") is not reachable from metric '"
              + metricName
              + "' (fact "
              + simple.fact()
              + "); add a reference from "
              + simple.fact()
              + " to "
              + dimensionTable
              + " or drop the dimension");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
