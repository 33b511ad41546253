package dev.kpi.model.mart;

import dev.kpi.model.Documented;
import dev.kpi.model.KpiStyle;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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

  /**
   * Which fact rows the mart counts, over the columns of its catalog's dimensions ({@code
   * ITEM_TYPE's column = 't-shirt'}), besides each metric's own filter; empty for all rows.
   */
  Optional<Expr> filter();

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

    /** Counts only the fact rows where {@code condition}, a condition over dimension columns, holds. */
    public Builder where(Expr condition) {
      return filter(condition);
    }

    /** Every period gets a row for every known value of the dimensions. */
    public Builder denseOverDimensions() {
      return dense(true);
    }
  }
}
