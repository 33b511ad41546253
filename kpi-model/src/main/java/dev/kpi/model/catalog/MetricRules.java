package dev.kpi.model.catalog;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.ExprText;
import dev.kpi.model.expr.Exprs;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.metric.MetricVisitor;
import dev.kpi.model.warehouse.TableKind;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a metric: named and documented, and of each kind its own: a simple metric
 * aggregates a column of a fact, a ratio divides numeric metrics, a derived metric combines
 * metrics only, a rolling window sums a simple metric over days; and no metric is defined in
 * terms of itself.
 */
final class MetricRules {
  private final Catalog catalog;
  private final MetricGraph graph;
  private final Problems problems;
  private final ExpressionRules expressions;
  private final MetricReferences references;

  MetricRules(
      Catalog catalog,
      MetricGraph graph,
      Problems problems,
      ExpressionRules expressions,
      MetricReferences references) {
    this.catalog = catalog;
    this.graph = graph;
    this.problems = problems;
    this.expressions = expressions;
    this.references = references;
  }

  void check(Metric metric) {
    String object = "metric '" + metric.name() + "'";
    problems.identifier(object, "name", metric.name());
    problems.documented(object, metric);
    problems.columnDescription(object, metric.displayName(), metric.description());
    metric.accept(
        new MetricVisitor<Void>() {
          @Override
          public Void visitSimple(Metric.Simple simple) {
            checkSimpleMetric(object, simple);
            return null;
          }

          @Override
          public Void visitRatio(Metric.Ratio ratio) {
            references.require(object, "numerator", ratio.numerator());
            references.require(object, "denominator", ratio.denominator());
            for (String input : ratio.inputs()) {
              if (catalog.findMetric(input).isPresent()
                  && !graph.type(input).isNumeric()) {
                problems.problem(
                    object,
                    "divides by or into metric '"
                        + input
                        + "' of type "
                        + graph.type(input)
                        + "; a ratio needs numeric metrics");
              }
            }
            return null;
          }

          @Override
          public Void visitDerived(Metric.Derived derived) {
            List<String> refs = derived.inputs();
            if (refs.isEmpty()) {
              problems.problem(object, "uses no metric; write it over metrics with Expr.metric(\"name\")");
            }
            refs.forEach(r -> references.require(object, "input", r));
            for (Expr.ColumnRef column : Exprs.columns(derived.expression())) {
              problems.problem(
                  object,
                  "reads column "
                      + column.qualifiedName()
                      + " directly; a derived metric combines metrics only, define a simple metric for it");
            }
            expressions.checkTypes(object, derived.expression());
            return null;
          }

          @Override
          public Void visitRolling(Metric.Rolling rolling) {
            if (rolling.days() <= 0) {
              problems.problem(
                  object,
                  "has a rolling window of "
                      + rolling.days()
                      + " days; the window must be 1 day or more");
            }
            if (references.require(object, "base", rolling.base())) {
              Metric base = catalog.metric(rolling.base());
              if (!(base instanceof Metric.Simple)) {
                problems.problem(
                    object,
                    "rolls up metric '"
                        + rolling.base()
                        + "', which is not a simple metric; a rolling window needs SUM, COUNT or COUNT DISTINCT of a fact");
              } else {
                Metric.Simple simple = (Metric.Simple) base;
                switch (simple.aggregation()) {
                  case SUM:
                  case COUNT:
                  case COUNT_DISTINCT:
                    break;
                  default:
                    problems.problem(
                        object,
                        "rolls up a "
                            + simple.aggregation().label()
                            + " metric; rolling windows support SUM, COUNT and COUNT DISTINCT");
                }
              }
            }
            return null;
          }
        });
  }

  private void checkSimpleMetric(String object, Metric.Simple metric) {
    Optional<WarehouseTable> fact = catalog.findWarehouseTable(metric.fact());
    if (metric.fact().isEmpty()) {
      problems.problem(object, "reads no column of a fact; aggregate a column of a fact table");
      return;
    }
    if (fact.isEmpty()) {
      problems.problem(object, "aggregates table '" + metric.fact() + "', which is not a warehouse table");
      return;
    }
    if (fact.get().kind() != TableKind.FACT) {
      problems.problem(object, "aggregates '" + metric.fact() + "', a dimension table; metrics aggregate facts");
    }
    Set<String> tables = Set.of(metric.fact());
    expressions.checkExpression(object, metric.expression(), tables, false);
    metric.filter().ifPresent(f -> expressions.checkCondition(object + ", filter", f, tables));
    LogicalType type = metric.expression().type();
    if (metric.aggregation().needsNumeric() && !type.isNumeric()) {
      problems.problem(
          object,
          metric.aggregation().label()
              + " of "
              + ExprText.of(metric.expression())
              + " of type "
              + type
              + " is not possible; "
              + metric.aggregation().label()
              + " needs a numeric column (INT64, NUMERIC or FLOAT64)");
    }
  }

  /**
   * One problem per distinct cycle found through each metric: an analyst who made two loops
   * that share a metric sees both at once instead of fixing one and meeting the next.
   */
  void checkCycles() {
    for (List<String> path : graph.cycles()) {
      problems.problem(
          "metric '" + path.get(0) + "'",
          "is defined in terms of itself: " + String.join(" -> ", path) + "; break the cycle");
    }
  }
}
