package dev.kpi.runtime.report;

import dev.kpi.model.Unit;
import dev.kpi.model.metric.Metric;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/** One metric's values on a few dates (absent: the date is not built; a null value: NULL). */
public final class MetricValues {
  private final Metric metric;
  private final Map<LocalDate, Optional<BigDecimal>> values;

  MetricValues(Metric metric, Map<LocalDate, Optional<BigDecimal>> values) {
    this.metric = metric;
    this.values = Map.copyOf(values);
  }

  public Metric metric() {
    return metric;
  }

  public String displayName() {
    return metric.displayName().orElse(metric.name());
  }

  public Optional<Unit> unit() {
    return metric.unit();
  }

  /** Whether the mart holds the date at all. */
  public boolean isBuilt(LocalDate date) {
    return values.containsKey(date);
  }

  /** The value on the date; empty when NULL or not built. */
  public Optional<BigDecimal> value(LocalDate date) {
    return values.getOrDefault(date, Optional.empty());
  }

  /**
   * The change from {@code base} to {@code date} as a fraction (0.12 = +12%); empty when either
   * is missing or the base is 0.
   */
  public Optional<BigDecimal> change(LocalDate date, LocalDate base) {
    return dev.kpi.slack.KpiFormat.change(value(date), value(base));
  }
}
