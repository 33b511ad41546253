package dev.kpi.sql.plan;

import java.util.Objects;

/** A table of the plan: its layer and name. */
public final class TableRef {
  private final Layer layer;
  private final String name;

  private TableRef(Layer layer, String name) {
    this.layer = layer;
    this.name = name;
  }

  public static TableRef of(Layer layer, String name) {
    return new TableRef(layer, name);
  }

  public Layer layer() {
    return layer;
  }

  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableRef && ((TableRef) o).layer == layer && ((TableRef) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(layer, name);
  }

  @Override
  public String toString() {
    return layer.lowerName() + "." + name;
  }
}
