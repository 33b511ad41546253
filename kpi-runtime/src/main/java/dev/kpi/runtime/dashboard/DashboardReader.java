package dev.kpi.runtime.dashboard;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.MetricGraph;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.model.summary.Comparison;
import dev.kpi.model.summary.Summary;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.Fingerprints;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.query.MartFreshness;
import dev.kpi.runtime.query.MartReport;
import dev.kpi.runtime.query.QueryRoute;
import dev.kpi.runtime.query.QueryRouter;
import dev.kpi.runtime.report.MartRows;
import dev.kpi.runtime.slack.SummaryReader;
import dev.kpi.runtime.warehouse.Answer;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.warehouse.Warehouse;
import dev.kpi.slack.KpiFormat;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a summary's dashboard of a date through the warehouse port, so it is the same on either
 * engine: the summary's daily mart over the last days and the month so far ({@link MartReport},
 * which gives each row's status and the warnings of dates not built, stale or behind their facts),
 * the month to date of the headline KPIs ({@link QueryRouter}: a monthly mart when it is current,
 * else compiled), the breakdown mart's rows of the date, and the last weeks and months of every
 * weekly and monthly mart. Nothing is hidden: every warning of every read is a notice.
 */
public final class DashboardReader {
  static final String CURRENT = MartFreshness.State.CURRENT.label();
  static final String NOT_BUILT = MartFreshness.State.NOT_BUILT.label();
  /** How many periods the weekly and monthly tables show, the date's last. */
  static final int WEEKS = 8;
  static final int MONTHS = 6;

  private final Catalog catalog;
  private final MetricGraph graph;
  private final Warehouse warehouse;
  private final Fingerprints fingerprints;
  private final CommandHint hint;

  public DashboardReader(Catalog catalog, Warehouse warehouse, Fingerprints fingerprints, CommandHint hint) {
    this.catalog = catalog;
    this.graph = catalog.graph();
    this.warehouse = warehouse;
    this.fingerprints = fingerprints;
    this.hint = hint;
  }

