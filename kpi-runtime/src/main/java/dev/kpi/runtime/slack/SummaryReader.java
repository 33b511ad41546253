package dev.kpi.runtime.slack;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.metric.Aggregation;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.summary.Breakdown;
import dev.kpi.model.summary.Comparison;
import dev.kpi.model.summary.Summary;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.Fingerprints;
import dev.kpi.runtime.report.MartRows;
import dev.kpi.slack.BreakdownData;
import dev.kpi.slack.HeadlineValue;
import dev.kpi.slack.SummaryData;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a summary shows for a date from the embedded warehouse, and checks that it can be
 * trusted: the marts hold the date, built by the current definitions, and the day counted
 * something. A failed check turns the message into a warning: never a silent zero.
 */
public final class SummaryReader {
  private final MartRows source;
  private final Catalog catalog;
  private final Fingerprints fingerprints;
  private final CommandHint hint;

  public SummaryReader(MartRows source, Catalog catalog, Fingerprints fingerprints, CommandHint hint) {
    this.source = source;
    this.catalog = catalog;
    this.fingerprints = fingerprints;
    this.hint = hint;
  }

  public SummaryData read(Summary summary, LocalDate date) {
    List<String> checks = new ArrayList<>();
    TableRef mart = TableRef.of(Layer.MART, summary.mart());
    checkBuilt(mart, date, checks);
    summary.breakdown().ifPresent(b -> checkBuilt(TableRef.of(Layer.MART, b.mart()), date, checks));
    if (!checks.isEmpty()) {
      return SummaryData.failed(date, catalog.timeZone(), checks);
    }

    Map<LocalDate, Map<String, Optional<BigDecimal>>> rows = new HashMap<>();
    List<LocalDate> dates = new ArrayList<>();
    dates.add(date);
    summary.comparisons().forEach(c -> dates.add(date.minusDays(c.daysBefore())));
    List<LocalDate> toRead = new ArrayList<>(dates);
    dev.kpi.runtime.report.Anomalies.dates(summary, date).stream().filter(d -> !toRead.contains(d)).forEach(toRead::add);
    if (summary.headline().stream().anyMatch(m -> catalog.targetOf(m, date).isPresent())) {
      dev.kpi.runtime.report.MonthToDate.dates(date).stream().filter(d -> !toRead.contains(d)).forEach(toRead::add);
    }
    // One read for the date, its comparison dates and the anomaly checks' baselines (on BigQuery, one query).
    Map<LocalDate, List<Map<String, Object>>> read = source.rows(mart.name(), toRead);
    for (LocalDate d : dates) {
      rows.put(d, values(read.getOrDefault(d, List.of()), summary.headline()));
    }
    Map<String, dev.kpi.model.summary.AnomalyAssessment> anomalies = dev.kpi.runtime.report.Anomalies.assess(summary, date, read);
    Map<String, dev.kpi.model.target.TargetProgress> targets = dev.kpi.runtime.report.MonthToDate.progress(catalog, summary.headline(), date, read);
    List<HeadlineValue> headline = new ArrayList<>();
    for (String name : summary.headline()) {
      Metric metric = catalog.metric(name);
      Map<Comparison, Optional<BigDecimal>> compared = new EnumMap<>(Comparison.class);
      for (Comparison comparison : summary.comparisons()) {
        compared.put(comparison, rows.get(date.minusDays(comparison.daysBefore())).getOrDefault(name, Optional.empty()));
      }
      headline.add(
          new HeadlineValue(name, metric.displayName().orElse(name), metric.unit(), rows.get(date).getOrDefault(name, Optional.empty()), compared, Optional.ofNullable(anomalies.get(name)),
              Optional.ofNullable(targets.get(name))));
    }
    checkSomethingCounted(summary, headline, date, checks);
    if (!checks.isEmpty()) {
      return SummaryData.failed(date, catalog.timeZone(), checks);
    }
    Optional<Instant> builtAt = source.builtAt(mart.name(), date);
    Set<String> warnings = new LinkedHashSet<>(source.lakeWarnings(mart.name(), date));
    summary.breakdown().ifPresent(b -> warnings.addAll(source.lakeWarnings(b.mart(), date)));
    return new SummaryData(
        date, catalog.timeZone(), builtAt, headline, summary.breakdown().map(b -> breakdown(b, date)), List.of(), new ArrayList<>(warnings));
  }

