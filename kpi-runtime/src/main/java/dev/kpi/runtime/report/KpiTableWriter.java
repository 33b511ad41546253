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