  public Dashboard read(Summary summary, LocalDate date, int days) {
    Set<String> notices = new LinkedHashSet<>();
    MartReport report = new MartReport(catalog, warehouse, fingerprints, hint);
    Mart daily = mart(summary.mart());
    int longestComparison = summary.comparisons().stream().mapToInt(Comparison::daysBefore).max().orElse(0);
    LocalDate first = min(min(date.minusDays(days - 1L), date.minusDays(longestComparison)), date.withDayOfMonth(1));
    MartReport.Report read = report.read(daily, first, date);
    Map<LocalDate, Map<String, Object>> rows = byDate(read.answer());
    if (!rows.containsKey(date)) {
      LocalDate last = warehouse.builtDates().getOrDefault(TableRef.of(Layer.MART, daily.name()).toString(), Map.of()).keySet().stream()
          .max(LocalDate::compareTo).orElseThrow();
      throw new KpiException("mart " + daily.name() + " has no row of " + date + ", so its dashboard would show no numbers; build the date with: "
          + hint.kpi("run --date " + date) + ", or give the last date built: --date " + last);
    }
    notices.addAll(read.route().warnings());
    lakeWarnings(daily, date, notices);

    List<LocalDate> lastDays = new ArrayList<>();
    for (LocalDate day = date.minusDays(days - 1L); !day.isAfter(date); day = day.plusDays(1)) {
      lastDays.add(day);
    }
    Map<String, String> monthToDateNotes = new HashMap<>();
    Map<String, Optional<BigDecimal>> monthToDate = monthToDate(summary.headline(), date, notices, monthToDateNotes);
    List<Dashboard.Card> cards = new ArrayList<>();
    for (String metric : summary.headline()) {
      Dashboard.Value value = value(rows, date, metric);
      List<Dashboard.Compared> compared = new ArrayList<>();
      for (Comparison comparison : summary.comparisons()) {
        Dashboard.Value base = value(rows, date.minusDays(comparison.daysBefore()), metric);
        compared.add(new Dashboard.Compared(comparison, base, KpiFormat.change(value.value(), base.value())));
      }
      cards.add(new Dashboard.Card(column(metric), value, compared, lastDays.stream().map(d -> value(rows, d, metric).value()).toList(),
          monthToDate.getOrDefault(metric, Optional.empty()), monthToDateNotes.getOrDefault(metric, "")));
    }
    Map<String, Optional<BigDecimal>> headline = new java.util.LinkedHashMap<>();
    summary.headline().forEach(m -> headline.put(m, value(rows, date, m).value()));
    if (rows.containsKey(date)) {
      SummaryReader.nothingCounted(catalog, headline, date, hint).ifPresent(notices::add);
    }
    List<Dashboard.Series> series = daily.metrics().stream().map(m -> new Dashboard.Series(column(m), lastDays.stream().map(d -> value(rows, d, m).value()).toList())).toList();
    List<String> statuses = lastDays.stream().map(d -> rows.containsKey(d) ? String.valueOf(rows.get(d).get(MartReport.STATUS)) : NOT_BUILT).toList();
    Dashboard.Trends trends = new Dashboard.Trends(daily.name(), lastDays, statuses, series);

    Optional<Dashboard.Breakdown> breakdown = summary.breakdown().flatMap(b -> breakdown(b, date, report, notices));
    List<Dashboard.PeriodTable> periods = new ArrayList<>();
    for (Mart mart : catalog.marts()) {
      if (mart.grain() != Grain.DAY && mart.dimensions().isEmpty() && mart.filter().isEmpty()) {
        periods(mart, date, report, notices).ifPresent(periods::add);
      }
    }
    String title = summary.header().replace(Summary.DATE_PLACEHOLDER, date.toString());
    return new Dashboard(title, summary.body().orElse(""), date, days, catalog.timeZone(), cards, trends, breakdown, periods, new ArrayList<>(notices));
  }

  /**
   * The month so far of each headline KPI but the rolling ones (a window of days has no month's
   * value). A month's row counts every built date of the month, so when the facts already hold
   * dates after {@code date} the month to date is not shown, and a notice says why.
   */
  private Map<String, Optional<BigDecimal>> monthToDate(List<String> headline, LocalDate date, Set<String> notices, Map<String, String> notes) {
    Map<String, Optional<BigDecimal>> out = new HashMap<>();
    List<String> metrics = new ArrayList<>();
    for (String metric : headline) {
      if (graph.kind(metric) == MetricGraph.Kind.ROLLING) {
        notes.put(metric, "a rolling window: no month to date");
      } else {
        metrics.add(metric);
      }
    }
    if (metrics.isEmpty()) {
      return out;
    }
    Map<String, Map<LocalDate, BuiltDate>> ledger = warehouse.builtDates();
    LocalDate monthStart = Grain.MONTH.periodStart(date);
    Optional<LocalDate> later = factsAfter(metrics, date, Grain.MONTH.periodEnd(date), ledger);
    if (later.isPresent()) {
      metrics.forEach(m -> notes.put(m, "not shown: the facts hold dates after " + date));
      notices.add("the month to date is not shown: the facts already hold " + later.get() + ", after " + date + ", and a month's numbers count every built date of it;"
          + " the dashboard of the month's last built date shows it");
      return out;
    }
    SavedQuery query = SavedQuery.builder().name("month_to_date").addAllMetrics(metrics).grain(Grain.MONTH).build();
    QueryRoute route = new QueryRouter(catalog, warehouse.dialect(), fingerprints, ledger, hint).route(query, monthStart, date, List.of(), OptionalInt.empty(), false);
    // A month that holds the dates up to the dashboard's own only is what "month to date" means:
    // not news. Up to an earlier date it is, and stays a notice.
    List<String> expected = new MartFreshness(catalog, fingerprints, ledger).pastTheFacts(metrics, Grain.MONTH, monthStart, date, false).stream()
        .filter(w -> w.contains(" holds the business dates up to " + date + " only"))
        .toList();
    route.warnings().stream().filter(w -> !expected.contains(w)).forEach(w -> notices.add("month to date: " + w));
    Map<LocalDate, Map<String, Object>> month = byDate(warehouse.read(route.read()));
    for (String metric : metrics) {
      out.put(metric, Optional.ofNullable(month.get(monthStart)).flatMap(r -> MartRows.number(r.get(metric))));
    }
    return out;
  }

