package dev.kpi.model.catalog;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.ExprText;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.warehouse.ForeignKey;
import dev.kpi.model.warehouse.Join;
import dev.kpi.model.warehouse.TableKind;
import dev.kpi.model.warehouse.WarehouseColumn;
import dev.kpi.model.warehouse.WarehouseLimits;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a warehouse table: it reads declared lake tables, each once; its columns, joins
 * and filters are sound expressions over them; it is partitioned and clustered as the warehouse
 * allows; and its references name columns of dimension tables it can join.
 */
final class WarehouseTableRules {
  private final Catalog catalog;
  private final Problems problems;
  private final ExpressionRules expressions;

  WarehouseTableRules(Catalog catalog, Problems problems, ExpressionRules expressions) {
    this.catalog = catalog;
    this.problems = problems;
    this.expressions = expressions;
  }

  void check(WarehouseTable table) {
    String object = "warehouse table '" + table.name() + "'";
    problems.identifier(object, "name", table.name());
    problems.documented(object, table);
    if (table.columns().isEmpty()) {
      problems.problem(object, "has no columns; add them with .column(name, expression, description)");
    }
    problems.duplicates(object + " column", table.columns(), WarehouseColumn::name);

    Set<String> tables = readableTables(object, table);
    for (Join join : table.joins()) {
      expressions.checkCondition(object + ", join of " + join.table().name(), join.on(), tables);
    }
    for (Expr filter : table.filters()) {
      expressions.checkCondition(object + ", filter", filter, tables);
    }
    for (WarehouseColumn column : table.columns()) {
      String columnObject = object + ", column '" + column.name() + "'";
      problems.identifier(object, "column", column.name());
      expressions.checkExpression(columnObject, column.expression(), tables, false);
      if (column.description().isBlank()) {
        problems.problem(columnObject, "has no description; pass one to .column(name, expression, description)");
      }
      problems.columnDescription(columnObject, Optional.empty(), column.description());
    }
    for (Expr.ColumnRef pruned : table.alsoPrunedBy()) {
      expressions.checkExpression(object + ", alsoPrunedBy", pruned, tables, false);
      if (pruned.type() != LogicalType.TIMESTAMP) {
        problems.problem(object, "alsoPrunedBy column " + pruned.qualifiedName() + " must be a TIMESTAMP");
      }
    }
    checkPartitioning(object, table);
    checkClustering(object, table);
    if (table.lookbackDays() < 0) {
      problems.problem(object, "lookback of " + table.lookbackDays() + " days is negative; use 0 or more");
    }
    for (ForeignKey key : table.references()) {
      checkForeignKey(object, table, key);
    }
  }

  /** The lake tables its expressions may read: its source and its joins. */
  private Set<String> readableTables(String object, WarehouseTable table) {
    Map<String, LakeTable> readable = new HashMap<>();
    readable.put(table.source().name(), table.source());
    for (Join join : table.joins()) {
      if (readable.put(join.table().name(), join.table()) != null) {
        problems.problem(
            object,
            "reads lake table '"
                + join.table().name()
                + "' twice; each lake table may appear once in a warehouse table");
      }
    }
    for (LakeTable lake : readable.values()) {
      if (catalog.findLakeTable(lake.name()).isEmpty()) {
        problems.problem(object, "reads lake table '" + lake.name() + "', which the catalog does not declare");
      }
    }
    return readable.keySet();
  }

  private void checkPartitioning(String object, WarehouseTable table) {
    if (table.partitionColumn().isEmpty()) {
      if (table.kind() == TableKind.FACT) {
        problems.problem(
            object,
            "is a fact without a partition column; name its business-date column with .partitionedBy(\"...\")");
      }
      return;
    }
    String partition = table.partitionColumn().get();
    Optional<WarehouseColumn> column = table.findColumn(partition);
    if (column.isEmpty()) {
      problems.problem(object, "partition column '" + partition + "' is not one of its columns");
    } else if (column.get().expression().type() != LogicalType.DATE) {
      Expr expression = column.get().expression();
      // Name the table's own timestamp in the hint, not another catalog's column.
      String timestamp =
          expression.type() == LogicalType.TIMESTAMP ? ExprText.of(expression) : "a TIMESTAMP column";
      problems.problem(
          object,
          "partition column '"
              + partition
              + "' is "
              + expression.type()
              + "; it must be a DATE (e.g. Expr.businessDate("
              + timestamp
              + "))");
    }
  }

  private void checkClustering(String object, WarehouseTable table) {
    for (String cluster : table.clusterBy()) {
      if (table.findColumn(cluster).isEmpty()) {
        problems.problem(object, "clusters by '" + cluster + "', which is not one of its columns");
      }
    }
    if (table.clusterBy().size() > WarehouseLimits.MAX_CLUSTER_COLUMNS) {
      problems.problem(
          object,
          "clusters by "
              + table.clusterBy().size()
              + " columns; BigQuery allows at most "
              + WarehouseLimits.MAX_CLUSTER_COLUMNS);
    }
  }

  private void checkForeignKey(String object, WarehouseTable table, ForeignKey key) {
    if (table.findColumn(key.column()).isEmpty()) {
      problems.problem(object, "reference column '" + key.column() + "' is not one of its columns");
    }
    Optional<WarehouseTable> target = catalog.findWarehouseTable(key.dimensionTable());
    if (target.isEmpty()) {
      problems.problem(object, "references '" + key.dimensionTable() + "', which is not a warehouse table");
      return;
    }
    if (target.get().kind() != TableKind.DIMENSION) {
      problems.problem(object, "references '" + key.dimensionTable() + "', which is not a dimension table");
    }
    Optional<WarehouseColumn> targetColumn = target.get().findColumn(key.dimensionColumn());
    if (targetColumn.isEmpty()) {
      problems.problem(
          object,
          "references column '"
              + key.dimensionColumn()
              + "' of '"
              + key.dimensionTable()
              + "', which has no such column");
    } else if (table.findColumn(key.column()).isPresent()
        && !table
            .columnType(key.column())
            .isComparableWith(targetColumn.get().expression().type())) {
      problems.problem(
          object,
          "reference column '"
              + key.column()
              + "' ("
              + table.columnType(key.column())
              + ") cannot be joined to "
              + key.dimensionTable()
              + "."
              + key.dimensionColumn()
              + " ("
              + targetColumn.get().expression().type()
              + ")");
    }
  }
}
