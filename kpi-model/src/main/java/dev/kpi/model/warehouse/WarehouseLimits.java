package dev.kpi.model.warehouse;

/**
 * What a warehouse table may hold, as BigQuery allows it: the strictest of the warehouses kpi
 * writes, so a catalog that keeps these limits builds on every one of them.
 */
public final class WarehouseLimits {
  /** A table clusters by at most this many columns; BigQuery refuses the table otherwise. */
  public static final int MAX_CLUSTER_COLUMNS = 4;

  /** A column's description keeps at most this many characters; BigQuery refuses the table otherwise. */
  public static final int MAX_COLUMN_DESCRIPTION = 1024;

  private WarehouseLimits() {}
}
