package dev.kpi.sql.plan;

import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one build of a mart computes its rows, as typed steps a dialect renders (in the spirit of
 * MetricFlow's dataflow plan): the periods of the window; for a dense mart the known values of
 * each dimension crossed with them; each fact's simple metrics aggregated per period straight
 * from its rows (distinct counts recounted, never added up); each rolling metric's value on each
 * date from its window's changes; the rows' keys; and the final values, where ratios and derived
 * metrics are computed from the period's values. Every step name comes from one allocator.
 */
public record MartPlan(
    Mart mart,
    List<Dimension> dimensions,
    String periods,
    List<DimensionValues> dimensionValues,
    List<FactAggregates> facts,
    List<RollingValues> rolling,
    Keys keys,
    /** The step holding each simple and rolling metric's value per period, by metric name. */
    Map<String, String> valueStep) {

  public Grain grain() {
    return mart.grain();
  }

  /** The distinct values of a dimension in the window, for a dense mart. */
  public record DimensionValues(String step, Dimension dimension, WarehouseTable table) {}

  /** A fact's simple metrics per period (and dimension values). */
  public record FactAggregates(String step, WarehouseTable fact, List<Metric.Simple> metrics) {}

  /**
   * A rolling metric's value on each date, from the changes of its window's content: for a
   * distinct count, the dates each value occurs ({@code source}) and the spans it counts for
   * ({@code spans}); for a sum, the base per date ({@code source}). {@code changes} gives +/−
   * per date, {@code step} their running total.
   */
  public record RollingValues(
      String step,
      Metric.Rolling metric,
      Metric.Simple base,
      WarehouseTable fact,
      String source,
      Optional<String> spans,
      String changes) {
    public boolean distinct() {
      return spans.isPresent();
    }
  }

  /** The rows of the mart: the periods, every period × dimension value, or those with data. */
  public record Keys(String step, KeyKind kind) {}

  public enum KeyKind {
    /** No dimensions: one row per period. */
    PERIODS,
    /** A dense mart: every period with every known value of its dimensions. */
    DENSE,
    /** The periods and dimension values that have data, within the window. */
    OBSERVED
  }
}