  /** The mart must hold the date, built by its current definition. */
  private void checkBuilt(TableRef mart, LocalDate date, List<String> checks) {
    String fingerprint = source.builtBy(mart.name(), date).orElse(null);
    if (fingerprint == null) {
      checks.add(mart + " has no data for " + date + ": it was not built (run: " + hint.kpi("run --date " + date) + ")");
    } else if (!fingerprint.equals(fingerprints.of(mart))) {
      checks.add(mart + " for " + date + " was built by an older definition (run: " + hint.kpi("backfill --stale") + ")");
    }
  }

  private void checkSomethingCounted(Summary summary, List<HeadlineValue> headline, LocalDate date, List<String> checks) {
    Map<String, Optional<BigDecimal>> values = new java.util.LinkedHashMap<>();
    headline.forEach(v -> values.put(v.name(), v.value()));
    nothingCounted(catalog, values, date, hint).ifPresent(checks::add);
  }

  /**
   * A day on which every count among the headline KPIs is 0 is a broken pipeline far more often
   * than a real day: the message that says so, rather than show zeros (the Slack summary posts it
   * instead of the numbers; the dashboard shows it above them).
   */
  public static Optional<String> nothingCounted(Catalog catalog, Map<String, Optional<BigDecimal>> headline, LocalDate date, CommandHint hint) {
    List<String> counts = new ArrayList<>();
    boolean anyCounted = false;
    for (Map.Entry<String, Optional<BigDecimal>> value : headline.entrySet()) {
      Metric metric = catalog.metric(value.getKey());
      if (metric instanceof Metric.Simple simple && (simple.aggregation() == Aggregation.COUNT || simple.aggregation() == Aggregation.COUNT_DISTINCT)) {
        counts.add(value.getKey());
        anyCounted |= value.getValue().map(v -> v.signum() != 0).orElse(false);
      }
    }
    if (!counts.isEmpty() && !anyCounted) {
      return Optional.of(
          "nothing was counted on " + date + " (" + String.join(", ", counts) + " are all 0): check that the lake holds that day's orders, then run " + hint.kpi("run --date " + date));
    }
    return Optional.empty();
  }

  /** The metrics' values in a daily mart's row of a date (none when the date has no row). */
  private static Map<String, Optional<BigDecimal>> values(List<Map<String, Object>> rows, List<String> metrics) {
    Map<String, Optional<BigDecimal>> values = new HashMap<>();
    if (!rows.isEmpty()) {
      for (String metric : metrics) {
        values.put(metric, MartRows.number(rows.get(0).get(metric)));
      }
    }
    return values;
  }

  private BreakdownData breakdown(Breakdown breakdown, LocalDate date) {
    List<String> metrics = new ArrayList<>();
    metrics.add(breakdown.rankBy());
    metrics.addAll(breakdown.alsoShow());
    List<BreakdownData.Column> columns = new ArrayList<>();
    for (String name : metrics) {
      Metric metric = catalog.metric(name);
      columns.add(new BreakdownData.Column(metric.displayName().orElse(name), metric.unit()));
    }
    List<BreakdownData.Row> rows = new ArrayList<>();
    for (Map<String, Object> row : source.rows(breakdown.mart(), List.of(date)).getOrDefault(date, List.of())) {
      List<Optional<BigDecimal>> values = new ArrayList<>();
      for (String metric : metrics) {
        values.add(MartRows.number(row.get(metric)));
      }
      rows.add(new BreakdownData.Row(String.valueOf(row.get(breakdown.dimension())), values));
    }
    String dimension = catalog.dimension(breakdown.dimension()).displayName().orElse(breakdown.dimension());
    return new BreakdownData(dimension, columns, rows, breakdown.top());
  }
}
