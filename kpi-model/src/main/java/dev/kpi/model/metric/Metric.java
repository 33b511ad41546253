package dev.kpi.model.metric;

import dev.kpi.model.Documented;
import dev.kpi.model.KpiStyle;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.Exprs;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A KPI term: a number per period (and per dimension value, in a mart that asks for it).
 *
 * <ul>
 *   <li>{@link Simple}: an aggregation of a fact's rows (SUM, COUNT, COUNT DISTINCT, MIN, MAX,
 *       AVG), optionally over the rows matching a filter.
 *   <li>{@link Ratio}: one metric divided by another, recomputed per period (never an average
 *       of daily ratios), NULL when the denominator is 0.
 *   <li>{@link Derived}: an expression over other metrics.
 *   <li>{@link Rolling}: a simple metric over the N days ending on each date ("active creators,
 *       28 days").
 * </ul>
 *
 * Metrics refer to each other by name; the catalog resolves and checks the names.
 */
@Value.Enclosing
@KpiStyle
public interface Metric extends Documented {
  String name();

  /** The names of the metrics this one is computed from. */
  List<String> inputs();

  <R> R accept(MetricVisitor<R> visitor);

  // ---------------------------------------------------------------- factories

  /** Σ expression over the fact the expression's columns belong to. */
  static Simple.Builder sum(String name, Expr expression) {
    return simple(name, Aggregation.SUM, expression);
  }

  /** Number of rows of the fact whose expression is not NULL. */
  static Simple.Builder count(String name, Expr expression) {
    return simple(name, Aggregation.COUNT, expression);
  }

  /** Number of distinct non-NULL values of the expression. */
  static Simple.Builder countDistinct(String name, Expr expression) {
    return simple(name, Aggregation.COUNT_DISTINCT, expression);
  }

  static Simple.Builder min(String name, Expr expression) {
    return simple(name, Aggregation.MIN, expression);
  }

  static Simple.Builder max(String name, Expr expression) {
    return simple(name, Aggregation.MAX, expression);
  }

  static Simple.Builder average(String name, Expr expression) {
    return simple(name, Aggregation.AVERAGE, expression);
  }

  private static Simple.Builder simple(String name, Aggregation aggregation, Expr expression) {
    Simple.Builder builder = new Simple.Builder();
    builder.name(name).aggregation(aggregation).expression(expression);
    // The fact is the table of the columns read; validation reports expressions that read
    // no column or columns of several tables.
    Exprs.columns(expression).stream().findFirst().ifPresent(c -> builder.fact(c.table()));
    return builder;
  }

  /** numerator ÷ denominator, per period; NULL when the denominator is 0. */
  static Ratio.Builder ratio(String name, String numerator, String denominator) {
    Ratio.Builder builder = new Ratio.Builder();
    builder.name(name).numerator(numerator).denominator(denominator);
    return builder;
  }

  /** ratio(name, numerator.name(), denominator.name()). */
  static Ratio.Builder ratio(String name, Metric numerator, Metric denominator) {
    return ratio(name, numerator.name(), denominator.name());
  }

  /** An expression over other metrics, written with {@code Expr.metric("name")}. */
  static Derived.Builder derived(String name, Expr expression) {
    Derived.Builder builder = new Derived.Builder();
    builder.name(name).expression(expression);
    return builder;
  }

  /** The base metric over the {@code days} business dates ending on each date (d−days+1 … d). */
  static Rolling.Builder rolling(String name, String base, int days) {
    Rolling.Builder builder = new Rolling.Builder();
    builder.name(name).base(base).days(days);
    return builder;
  }

  static Rolling.Builder rolling(String name, Metric base, int days) {
    return rolling(name, base.name(), days);
  }

  // ---------------------------------------------------------------- variants

  @Value.Immutable
  interface Simple extends Metric {
    /** The warehouse fact whose rows are aggregated. */
    @Value.Default
    default String fact() {
      return "";
    }

    Aggregation aggregation();

    Expr expression();

    /** Only rows where this holds are aggregated (the shop: countable orders only). */
    Optional<Expr> filter();

    @Override
    default List<String> inputs() {
      return List.of();
    }

    @Override
    default <R> R accept(MetricVisitor<R> visitor) {
      return visitor.visitSimple(this);
    }

    class Builder extends ImmutableMetric.Simple.Builder {
      /** Aggregates only the rows where the condition holds. */
      public Builder where(Expr condition) {
        return filter(condition);
      }
    }
  }

  @Value.Immutable
  interface Ratio extends Metric {
    String numerator();

    String denominator();

    @Override
    default List<String> inputs() {
      return List.of(numerator(), denominator());
    }

    @Override
    default <R> R accept(MetricVisitor<R> visitor) {
      return visitor.visitRatio(this);
    }

    class Builder extends ImmutableMetric.Ratio.Builder {}
  }

  @Value.Immutable
  interface Derived extends Metric {
    Expr expression();

    @Override
    default List<String> inputs() {
      return Exprs.metrics(expression()).stream().map(Expr.MetricRef::name).distinct().toList();
    }

    @Override
    default <R> R accept(MetricVisitor<R> visitor) {
      return visitor.visitDerived(this);
    }

    class Builder extends ImmutableMetric.Derived.Builder {}
  }

  @Value.Immutable
  interface Rolling extends Metric {
    /** The simple metric accumulated over the window. */
    String base();

    /** The window's length in business dates, ending on (and including) each date. */
    int days();

    @Override
    default List<String> inputs() {
      return List.of(base());
    }

    @Override
    default <R> R accept(MetricVisitor<R> visitor) {
      return visitor.visitRolling(this);
    }

    class Builder extends ImmutableMetric.Rolling.Builder {}
  }
}
