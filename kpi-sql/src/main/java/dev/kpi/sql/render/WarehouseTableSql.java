package dev.kpi.sql.render;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.warehouse.Join;
import dev.kpi.model.warehouse.TableKind;
import dev.kpi.model.warehouse.WarehouseColumn;
import dev.kpi.model.warehouse.WarehouseTable;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.PlanStep;
import dev.kpi.sql.plan.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The DDL and the build of a warehouse fact or dimension. */
public final class WarehouseTableSql {
  private final Catalog catalog;
  private final SqlDialect dialect;

  public WarehouseTableSql(Catalog catalog, SqlDialect dialect) {
    this.catalog = catalog;
    this.dialect = dialect;
  }

  public RenderedStep create(WarehouseTable table, PlanStep step) {
    List<ColumnDdl> columns = new ArrayList<>();
    for (WarehouseColumn column : table.columns()) {
      // Every row of a fact passes the window filter on its partition column, so it is never NULL.
      boolean nullable = !table.partitionColumn().map(column.name()::equals).orElse(false);
      columns.add(new ColumnDdl(column.name(), column.expression().type(), nullable, column.description()));
    }
    Optional<String> partition =
        table.kind() == TableKind.FACT ? table.partitionColumn() : Optional.empty();
    TableDdl ddl =
        new TableDdl(
            step.table(), columns, partition, table.clusterBy(), Header.tableDescription(table), table.kind() == TableKind.FACT);
    return RenderedStep.create(Header.prepend(header(table, step), dialect.createTable(ddl)), ddl);
  }

  public RenderedStep build(WarehouseTable table, PlanStep step) {
    List<String> where = new ArrayList<>();
    String condition;
    if (table.kind() == TableKind.FACT) {
      String partition = table.partitionColumn().orElseThrow();
      condition =
          dialect.identifier(partition)
              + " BETWEEN "
              + dialect.parameter(Parameter.START_DATE)
              + " AND "
              + dialect.parameter(Parameter.END_DATE);
      where.addAll(windowFilters(table));
    } else {
      condition = "TRUE";
    }
    for (Expr filter : table.filters()) {
      where.add(render(filter));
    }
    StringBuilder select = new StringBuilder("SELECT\n");
    List<WarehouseColumn> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      WarehouseColumn column = columns.get(i);
      select
          .append("  ")
          .append(render(column.expression()))
          .append(" AS ")
          .append(dialect.identifier(column.name()))
          .append(i + 1 < columns.size() ? ",\n" : "\n");
    }
    select.append("FROM ").append(from(table.source().name()));
    for (Join join : table.joins()) {
      select
          .append('\n')
          .append(join.type().name())
          .append(" JOIN ")
          .append(from(join.table().name()))
          .append("\n  ON ")
          .append(render(join.on()));
    }
    if (!where.isEmpty()) {
      select.append("\nWHERE ").append(String.join("\n  AND ", where));
    }
    List<String> names = columns.stream().map(WarehouseColumn::name).collect(Collectors.toList());
    return RenderedStep.build(
        Header.prepend(header(table, step), dialect.replaceRows(step.table(), condition, names, select.toString())),
        select.toString());
  }

  /**
   * Restricts the lake rows read to the build window. Where the partition column is the
   * business date of a lake timestamp, the filter is written as a range on the raw timestamp
   * (and on the timestamps listed as also pruning), which the engine can prune partitions by;
   * {@code DATE(ts, zone) BETWEEN a AND b} is the same rows but cannot prune.
   */
  private List<String> windowFilters(WarehouseTable table) {
    String partition = table.partitionColumn().orElseThrow();
    Expr expression = table.findColumn(partition).orElseThrow().expression();
    List<String> filters = new ArrayList<>();
    List<Expr.ColumnRef> timestamps = LakeReads.rangeTimestamps(table);
    if (!timestamps.isEmpty()) {
      String zone = ((Expr.BusinessDate) expression).timeZone().orElse(catalog.timeZone());
      String from = dialect.startOfDate(dialect.parameter(Parameter.START_DATE), zone);
      String until = dialect.startOfDate(dialect.addDays(dialect.parameter(Parameter.END_DATE), 1), zone);
      for (Expr timestamp : timestamps) {
        String column = render(timestamp);
        filters.add(column + " >= " + from);
        filters.add(column + " < " + until);
      }
    } else {
      filters.add(
          render(expression)
              + " BETWEEN "
              + dialect.parameter(Parameter.START_DATE)
              + " AND "
              + dialect.parameter(Parameter.END_DATE));
    }
    return filters;
  }

  private String from(String lakeTable) {
    return dialect.tableName(TableRef.of(Layer.LAKE, lakeTable)) + " AS " + dialect.identifier(lakeTable);
  }

  private String render(Expr expr) {
    return ExpressionRenderer.render(expr, dialect, catalog.timeZone());
  }

  private String header(WarehouseTable table, PlanStep step) {
    String kind = table.kind() == TableKind.FACT ? "fact" : "dimension";
    return Header.of(dialect, "warehouse " + kind + " " + table.name(), table, step.summary());
  }

  /** The type of a warehouse column (the type of its expression). */
  static LogicalType columnType(WarehouseTable table, String column) {
    return table.columnType(column);
  }
}
