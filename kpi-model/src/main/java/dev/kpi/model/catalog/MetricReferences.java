package dev.kpi.model.catalog;

import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A name written where a metric of the catalog is expected (a ratio's numerator, a mart's
 * metric, ...): when it names none, the problem says what it names instead.
 */
final class MetricReferences {
  private final Catalog catalog;
  private final Problems problems;

  /** Metrics a mart was given as definitions that the catalog does not hold (forgotten in .addMetrics). */
  private final Set<String> unregistered = new HashSet<>();

  MetricReferences(Catalog catalog, Problems problems) {
    this.catalog = catalog;
    this.problems = problems;
    for (Mart mart : catalog.marts()) {
      for (Metric given : mart.definitions()) {
        if (catalog.findMetric(given.name()).isEmpty()) {
          unregistered.add(given.name());
        }
      }
    }
  }

  /** Whether the catalog has metric {@code name}; if not, says so as the {@code role} of the object. */
  boolean require(String object, String role, String name) {
    if (catalog.findMetric(name).isPresent()) {
      return true;
    }
    if (unregistered.contains(name)) {
      problems.problem(
          object,
          role + " '" + name + "' is defined but not registered in catalog '" + catalog.name()
              + "': add it to the catalog's .addMetrics(...)");
      return false;
    }
    String what = "does not exist";
    if (catalog.findDimension(name).isPresent()) {
      what = "is a dimension, not a metric";
    } else if (catalog.findWarehouseTable(name).isPresent() || catalog.findLakeTable(name).isPresent()) {
      what = "is a table, not a metric";
    } else if (catalog.findMart(name).isPresent()) {
      what = "is a mart, not a metric";
    } else {
      what += Suggestion.didYouMean(name, catalog.metrics().stream().map(Metric::name).collect(Collectors.toList()));
    }
    problems.problem(object, role + " '" + name + "' " + what + "; name a metric of the catalog");
    return false;
  }
}
