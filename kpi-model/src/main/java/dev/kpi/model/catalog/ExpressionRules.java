package dev.kpi.model.catalog;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.ExprText;
import dev.kpi.model.expr.Exprs;
import dev.kpi.model.expr.TypeInference;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.warehouse.WarehouseColumn;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of an expression wherever it is written (a column, a join, a filter, a metric): it
 * reads only the tables it may, columns they have with the types they declare, and its types
 * fit together.
 */
final class ExpressionRules {
  private final Catalog catalog;
  private final MetricGraph graph;
  private final Problems problems;

  ExpressionRules(Catalog catalog, MetricGraph graph, Problems problems) {
    this.catalog = catalog;
    this.graph = graph;
    this.problems = problems;
  }

  /** An expression that must be a condition: a join's ON or a filter. */
  void checkCondition(String object, Expr condition, Set<String> tables) {
    checkExpression(object, condition, tables, false);
    if (readsAMissingColumn(condition)) {
      return;
    }
    if (condition.type() != LogicalType.BOOL) {
      problems.problem(object, ExprText.of(condition) + " is " + condition.type() + ", not a condition (BOOL)");
    }
  }

  void checkExpression(String object, Expr expr, Set<String> tables, boolean metricsAllowed) {
    for (Expr.ColumnRef column : Exprs.columns(expr)) {
      if (!tables.contains(column.table())) {
        problems.problem(
            object,
            "reads "
                + column.qualifiedName()
                + ", but only "
                + tables.stream().sorted().collect(Collectors.joining(", "))
                + " can be read here; join the table or use a column of those");
      } else {
        checkColumnExists(object, column);
      }
    }
    if (!metricsAllowed) {
      for (Expr.MetricRef ref : Exprs.metrics(expr)) {
        problems.problem(object, "uses metric '" + ref.name() + "'; metrics can be used only in derived metrics");
      }
    }
    if (!readsAMissingColumn(expr)) {
      // A column the table lacks has no type: its one problem above says so.
      checkTypes(object, expr);
    }
  }

  /** Reports every ill-typed node of the expression. */
  void checkTypes(String object, Expr expr) {
    for (String text : expr.accept(new TypeProblems(e -> TypeInference.typeOf(e, graph::type)))) {
      problems.problem(object, text);
    }
  }

  private boolean readsAMissingColumn(Expr expr) {
    for (Expr.ColumnRef column : Exprs.columns(expr)) {
      Optional<LakeTable> lake = catalog.findLakeTable(column.table());
      Optional<WarehouseTable> table = catalog.findWarehouseTable(column.table());
      boolean missing =
          lake.map(l -> l.findColumn(column.column()).isEmpty()).orElse(false)
              || table.map(t -> t.findColumn(column.column()).isEmpty()).orElse(false);
      if (missing) {
        return true;
      }
    }
    return false;
  }

  private void checkColumnExists(String object, Expr.ColumnRef column) {
    Optional<LakeTable> lake = catalog.findLakeTable(column.table());
    if (lake.isPresent()) {
      Optional<LakeColumn> declared = lake.get().findColumn(column.column());
      if (declared.isEmpty()) {
        problems.problem(
            object,
            "reads " + column.qualifiedName() + ", which the lake table does not have"
                + Suggestion.didYouMean(column.column(), lake.get().columns().stream().map(LakeColumn::name).collect(Collectors.toList())));
      } else if (declared.get().type() != column.type()) {
        problems.problem(
            object,
            "reads "
                + column.qualifiedName()
                + " as "
                + column.type()
                + ", but the lake declares it "
                + declared.get().type());
      }
      return;
    }
    catalog
        .findWarehouseTable(column.table())
        .ifPresent(
            t -> {
              Optional<WarehouseColumn> declared = t.findColumn(column.column());
              if (declared.isEmpty()) {
                problems.problem(
                    object,
                    "reads " + column.qualifiedName() + ", which the table does not have"
                        + Suggestion.didYouMean(column.column(), t.columns().stream().map(WarehouseColumn::name).collect(Collectors.toList())));
              } else if (declared.get().expression().type() != column.type()) {
                problems.problem(
                    object,
                    "reads "
                        + column.qualifiedName()
                        + " as "
                        + column.type()
                        + ", but the table declares it "
                        + declared.get().expression().type());
              }
            });
  }
}
