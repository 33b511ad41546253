package dev.kpi.slack;

import dev.kpi.model.Unit;
import dev.kpi.model.summary.Comparison;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** A headline KPI of the day and its values on the compared dates (empty: NULL or not built). */
public final class HeadlineValue {
  private final String name;
  private final String displayName;
  private final Optional<Unit> unit;
  private final Optional<BigDecimal> value;
  private final Map<Comparison, Optional<BigDecimal>> compared;
  private final Optional<dev.kpi.model.summary.AnomalyAssessment> anomaly;
  private final Optional<dev.kpi.model.target.TargetProgress> target;

  public HeadlineValue(
      String name,
      String displayName,
      Optional<Unit> unit,
      Optional<BigDecimal> value,
      Map<Comparison, Optional<BigDecimal>> compared) {
    this(name, displayName, unit, value, compared, Optional.empty(), Optional.empty());
  }

  public HeadlineValue(
      String name,
      String displayName,
      Optional<Unit> unit,
      Optional<BigDecimal> value,
      Map<Comparison, Optional<BigDecimal>> compared,
      Optional<dev.kpi.model.summary.AnomalyAssessment> anomaly,
      Optional<dev.kpi.model.target.TargetProgress> target) {
    this.anomaly = anomaly;
    this.target = target;
    this.name = name;
    this.displayName = displayName;
    this.unit = unit;
    this.value = value;
    this.compared = compared.isEmpty() ? Map.of() : new EnumMap<>(compared);
  }

  public String name() {
    return name;
  }

  public String displayName() {
    return displayName;
  }

  public Optional<Unit> unit() {
    return unit;
  }

  public Optional<BigDecimal> value() {
    return value;
  }

  /** What the summary's anomaly check of this KPI says of the day, if it has one. */
  public Optional<dev.kpi.model.summary.AnomalyAssessment> anomaly() {
    return anomaly;
  }

  /** The month to date against the KPI's target this month, if it has one. */
  public Optional<dev.kpi.model.target.TargetProgress> target() {
    return target;
  }

  /** The value on the compared date. */
  public Optional<BigDecimal> valueOn(Comparison comparison) {
    return compared.getOrDefault(comparison, Optional.empty());
  }

  /** The change against the compared date as a fraction; empty when either is missing or the base is 0. */
  public Optional<BigDecimal> change(Comparison comparison) {
    return KpiFormat.change(value, valueOn(comparison));
  }
}
