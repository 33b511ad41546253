package dev.kpi.sql.render;

import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.PlanStep;
import java.util.List;
import java.util.stream.Collectors;

/** The DDL of a lake table, partitioned by the date of its timestamp so builds can prune. */
public final class LakeTableSql {
  private LakeTableSql() {}

  public static RenderedStep create(LakeTable table, PlanStep step, SqlDialect dialect) {
    List<ColumnDdl> columns =
        table.columns().stream()
            .map(c -> new ColumnDdl(c.name(), c.type(), c.nullable(), c.description()))
            .collect(Collectors.toList());
    TableDdl ddl =
        new TableDdl(
            step.table(), columns, table.partitionColumn(), List.of(), Header.tableDescription(table));
    return RenderedStep.create(
        Header.prepend(Header.of(dialect, "lake table " + table.name(), table, step.summary()), dialect.createTable(ddl)), ddl);
  }

  static List<String> columnNames(LakeTable table) {
    return table.columns().stream().map(LakeColumn::name).collect(Collectors.toList());
  }
}
