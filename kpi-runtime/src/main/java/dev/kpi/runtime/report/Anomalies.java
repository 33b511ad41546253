package dev.kpi.runtime.report;

import dev.kpi.model.summary.AnomalyAssessment;
import dev.kpi.model.summary.AnomalyCheck;
import dev.kpi.model.summary.Summary;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The summary's anomaly checks on a date, read from its daily mart in one read (on BigQuery, one
 * query): each check's value against its previous same weekdays. The one place the Slack message,
 * {@code kpi show} and its JSON get their flags from.
 */
public final class Anomalies {
  private Anomalies() {}

  /** The previous same weekdays a check compares with, the nearest first. */
  public static List<LocalDate> baselineDates(AnomalyCheck check, LocalDate date) {
    List<LocalDate> out = new ArrayList<>();
    for (int week = 1; week <= check.weeks(); week++) {
      out.add(date.minusWeeks(week));
    }
    return out;
  }

  /** The dates of the summary's mart the checks of {@code date} read: the date and every baseline date. */
  public static List<LocalDate> dates(Summary summary, LocalDate date) {
    List<LocalDate> dates = new ArrayList<>(List.of(date));
    summary.anomalyChecks().forEach(c -> baselineDates(c, date).stream().filter(d -> !dates.contains(d)).forEach(dates::add));
    return dates;
  }

  /**
   * By metric, in the order the summary declares its checks, from the rows of the summary's mart
   * (read by the caller with its own dates, in one read, holding at least {@link #dates}).
   */
  public static Map<String, AnomalyAssessment> assess(Summary summary, LocalDate date, Map<LocalDate, List<Map<String, Object>>> rows) {
    Map<String, AnomalyAssessment> out = new LinkedHashMap<>();
    for (AnomalyCheck check : summary.anomalyChecks()) {
      List<Optional<BigDecimal>> baseline = baselineDates(check, date).stream().map(d -> value(rows, d, check.metric())).toList();
      out.put(check.metric(), AnomalyAssessment.of(check, value(rows, date, check.metric()), baseline));
    }
    return out;
  }

  private static Optional<BigDecimal> value(Map<LocalDate, List<Map<String, Object>>> rows, LocalDate date, String metric) {
    List<Map<String, Object>> day = rows.getOrDefault(date, List.of());
    return day.isEmpty() ? Optional.empty() : MartRows.number(day.get(0).get(metric));
  }
}
