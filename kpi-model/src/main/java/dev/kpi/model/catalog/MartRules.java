package dev.kpi.model.catalog;

import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.Exprs;
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
import java.util.stream.Collectors;

/**
 * The rules of a mart: named and documented, metrics and dimensions of the catalog, each once,
 * every dimension reachable from the fact of every metric, and rolling windows only by day.
 */
final class MartRules {
  private final Catalog catalog;
  private final MetricGraph graph;
  private final Problems problems;
  private final MetricReferences references;
  private final ExpressionRules expressions;

  MartRules(Catalog catalog, MetricGraph graph, Problems problems, MetricReferences references, ExpressionRules expressions) {
    this.catalog = catalog;
    this.graph = graph;
    this.problems = problems;
    this.references = references;
    this.expressions = expressions;
  }

  /** {@code object} names it in messages: "mart 'kpi_daily'", or "query 'tshirts_weekly'" for a query. */
  void check(String object, Mart mart) {
    problems.documented(object, mart);
    rules(object, mart, false);
  }

  /**
   * The rules of a question asked on the spot (kpi query), which has no description or owner;
   * its messages name the command's options.
   */
  void checkAsked(String object, Mart mart) {
    rules(object, mart, true);
  }

  private void rules(String object, Mart mart, boolean asked) {
    problems.identifier(object, "name", mart.name());
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
        problems.problem(
            object,
            "dimension '" + dimension + "' is not a dimension of the catalog"
                + Suggestion.didYouMean(dimension, catalog.dimensions().stream().map(Dimension::name).toList()));
      }
    }
    if (mart.dense() && mart.dimensions().isEmpty()) {
      problems.problem(
          object,
          asked
              ? "--dense needs a dimension to be dense over: add --by DIMENSION (every period has a row without one)"
              : "is dense but has no dimensions; dense marts need a dimension to be dense over");
    }
    mart.filter().ifPresent(filter -> checkFilter(object, filter));
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
      mart.filter().ifPresent(filter -> checkFilterReachable(object, metricName, filter));
      if (mart.grain() != Grain.DAY && graph.usesRolling(metricName)) {
        problems.problem(
            object,
            "metric '"
                + metricName
                + "' is a rolling window over days; "
                + (asked
                    ? "ask it with --grain day (a " + mart.grain().name().toLowerCase() + "'s distinct count is its base metric per " + mart.grain().name().toLowerCase() + ")"
                    : "it belongs in a daily mart, not a " + mart.grain().name().toLowerCase() + "ly one"));
      }
    }
  }

  /** A filter is a condition over the columns of the catalog's dimensions. */
  private void checkFilter(String object, Expr filter) {
    Set<String> tables = new LinkedHashSet<>();
    catalog.dimensions().forEach(d -> tables.add(d.column().table()));
    for (Expr.ColumnRef column : Exprs.columns(filter)) {
      if (catalog.dimensionOf(column).isEmpty()) {
        problems.problem(
            object,
            "filters on "
                + column.qualifiedName()
                + ", which is not a dimension's column; filter on a dimension ("
                + catalog.dimensions().stream().map(Dimension::name).collect(Collectors.joining(", "))
                + ") or give the column a dimension");
        return;
      }
    }
    expressions.checkCondition(object, filter, tables);
  }

  private void checkFilterReachable(String object, String metricName, Expr filter) {
    for (Expr.ColumnRef column : Exprs.columns(filter)) {
      Optional<Dimension> dimension = catalog.dimensionOf(column);
      if (dimension.isEmpty()) {
        return;
      }
      for (Metric.Simple simple : graph.simpleInputs(List.of(metricName))) {
        checkReachable(object, metricName, simple, dimension.get());
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
