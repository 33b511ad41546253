package dev.kpi.model.warehouse;

import dev.kpi.model.KpiStyle;
import org.immutables.value.Value;

/**
 * A fact's column that points at a dimension table's key: what makes the dimension's columns
 * reachable from the fact's metrics.
 */
@Value.Immutable
@KpiStyle
public interface ForeignKey {
  /** The column of the table that declares the key. */
  @Value.Parameter
  String column();

  /** The dimension table it points at. */
  @Value.Parameter
  String dimensionTable();

  /** The dimension table's key column. */
  @Value.Parameter
  String dimensionColumn();
}
