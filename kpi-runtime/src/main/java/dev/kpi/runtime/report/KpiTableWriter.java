package dev.kpi.runtime.report;

import dev.kpi.runtime.CommandHint;
import dev.kpi.slack.KpiFormat;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;

/** The KPIs of a date as a text table for a terminal. */
public final class KpiTableWriter {
  private KpiTableWriter() {}

  public static void write(DailyKpis kpis, PrintStream out, CommandHint hint) {
    LocalDate date = kpis.date();
    LocalDate previous = kpis.previousDay();
    LocalDate lastWeek = kpis.sameWeekdayLastWeek();
    out.println("KPIs of " + date + " (" + weekday(date) + "), business dates in the catalog's time zone");
    for (DailyKpis.MartValues mart : kpis.marts()) {
      out.println();
      TextTable table =
          TextTable.namesThenNumbers(
              "mart " + mart.mart().name(), date.toString(), previous + " (prev. day)", "change", lastWeek + " (" + weekday(lastWeek) + ")", "change");
      for (MetricValues metric : mart.metrics()) {
        table.row(
            metric.displayName(),
            cell(mart, metric, date),
            cell(mart, metric, previous),
            KpiFormat.change(metric.change(date, previous)),
            cell(mart, metric, lastWeek),
            KpiFormat.change(metric.change(date, lastWeek)));
      }
      table.print(out);
    }
    if (!kpis.targets().isEmpty()) {
      out.println();
      out.println("monthly targets (" + java.time.YearMonth.from(date) + ", the month to date against them):");
      kpis.targets().forEach((metric, t) -> {
        MetricValues values = kpis.marts().stream().flatMap(m -> m.metrics().stream()).filter(v -> v.metric().name().equals(metric)).findFirst().orElseThrow();
        java.util.Optional<dev.kpi.model.Unit> unit = values.unit();
        if (t.daysMissing() > 0) {
          // A month to date that misses days is no pace to plan by: say what is missing and how to build it.
          out.println("  " + values.displayName() + ": " + KpiFormat.value(java.util.Optional.of(t.monthToDate()), unit) + " of " + KpiFormat.value(java.util.Optional.of(t.target().value()), unit)
              + " from " + (date.getDayOfMonth() - t.daysMissing()) + " of the month's " + date.getDayOfMonth() + " days so far; " + t.daysMissing()
              + " are missing from the month to date: build them with " + hint.kpi("backfill --from " + date.withDayOfMonth(1) + " --to " + date));
          return;
        }
        String pace = t.remaining().signum() == 0 ? "reached"
            : t.neededPerDay().map(n -> "the " + t.daysLeft() + " days left need " + KpiFormat.value(java.util.Optional.of(n), unit) + " a day; so far "
                + KpiFormat.value(t.pacePerDay(), unit) + " a day" + (t.onTrack() ? " (on track)" : " (behind)")).orElse("missed by " + KpiFormat.value(java.util.Optional.of(t.remaining()), unit));
        out.println("  " + values.displayName() + ": " + KpiFormat.value(java.util.Optional.of(t.monthToDate()), unit) + " of " + KpiFormat.value(java.util.Optional.of(t.target().value()), unit)
            + " (" + KpiFormat.value(java.util.Optional.of(t.achieved()), java.util.Optional.of(dev.kpi.model.Unit.RATIO)) + "); " + pace);
      });
    }
    if (!kpis.anomalies().isEmpty()) {
      out.println();
      out.println("anomaly checks (against the same weekday of the previous weeks):");
      kpis.anomalies().forEach((metric, a) -> {
        String name = kpis.marts().stream().flatMap(m -> m.metrics().stream()).filter(v -> v.metric().name().equals(metric)).findFirst().map(MetricValues::displayName).orElse(metric);
        java.util.Optional<dev.kpi.model.Unit> unit = kpis.marts().stream().flatMap(m -> m.metrics().stream()).filter(v -> v.metric().name().equals(metric)).findFirst().flatMap(MetricValues::unit);
        // A check that could not run is "n/a", never "ok".
        out.println("  " + (a.flagged() ? "UNUSUAL " : a.median().isEmpty() ? "n/a     " : "ok      ") + name + ": " + describe(a, unit));
      });
    }
    java.util.SortedSet<LocalDate> stale = new java.util.TreeSet<>();
    kpis.marts().forEach(m -> stale.addAll(m.stale()));
    if (!stale.isEmpty()) {
      out.println();
      out.println("(stale) " + stale.stream().map(LocalDate::toString).collect(java.util.stream.Collectors.joining(", "))
          + (stale.size() == 1 ? " was" : " were") + " built by an older definition; rebuild with: " + hint.kpi("backfill --stale"));
    }
    if (!kpis.lakeWarnings().isEmpty()) {
      out.println();
      out.println("warning: " + date + " was built from a lake the lake check warned about; its numbers may be off by what it says:");
      kpis.lakeWarnings().forEach(w -> out.println("  - " + w));
    }
    if (!kpis.isBuilt()) {
      out.println();
      out.println("(" + date + " is not built yet: run " + hint.kpi("run --date " + date) + ")");
    }
  }

  /** "−40.0% from the median ¥200 of 8 weeks (robust z −7.2; flagged: a drop of 20 % or more, 3.5 spreads)". */
  private static String describe(dev.kpi.model.summary.AnomalyAssessment a, java.util.Optional<dev.kpi.model.Unit> unit) {
    if (a.median().isEmpty()) {
      return a.note();
    }
    String score = a.score().map(z -> String.format(Locale.ROOT, "%+.1f", z).replace("-", KpiFormat.MINUS)).orElse("—");
    String looksFor = switch (a.check().direction()) {
      case DROP -> "a drop";
      case RISE -> "a rise";
      case EITHER -> "a move";
    };
    return KpiFormat.change(a.change()) + " from the median " + KpiFormat.value(a.median(), unit) + " of " + a.weeksUsed() + " weeks (robust z " + score
        + "; it looks for " + looksFor + " of " + a.check().minChange().movePointRight(2).stripTrailingZeros().toPlainString() + " % or more, "
        + a.check().threshold().toPlainString() + " spreads out)" + (a.flagged() ? "" : ": " + a.note());
  }

  private static String cell(DailyKpis.MartValues mart, MetricValues metric, LocalDate date) {
    if (!metric.isBuilt(date)) {
      return "not built";
    }
    return KpiFormat.value(metric.value(date), metric.unit()) + (mart.stale().contains(date) ? " (stale)" : "");
  }

  private static String weekday(LocalDate date) {
    return date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }
}
