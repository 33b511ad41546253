package dev.kpi.sql.dialect;

import dev.kpi.model.LogicalType;

/** A column of a CREATE TABLE statement. */
public final class ColumnDdl {
  private final String name;
  private final LogicalType type;
  private final boolean nullable;
  private final String description;

  public ColumnDdl(String name, LogicalType type, boolean nullable, String description) {
    this.name = name;
    this.type = type;
    this.nullable = nullable;
    this.description = description;
  }

  public String name() {
    return name;
  }

  public LogicalType type() {
    return type;
  }

  public boolean nullable() {
    return nullable;
  }

  public String description() {
    return description;
  }
}
