package dev.kpi.sql.plan;

/** Where a table lives; each layer is a dataset (BigQuery) or schema (DuckDB) of its own. */
public enum Layer {
  LAKE,
  WAREHOUSE,
  MART;

  public String lowerName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
