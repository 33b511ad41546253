package dev.kpi.model.query;

import dev.kpi.model.Documented;
import dev.kpi.model.KpiStyle;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A question asked of the KPIs: metrics per period of a grain, optionally by dimensions and
 * only for some rows. Declared beside the KPIs it is one definition of "the question" that the
 * Slack summary, a dashboard and {@code kpi query --saved NAME} share; {@code kpi query} makes
 * one from its options. It has the semantics of a mart with the same metrics, grain, dimensions
 * and filter (sums added over the period, distinct counts and ratios recounted), and no table.
 */
@Value.Immutable
@KpiStyle
public interface SavedQuery extends Documented {
  String name();

  /** Metric names, in the order of the answer's columns. */
  List<String> metrics();

  /** Dimension names, the answer's key columns after the period's date. */
  List<String> dimensions();

  @Value.Default
  default Grain grain() {
    return Grain.DAY;
  }

  /** A condition over the catalog's dimension columns: which fact rows count. */
  Optional<Expr> filter();

  /** A row for every known value of the dimensions in every period, 0 where nothing happened. */
  @Value.Default
  default boolean dense() {
    return false;
  }

  /** The mart this query would be: what is validated and compiled. */
  default Mart asMart() {
    return Mart.builder()
        .name(name())
        .grain(grain())
        .addAllMetrics(metrics())
        .addAllDimensions(dimensions())
        .dense(dense())
        .filter(filter())
        .description(description())
        .owner(owner())
        .build();
  }

  static Builder builder() {
    return new Builder();
  }

  class Builder extends ImmutableSavedQuery.Builder {
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
      Arrays.stream(metrics).forEach(m -> addMetrics(m.name()));
      return this;
    }

    public Builder by(Dimension... dimensions) {
      Arrays.stream(dimensions).forEach(d -> addDimensions(d.name()));
      return this;
    }

    public Builder where(Expr condition) {
      return filter(condition);
    }

    public Builder denseOverDimensions() {
      return dense(true);
    }
  }
}
