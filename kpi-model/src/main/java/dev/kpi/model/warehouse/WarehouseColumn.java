package dev.kpi.model.warehouse;

import dev.kpi.model.KpiStyle;
import dev.kpi.model.expr.Expr;
import org.immutables.value.Value;

/** A column of a warehouse table: its name, how it is computed from the lake, what it means. */
@Value.Immutable
@KpiStyle
public interface WarehouseColumn {
  @Value.Parameter
  String name();

  @Value.Parameter
  Expr expression();

  @Value.Parameter
  String description();

  static WarehouseColumn of(String name, Expr expression, String description) {
    return ImmutableWarehouseColumn.of(name, expression, description);
  }
}
