package dev.kpi.runtime.report;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.runtime.KpiException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The headline KPIs of a business date beside the previous day and the same weekday a week
 * before, read back from the daily marts that have no dimensions and no filter (a filtered mart's
 * numbers are of some rows only, not the date's KPIs).
 */
public final class DailyKpis {
  private final LocalDate date;
  private final List<MartValues> marts;
  private final List<String> lakeWarnings;
  private final Map<String, dev.kpi.model.summary.AnomalyAssessment> anomalies;
  private final Map<String, dev.kpi.model.target.TargetProgress> targets;

  private DailyKpis(LocalDate date, List<MartValues> marts, List<String> lakeWarnings, Map<String, dev.kpi.model.summary.AnomalyAssessment> anomalies,
      Map<String, dev.kpi.model.target.TargetProgress> targets) {
    this.date = date;
    this.marts = marts;
    this.lakeWarnings = List.copyOf(lakeWarnings);
    this.anomalies = anomalies;
    this.targets = targets;
  }

  /** The month to date against this month's target, by metric (the metrics with one). */
  public Map<String, dev.kpi.model.target.TargetProgress> targets() {
    return targets;
  }

  /** What the summaries' anomaly checks say of the date, by metric (the summaries' marts only). */
  public Map<String, dev.kpi.model.summary.AnomalyAssessment> anomalies() {
    return anomalies;
  }

  /** A mart's metric values. */
  public static final class MartValues {
    private final Mart mart;
    private final List<MetricValues> metrics;
    private final java.util.SortedSet<LocalDate> stale;

    MartValues(Mart mart, List<MetricValues> metrics, java.util.SortedSet<LocalDate> stale) {
      this.mart = mart;
      this.metrics = metrics;
      this.stale = stale;
    }

    /** The dates shown that were built by an older definition of the mart than today's. */
    public java.util.SortedSet<LocalDate> stale() {
      return stale;
    }

    public Mart mart() {
      return mart;
    }

    public List<MetricValues> metrics() {
      return metrics;
    }
  }

  public LocalDate date() {
    return date;
  }

  public LocalDate previousDay() {
    return date.minusDays(1);
  }

  public LocalDate sameWeekdayLastWeek() {
    return date.minusDays(7);
  }

  public List<MartValues> marts() {
    return marts;
  }

  /** The lake check's warnings that the builds of the date's marts passed with: the numbers may be off by what they say. */
  public List<String> lakeWarnings() {
    return lakeWarnings;
  }

  /** Reads the KPIs of {@code date} (and its comparison dates) from a warehouse. */
  public static DailyKpis read(MartRows source, Catalog catalog, LocalDate date, java.util.function.Function<String, String> currentFingerprint) {
    List<MartValues> marts = new ArrayList<>();
    Set<String> warnings = new LinkedHashSet<>();
    List<LocalDate> dates = List.of(date, date.minusDays(1), date.minusDays(7));
    Map<String, dev.kpi.model.summary.AnomalyAssessment> anomalies = new java.util.LinkedHashMap<>();
    Map<String, dev.kpi.model.target.TargetProgress> targets = new java.util.LinkedHashMap<>();
    for (Mart mart : catalog.marts()) {
      if (mart.grain() != Grain.DAY || !mart.dimensions().isEmpty() || mart.filter().isPresent()) {
        continue;
      }
      // The summaries on this mart check their KPIs against earlier weeks: read those dates too, in the same read.
      List<dev.kpi.model.summary.Summary> summaries = catalog.summaries().stream().filter(s -> s.mart().equals(mart.name())).toList();
      List<LocalDate> toRead = new ArrayList<>(dates);
      summaries.forEach(s -> Anomalies.dates(s, date).stream().filter(d -> !toRead.contains(d)).forEach(toRead::add));
      if (mart.metrics().stream().anyMatch(m -> catalog.targetOf(m, date).isPresent())) {
        MonthToDate.dates(date).stream().filter(d -> !toRead.contains(d)).forEach(toRead::add);
      }
      Map<LocalDate, List<Map<String, Object>>> read = source.rows(mart.name(), toRead);
      summaries.forEach(s -> Anomalies.assess(s, date, read).forEach(anomalies::putIfAbsent));
      MonthToDate.progress(catalog, mart.metrics(), date, read).forEach(targets::putIfAbsent);
      Map<LocalDate, List<Map<String, Object>>> rows = new HashMap<>();
      read.forEach((day, dayRows) -> {
        if (dates.contains(day)) {
          rows.put(day, dayRows);
        }
      });
      List<MetricValues> metrics = new ArrayList<>();
      for (String metric : mart.metrics()) {
        Map<LocalDate, Optional<BigDecimal>> values = new HashMap<>();
        rows.forEach((day, dayRows) -> values.put(day, MartRows.number(dayRows.get(0).get(metric))));
        metrics.add(new MetricValues(catalog.metric(metric), values));
      }
      java.util.SortedSet<LocalDate> stale = new java.util.TreeSet<>();
      String current = currentFingerprint.apply(mart.name());
      for (LocalDate day : dates) {
        source.builtBy(mart.name(), day).filter(f -> !f.equals(current)).ifPresent(f -> stale.add(day));
      }
      marts.add(new MartValues(mart, metrics, stale));
      warnings.addAll(source.lakeWarnings(mart.name(), date));
    }
    if (marts.isEmpty()) {
      throw new KpiException("the catalog has no daily mart without dimensions or a filter to show KPIs from; add one to the catalog");
    }
    return new DailyKpis(date, marts, new ArrayList<>(warnings), anomalies, targets);
  }

  /** Whether the date itself is in every mart. */
  public boolean isBuilt() {
    return marts.stream().allMatch(m -> m.metrics().isEmpty() || m.metrics().get(0).isBuilt(date));
  }
}
