package dev.kpi.runtime.report;

import dev.kpi.runtime.CommandHint;
import dev.kpi.slack.KpiFormat;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
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
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"mart " + mart.mart().name(), date.toString(), previous + " (prev. day)", "change", lastWeek + " (" + weekday(lastWeek) + ")", "change"});
      for (MetricValues metric : mart.metrics()) {
        rows.add(
            new String[] {
              metric.displayName(),
              cell(metric, date),
              cell(metric, previous),
              KpiFormat.change(metric.change(date, previous)),
              cell(metric, lastWeek),
              KpiFormat.change(metric.change(date, lastWeek))
            });
      }
      print(rows, out);
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

  private static String cell(MetricValues metric, LocalDate date) {
    return metric.isBuilt(date) ? KpiFormat.value(metric.value(date), metric.unit()) : "not built";
  }

  private static String weekday(LocalDate date) {
    return date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }

  private static void print(List<String[]> rows, PrintStream out) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], width(row[i]));
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      String[] row = rows.get(r);
      for (int i = 0; i < columns; i++) {
        String cell = row[i];
        String pad = " ".repeat(widths[i] - width(cell));
        // Names left, numbers right.
        line.append(i == 0 ? cell + pad : pad + cell).append(i + 1 < columns ? "  " : "");
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        int total = 0;
        for (int w : widths) {
          total += w + 2;
        }
        out.println("-".repeat(total - 2));
      }
    }
  }

  /** Terminal columns: East Asian wide characters (漢字, カナ, full-width forms) take two. */
  static int width(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean wide =
          (cp >= 0x1100 && cp <= 0x115F)
              || (cp >= 0x2E80 && cp <= 0xA4CF)
              || (cp >= 0xAC00 && cp <= 0xD7A3)
              || (cp >= 0xF900 && cp <= 0xFAFF)
              || (cp >= 0xFE30 && cp <= 0xFE4F)
              || (cp >= 0xFF00 && cp <= 0xFF60)
              || (cp >= 0xFFE0 && cp <= 0xFFE6);
      width += wide ? 2 : 1;
      i += Character.charCount(cp);
    }
    return width;
  }
}
