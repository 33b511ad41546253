package dev.kpi.model.warehouse;

public enum JoinType {
  INNER,
  LEFT
}
