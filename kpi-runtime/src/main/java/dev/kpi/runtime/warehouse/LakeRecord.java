package dev.kpi.runtime.warehouse;

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


  /** The warnings as one column's text, or null for none. */
  public String warningsText() {
    return BuiltDate.warningsText(warnings);
  }
}
