package dev.kpi.runtime.warehouse;

import dev.kpi.runtime.DateWindow;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the ledger records with a build's dates besides its definition: the lake rows the build
 * read on each date (so a later build of the date sees an extract that shrank) and the warnings
 * of the lake check its run passed (so they travel with the date's numbers into {@code show} and
 * the Slack summary).
 *
 * @param rows per business date, the lake rows read ({@link dev.kpi.runtime.contract.LakeVolume#format});
 *     dates absent for a build that reads no lake table by range
 * @param warnings the lake check's warnings, each one sentence
 */
public record LakeRecord(Map<LocalDate, String> rows, List<String> warnings) {
  public static final LakeRecord NONE = new LakeRecord(Map.of(), List.of());

  public LakeRecord {
    rows = Map.copyOf(rows);
    warnings = List.copyOf(warnings);
  }

  /** The recorded rows of {@code date}, or null. */
  public String rows(LocalDate date) {
    return rows.get(date);
  }

  /**
   * The rows of every date of {@code window} in date order, separated by {@link
   * dev.kpi.sql.render.BuiltDatesSql#LAKE_ROWS_SEPARATOR} (an empty entry for a date without),
   * as the ledger's SQL record takes them; null when no date has any.
   */
  public String rowsParameter(DateWindow window) {
    if (window.dates().stream().noneMatch(rows::containsKey)) {
      return null;
    }
    List<String> entries = new java.util.ArrayList<>();
    window.dates().forEach(date -> entries.add(rows.getOrDefault(date, "")));
    return String.join(dev.kpi.sql.render.BuiltDatesSql.LAKE_ROWS_SEPARATOR, entries);
  }

  /** The warnings as one column's text, or null for none. */
  public String warningsText() {
    return BuiltDate.warningsText(warnings);
  }
}
