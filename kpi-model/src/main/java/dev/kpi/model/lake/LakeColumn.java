package dev.kpi.model.lake;

import dev.kpi.model.KpiStyle;
import dev.kpi.model.LogicalType;
import org.immutables.value.Value;

/** A column of a lake table, as the lake contract fixes it. */
@Value.Immutable
@KpiStyle
public interface LakeColumn {
  String name();

  LogicalType type();

  @Value.Default
  default boolean nullable() {
    return true;
  }

  @Value.Default
  default String description() {
    return "";
  }

  static LakeColumn of(String name, LogicalType type, boolean nullable, String description) {
    return ImmutableLakeColumn.builder()
        .name(name)
        .type(type)
        .nullable(nullable)
        .description(description)
        .build();
  }
}
