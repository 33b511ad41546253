package dev.kpi.definitions.shop;

import dev.kpi.model.target.MonthlyTarget;
import java.util.List;

/**
 * What the business planned each month (in the metric's unit), which the morning message and
 * kpi show compare the month to date with. Only KPIs that are sums of their days (GMV, items sold) have one: a distinct count is recounted
 * for each period, so its month to date is no sum to pace.
 */
public final class Targets {
  public static final List<MonthlyTarget> MONTHLY =
      List.of(
          MonthlyTarget.of(Kpis.GMV, "2026-11", "40000000"),
          MonthlyTarget.of(Kpis.ITEMS_SOLD, "2026-11", "25000"),
          MonthlyTarget.of(Kpis.GMV, "2026-12", "45000000"),
          MonthlyTarget.of(Kpis.ITEMS_SOLD, "2026-12", "27000"));

  private Targets() {}
}
