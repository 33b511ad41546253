package dev.kpi.model.warehouse;

/** The two kinds of warehouse table, as in a star schema. */
public enum TableKind {
  /** Events with a business date (order items): partitioned by that date, built incrementally. */
  FACT,
  /** Things events refer to (item types): small, rebuilt whole on every run. */
  DIMENSION
}
