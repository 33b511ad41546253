package dev.kpi.sql.plan;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.MetricGraph;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Aggregation;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Makes a mart's {@link MartPlan} from the catalog's {@link MetricGraph}. */
public final class MartPlanner {
  private MartPlanner() {}

  public static MartPlan plan(Catalog catalog, Mart mart) {
    MetricGraph graph = catalog.graph();
    CteNames names = new CteNames();
    String periods = names.fixed("periods");
    String martKeys = names.fixed("mart_keys");
    List<Dimension> dimensions = mart.dimensions().stream().map(catalog::dimension).toList();

    List<MartPlan.DimensionValues> values = new ArrayList<>();
    if (mart.dense()) {
      for (Dimension dimension : dimensions) {
        values.add(
            new MartPlan.DimensionValues(
                names.allocate(dimension.name() + "_values"),
                dimension,
                catalog.warehouseTable(dimension.column().table())));
      }
    }

    Map<String, List<Metric.Simple>> simpleByFact = new LinkedHashMap<>();
    List<Metric.Rolling> rollingMetrics = new ArrayList<>();
    for (Metric metric : graph.aggregates(mart.metrics())) {
      if (metric instanceof Metric.Simple simple) {
        simpleByFact.computeIfAbsent(simple.fact(), f -> new ArrayList<>()).add(simple);
      } else {
        rollingMetrics.add((Metric.Rolling) metric);
      }
    }
    Map<String, String> valueStep = new LinkedHashMap<>();
    List<MartPlan.FactAggregates> facts = new ArrayList<>();
    simpleByFact.forEach(
        (fact, metrics) -> {
          String step = names.allocate(fact + "_by_period");
          facts.add(new MartPlan.FactAggregates(step, catalog.warehouseTable(fact), List.copyOf(metrics)));
          metrics.forEach(m -> valueStep.put(m.name(), step));
        });
    List<MartPlan.RollingValues> rolling = new ArrayList<>();
    for (Metric.Rolling metric : rollingMetrics) {
      Metric.Simple base = (Metric.Simple) graph.metric(metric.base());
      String name = metric.name();
      String step = names.allocate(name + "_by_period");
      String changes = names.allocate(name + "_changes");
      boolean distinct = base.aggregation() == Aggregation.COUNT_DISTINCT;
      String source = names.allocate(name + (distinct ? "_active_dates" : "_daily"));
      Optional<String> spans = distinct ? Optional.of(names.allocate(name + "_spans")) : Optional.empty();
      rolling.add(
          new MartPlan.RollingValues(step, metric, base, catalog.warehouseTable(base.fact()), source, spans, changes));
      valueStep.put(name, step);
    }

    MartPlan.KeyKind kind =
        dimensions.isEmpty() ? MartPlan.KeyKind.PERIODS : mart.dense() ? MartPlan.KeyKind.DENSE : MartPlan.KeyKind.OBSERVED;
    MartPlan.Keys keys = new MartPlan.Keys(kind == MartPlan.KeyKind.PERIODS ? periods : martKeys, kind);
    return new MartPlan(mart, dimensions, periods, values, facts, rolling, keys, valueStep);
  }
}
