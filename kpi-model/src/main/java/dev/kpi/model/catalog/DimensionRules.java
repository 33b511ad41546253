package dev.kpi.model.catalog;

import dev.kpi.model.expr.Expr;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.Optional;

/** The rules of a dimension: named, documented, and reading a column of a warehouse table. */
final class DimensionRules {
  private final Catalog catalog;
  private final Problems problems;

  DimensionRules(Catalog catalog, Problems problems) {
    this.catalog = catalog;
    this.problems = problems;
  }

  void check(Dimension dimension) {
    String object = "dimension '" + dimension.name() + "'";
    problems.identifier(object, "name", dimension.name());
    problems.documented(object, dimension);
    problems.columnDescription(object, dimension.displayName(), dimension.description());
    Expr.ColumnRef column = dimension.column();
    Optional<WarehouseTable> table = catalog.findWarehouseTable(column.table());
    if (table.isEmpty()) {
      problems.problem(object, "reads table '" + column.table() + "', which is not a warehouse table");
    } else if (table.get().findColumn(column.column()).isEmpty()) {
      problems.problem(object, "reads column '" + column.qualifiedName() + "', which does not exist");
    }
  }
}
