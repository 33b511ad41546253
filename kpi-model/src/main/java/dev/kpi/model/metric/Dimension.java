package dev.kpi.model.metric;

import dev.kpi.model.Documented;
import dev.kpi.model.KpiStyle;
import dev.kpi.model.expr.Expr;
import org.immutables.value.Value;

/**
 * A way to break metrics down: a column of the fact itself or of a dimension table the fact
 * references. Its known values (for dense marts) are the distinct values of that column.
 */
@Value.Immutable
@KpiStyle
public interface Dimension extends Documented {
  String name();

  /** The warehouse column holding the dimension's values. */
  Expr.ColumnRef column();

  static Builder builder() {
    return new Builder();
  }

  /** The dimension {@code name} whose values are those of {@code column}. */
  static Builder of(String name, Expr.ColumnRef column) {
    return builder().name(name).column(column);
  }

  class Builder extends ImmutableDimension.Builder {}
}
