package dev.kpi.model.mart;

import dev.kpi.model.Documented;
import dev.kpi.model.KpiStyle;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import java.util.Arrays;
import java.util.List;
import org.immutables.value.Value;

/**
 * A table of KPIs that dashboards and the Slack summary read: a set of metrics per period of a
 * grain, optionally broken down by dimensions.
 *
 * <p>Sums and counts over a week or month are computed from the period's rows; distinct counts
 * and ratios are recomputed for the period, never added up from days.
 */
@Value.Immutable
@KpiStyle
public interface Mart extends Documented {
  String name();

  Grain grain();

  /** Metric names, in the order of the mart's columns. */
  List<String> metrics();

  /**
   * The metric definitions the mart was given ({@code .metrics(GMV, ...)}): not part of the mart's
   * value, only so validation can say "defined but not registered" of one the catalog lacks.
   */
  @Value.Auxiliary
  List<Metric> definitions();

  /** Dimension names, the mart's key columns after the date. */
  List<String> dimensions();

  /**
   * When true, every period has a row for every known value of each dimension (0 where nothing
   * happened): the glossary's "every item type has a row for every date".
   */
  @Value.Default
  default boolean dense() {
    return false;
  }

  static Builder builder() {
    return new Builder();
  }

  class Builder extends ImmutableMart.Builder {
    public Builder daily(String name) {
      return name(name).grain(Grain.DAY);
    }

    public Builder weekly(String name) {
      return name(name).grain(Grain.WEEK);
    }

    public Builder monthly(String name) {
      return name(name).grain(Grain.MONTH);
    }

    public Builder metrics(Metric... metrics) {
      Arrays.stream(metrics).forEach(m -> addMetrics(m.name()).addDefinitions(m));
      return this;
    }

    public Builder by(Dimension... dimensions) {
      Arrays.stream(dimensions).forEach(d -> addDimensions(d.name()));
      return this;
    }

    /** Every period gets a row for every known value of the dimensions. */
    public Builder denseOverDimensions() {
      return dense(true);
    }
  }
}
