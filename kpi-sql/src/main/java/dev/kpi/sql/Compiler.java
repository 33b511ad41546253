package dev.kpi.sql;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.plan.Plan;
import dev.kpi.sql.plan.PlanStep;
import dev.kpi.sql.plan.Planner;
import dev.kpi.sql.plan.StepKind;
import dev.kpi.sql.render.LakeTableSql;
import dev.kpi.sql.render.MartSql;
import dev.kpi.sql.render.RenderedStep;
import dev.kpi.sql.render.WarehouseTableSql;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a catalog into SQL: catalog → {@link Plan} (named steps in dependency order, with
 * their parameters) → text in one dialect. Pure: no I/O, the same catalog and dialect always
 * give the same text.
 */
public final class Compiler {
  private final SqlDialect dialect;

  private Compiler(SqlDialect dialect) {
    this.dialect = dialect;
  }

  public static Compiler forDialect(SqlDialect dialect) {
    return new Compiler(dialect);
  }

  public SqlDialect dialect() {
    return dialect;
  }

  /** Every statement of the catalog's plan, in the order they must run. */
  public List<CompiledStatement> compile(Catalog catalog) {
    return compile(Planner.plan(catalog));
  }

  public List<CompiledStatement> compile(Plan plan) {
    Catalog catalog = plan.catalog();
    WarehouseTableSql warehouse = new WarehouseTableSql(catalog, dialect);
    MartSql marts = new MartSql(catalog, dialect);
    List<CompiledStatement> out = new ArrayList<>();
    for (PlanStep step : plan.steps()) {
      String name = step.table().name();
      RenderedStep sql;
      switch (step.table().layer()) {
        case LAKE:
          sql = LakeTableSql.create(catalog.findLakeTable(name).orElseThrow(), step, dialect);
          break;
        case WAREHOUSE:
          sql =
              step.kind() == StepKind.CREATE
                  ? warehouse.create(catalog.warehouseTable(name), step)
                  : warehouse.build(catalog.warehouseTable(name), step);
          break;
        case MART:
          sql =
              step.kind() == StepKind.CREATE
                  ? marts.create(catalog.findMart(name).orElseThrow(), step)
                  : marts.build(catalog.findMart(name).orElseThrow(), step);
          break;
        default:
          throw new IllegalStateException("unknown layer " + step.table().layer());
      }
      out.add(
          new CompiledStatement(
              step, sql.statements(), dialect.statementsNeedOneTransaction(), sql.table(), sql.query()));
    }
    return out;
  }
}