  /** The breakdown of the date; a mart never built is a notice, not a failure of the page. */
  private Optional<Dashboard.Breakdown> breakdown(dev.kpi.model.summary.Breakdown breakdown, LocalDate date, MartReport report, Set<String> notices) {
    Mart mart = mart(breakdown.mart());
    List<String> metrics = new ArrayList<>();
    metrics.add(breakdown.rankBy());
    metrics.addAll(breakdown.alsoShow());
    MartReport.Report read;
    try {
      read = report.read(mart, date, date);
    } catch (KpiException e) {
      notices.add(e.getMessage());
      return Optional.empty();
    }
    notices.addAll(read.route().warnings());
    lakeWarnings(mart, date, notices);
    int dimension = columnIndex(read.answer(), breakdown.dimension());
    List<Dashboard.Row> rows = new ArrayList<>();
    for (List<Object> row : read.answer().rows()) {
      Map<String, Object> named = named(read.answer(), row);
      rows.add(new Dashboard.Row(String.valueOf(row.get(dimension)), metrics.stream().map(m -> MartRows.number(named.get(m))).toList(), String.valueOf(named.get(MartReport.STATUS))));
    }
    // Highest first, NULLs last, ties by name: the Slack message's order.
    rows.sort(Comparator.<Dashboard.Row, BigDecimal>comparing(r -> r.values().get(0).orElse(null), Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(Dashboard.Row::label));
    List<Dashboard.Row> top = rows.subList(0, Math.min(breakdown.top(), rows.size()));
    List<Dashboard.Row> others = rows.subList(top.size(), rows.size());
    Optional<Dashboard.Row> rest = Optional.empty();
    if (!others.isEmpty()) {
      List<Optional<BigDecimal>> sums = new ArrayList<>();
      for (int i = 0; i < metrics.size(); i++) {
        int column = i;
        // Only what adds up over rows has a sum; a distinct count or a ratio of the rest is not one.
        // A NULL among them makes the sum unknown, not smaller.
        boolean known = others.stream().allMatch(r -> r.values().get(column).isPresent());
        sums.add(graph.kind(metrics.get(i)) != MetricGraph.Kind.ADDITIVE || !known ? Optional.empty()
            : Optional.of(others.stream().map(r -> r.values().get(column).get()).reduce(BigDecimal.ZERO, BigDecimal::add)));
      }
      boolean allCurrent = others.stream().allMatch(r -> r.status().equals(CURRENT));
      rest = Optional.of(new Dashboard.Row("", sums, allCurrent ? CURRENT : others.stream().map(Dashboard.Row::status).filter(s -> !s.equals(CURRENT)).findFirst().orElse(CURRENT)));
    }
    String label = catalog.dimension(breakdown.dimension()).displayName().orElse(breakdown.dimension());
    return Optional.of(new Dashboard.Breakdown(mart.name(), label, metrics.stream().map(this::column).toList(), top, rest, others.size()));
  }

  /** The last weeks or months of a mart up to the date's period; a mart never built is a notice, not a failure of the page. */
  private Optional<Dashboard.PeriodTable> periods(Mart mart, LocalDate date, MartReport report, Set<String> notices) {
    Grain grain = mart.grain();
    LocalDate from = grain == Grain.WEEK ? grain.periodStart(date).minusWeeks(WEEKS - 1L) : grain.periodStart(date).minusMonths(MONTHS - 1L);
    MartReport.Report read;
    try {
      read = report.read(mart, from, date);
    } catch (KpiException e) {
      notices.add(e.getMessage());
      return Optional.empty();
    }
    notices.addAll(read.route().warnings());
    factsAfter(mart.metrics(), date, grain.periodEnd(date), warehouse.builtDates()).ifPresent(later -> notices.add(
        "the " + grain.name().toLowerCase(java.util.Locale.ROOT) + " of " + grain.periodStart(date) + " in mart " + mart.name() + " counts dates after " + date
            + " too (from " + later + "): the warehouse holds them, and a period's row counts every built date of it"));
    Map<LocalDate, Map<String, Object>> rows = byDate(read.answer());
    List<Dashboard.PeriodRow> out = new ArrayList<>();
    for (LocalDate period = from; !period.isAfter(date); period = grain.next(period)) {
      Map<String, Object> row = rows.get(period);
      out.add(new Dashboard.PeriodRow(period, mart.metrics().stream().map(m -> row == null ? Optional.<BigDecimal>empty() : MartRows.number(row.get(m))).toList(),
          row == null ? NOT_BUILT : String.valueOf(row.get(MartReport.STATUS))));
    }
    boolean recounted = mart.metrics().stream().anyMatch(m -> graph.kind(m) != MetricGraph.Kind.ADDITIVE);
    return Optional.of(new Dashboard.PeriodTable(mart.name(), grain, mart.metrics().stream().map(this::column).toList(), out, recounted));
  }

  private void lakeWarnings(Mart mart, LocalDate date, Set<String> notices) {
    warehouse.martRows().lakeWarnings(mart.name(), date).forEach(w -> notices.add("the lake check warned when " + date + " was built (" + mart.name() + "): " + w));
  }

  /**
   * The first date after {@code date} and up to {@code end} that the metrics' facts already hold:
   * a week's or month's row counts it too, so that row is not "up to the date".
   */
  private Optional<LocalDate> factsAfter(List<String> metrics, LocalDate date, LocalDate end, Map<String, Map<LocalDate, BuiltDate>> ledger) {
    return graph.simpleInputs(metrics).stream()
        .map(Metric.Simple::fact)
        .distinct()
        .flatMap(f -> ledger.getOrDefault(TableRef.of(Layer.WAREHOUSE, f).toString(), Map.of()).keySet().stream())
        .filter(d -> d.isAfter(date) && !d.isAfter(end))
        .min(LocalDate::compareTo);
  }

  private Dashboard.Column column(String metric) {
    Metric m = catalog.metric(metric);
    return new Dashboard.Column(metric, m.displayName().orElse(metric), m.unit());
  }

  private static Dashboard.Value value(Map<LocalDate, Map<String, Object>> rows, LocalDate date, String metric) {
    Map<String, Object> row = rows.get(date);
    return row == null ? new Dashboard.Value(Optional.empty(), NOT_BUILT) : new Dashboard.Value(MartRows.number(row.get(metric)), String.valueOf(row.get(MartReport.STATUS)));
  }

  private Mart mart(String name) {
    return catalog.findMart(name).orElseThrow(() -> new IllegalStateException("the summary names mart " + name + ", which catalog validation lets through only when it exists"));
  }

  /** An answer without dimensions by its first column, the period's date. */
  private static Map<LocalDate, Map<String, Object>> byDate(Answer answer) {
    Map<LocalDate, Map<String, Object>> out = new HashMap<>();
    for (List<Object> row : answer.rows()) {
      out.put((LocalDate) row.get(0), named(answer, row));
    }
    return out;
  }

  private static Map<String, Object> named(Answer answer, List<Object> row) {
    Map<String, Object> out = new HashMap<>();
    for (int i = 0; i < answer.columns().size(); i++) {
      out.put(answer.columns().get(i).name(), row.get(i));
    }
    return out;
  }

  private static int columnIndex(Answer answer, String name) {
    for (int i = 0; i < answer.columns().size(); i++) {
      if (answer.columns().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("the answer has no column " + name);
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
