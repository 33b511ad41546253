package dev.kpi.runtime.report;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.target.MonthlyTarget;
import dev.kpi.model.target.TargetProgress;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The month so far of the metrics that have a target this month, against it: summed from a daily
 * mart's rows of the month's days up to the date (the metrics are additive, so the sum is the
 * month's value so far). One place for the Slack message and {@code kpi show}.
 */
public final class MonthToDate {
  private MonthToDate() {}

  /** The days a month to date of {@code date} reads: the 1st to the date. */
  public static List<LocalDate> dates(LocalDate date) {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate day = date.withDayOfMonth(1); !day.isAfter(date); day = day.plusDays(1)) {
      out.add(day);
    }
    return out;
  }

  /** By metric, for those of {@code metrics} with a target in the date's month; {@code rows}: the mart's rows by date, holding at least {@link #dates}. */
  public static Map<String, TargetProgress> progress(Catalog catalog, List<String> metrics, LocalDate date, Map<LocalDate, List<Map<String, Object>>> rows) {
    Map<String, TargetProgress> out = new LinkedHashMap<>();
    for (String metric : metrics) {
      Optional<MonthlyTarget> target = catalog.targetOf(metric, date);
      if (target.isEmpty()) {
        continue;
      }
      BigDecimal sum = BigDecimal.ZERO;
      int built = 0;
      for (LocalDate day : dates(date)) {
        List<Map<String, Object>> dayRows = rows.getOrDefault(day, List.of());
        if (!dayRows.isEmpty()) {
          built++;
          sum = sum.add(MartRows.number(dayRows.get(0).get(metric)).orElse(BigDecimal.ZERO));
        }
      }
      out.put(metric, TargetProgress.of(target.get(), date, sum, built));
    }
    return out;
  }
}
