package dev.kpi.model.target;

import dev.kpi.model.metric.Metric;
import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * What a KPI should reach in a month, as the business planned it: GMV ¥40,000,000 in 2026-11.
 * Only a KPI whose month is the sum of its days (additive) has one, so that the month to date
 * and the pace the rest of the month needs mean what they say.
 */
public record MonthlyTarget(String metric, YearMonth month, BigDecimal value) {
  /** A target of {@code metric} for {@code month} ("2026-11"), {@code value} in the metric's unit. */
  public static MonthlyTarget of(Metric metric, String month, String value) {
    return new MonthlyTarget(metric.name(), YearMonth.parse(month), new BigDecimal(value));
  }
}
