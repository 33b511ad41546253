package dev.kpi.sql.plan;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.MetricGraph;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.Join;
import dev.kpi.model.warehouse.TableKind;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a catalog into a {@link Plan}. The layers give the order: lake tables are only read,
 * warehouse tables read the lake, marts read the warehouse. Within the warehouse, dimensions
 * come before facts, so a run that stops half-way leaves the small tables complete first.
 */
public final class Planner {
  private static final List<Parameter> WINDOW = List.of(Parameter.START_DATE, Parameter.END_DATE);

  /** Daily KPIs are compared with the same weekday a week before. */
  static final int COMPARISON_DAYS = 7;

  private Planner() {}

  public static Plan plan(Catalog catalog) {
    List<PlanStep> steps = new ArrayList<>();
    for (LakeTable lake : catalog.lakeTables()) {
      steps.add(
          new PlanStep(
              TableRef.of(Layer.LAKE, lake.name()),
              StepKind.CREATE,
              "creates lake table " + lake.name() + " as the lake contract declares it",
              List.of(),
              List.of(),
              0,
              0));
    }
    List<WarehouseTable> warehouse = new ArrayList<>();
    catalog.warehouseTables().stream().filter(t -> t.kind() == TableKind.DIMENSION).forEach(warehouse::add);
    catalog.warehouseTables().stream().filter(t -> t.kind() == TableKind.FACT).forEach(warehouse::add);
    for (WarehouseTable table : warehouse) {
      TableRef ref = TableRef.of(Layer.WAREHOUSE, table.name());
      steps.add(create(ref, "warehouse " + kindName(table) + " " + table.name()));
      List<TableRef> reads = new ArrayList<>();
      reads.add(TableRef.of(Layer.LAKE, table.source().name()));
      for (Join join : table.joins()) {
        reads.add(TableRef.of(Layer.LAKE, join.table().name()));
      }
      if (table.kind() == TableKind.FACT) {
        steps.add(
            new PlanStep(
                ref,
                StepKind.BUILD,
                "replaces the business dates @start_date to @end_date of fact " + table.name(),
                reads,
                WINDOW,
                table.lookbackDays(),
                factHistoryDays(catalog, table)));
      } else {
        steps.add(
            new PlanStep(
                ref, StepKind.BUILD, "replaces every row of dimension " + table.name(), reads, List.of(), 0, 0));
      }
    }
    for (Mart mart : catalog.marts()) {
      TableRef ref = TableRef.of(Layer.MART, mart.name());
      steps.add(create(ref, "mart " + mart.name()));
      Set<String> read = catalog.tablesReadBy(mart);
      // Only facts are rebuilt by date; a dimension's lookbackDays (3 by default) means nothing.
      int lookback =
          read.stream()
              .map(catalog::warehouseTable)
              .filter(t -> t.kind() == TableKind.FACT)
              .mapToInt(WarehouseTable::lookbackDays)
              .max()
              .orElse(0);
      List<TableRef> reads = new ArrayList<>();
      read.forEach(t -> reads.add(TableRef.of(Layer.WAREHOUSE, t)));
      steps.add(
          new PlanStep(
              ref,
              StepKind.BUILD,
              "replaces the "
                  + periodName(mart)
                  + " containing @start_date to @end_date of mart "
                  + mart.name(),
              reads,
              WINDOW,
              lookback,
              martHistoryDays(mart)));
    }
    return new Plan(catalog, steps);
  }

  /** A daily mart keeps the week before its window, for the comparison with the same weekday. */
  private static int martHistoryDays(Mart mart) {
    return mart.grain() == dev.kpi.model.mart.Grain.DAY ? COMPARISON_DAYS : 0;
  }

  /** A week or month mart reads its fact from the first day of the period of its window's start. */
  private static int periodReach(Mart mart) {
    switch (mart.grain()) {
      case WEEK:
        return 6;
      case MONTH:
        return 30;
      default:
        return 0;
    }
  }

  /** The days before a mart's window its rolling metrics read from this fact, plus the mart's own history. */
  private static int factHistoryDays(Catalog catalog, WarehouseTable fact) {
    MetricGraph graph = catalog.graph();
    int days = 0;
    for (Mart mart : catalog.marts()) {
      int rolling = 0;
      boolean reads = false;
      for (Metric metric : graph.aggregates(mart.metrics())) {
        if (graph.fact(metric.name()).orElseThrow().equals(fact.name())) {
          reads = true;
          if (metric instanceof Metric.Rolling) {
            rolling = Math.max(rolling, ((Metric.Rolling) metric).days() - 1);
          }
        }
      }
      if (reads) {
        days = Math.max(days, Math.max(martHistoryDays(mart) + rolling, periodReach(mart)));
      }
    }
    return days;
  }

  private static PlanStep create(TableRef ref, String what) {
    return new PlanStep(ref, StepKind.CREATE, "creates " + what + " if it does not exist", List.of(), List.of(), 0, 0);
  }

  private static String kindName(WarehouseTable table) {
    return table.kind() == TableKind.FACT ? "fact" : "dimension";
  }

  private static String periodName(Mart mart) {
    switch (mart.grain()) {
      case WEEK:
        return "weeks (Monday to Sunday)";
      case MONTH:
        return "months";
      default:
        return "days";
    }
  }
}
