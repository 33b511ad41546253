package dev.kpi.model.warehouse;

import dev.kpi.model.KpiStyle;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.lake.LakeTable;
import org.immutables.value.Value;

/** A lake table joined to a warehouse table's source, with its ON condition. */
@Value.Immutable
@KpiStyle
public interface Join {
  @Value.Parameter
  JoinType type();

  @Value.Parameter
  LakeTable table();

  @Value.Parameter
  Expr on();

  static Join inner(LakeTable table, Expr on) {
    return ImmutableJoin.of(JoinType.INNER, table, on);
  }

  static Join left(LakeTable table, Expr on) {
    return ImmutableJoin.of(JoinType.LEFT, table, on);
  }
}
