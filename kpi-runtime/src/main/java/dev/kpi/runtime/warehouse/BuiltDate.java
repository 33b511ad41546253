package dev.kpi.runtime.warehouse;

import java.time.Instant;
import java.util.List;

/**
 * What the ledger recorded for one business date of one table when it was last built.
 *
 * @param fingerprint the fingerprint of the definition that built it
 * @param lakeRows the lake rows its build read per lake table ({@link
 *     dev.kpi.runtime.contract.LakeVolume#format}); null for a mart, a table that reads no lake
 *     table by range, or a date built before kpi recorded them
 * @param lakeWarnings the warnings of the lake check its run passed; empty for none
 * @param builtAt when the build recorded the date
 */
public record BuiltDate(String fingerprint, String lakeRows, List<String> lakeWarnings, Instant builtAt) {
  public BuiltDate {
    lakeWarnings = List.copyOf(lakeWarnings);
  }

  /** The warnings as one column's text (one per line), or null for none. */
  public static String warningsText(List<String> warnings) {
    // One line each: a line break inside a warning (an example value's) would split it in two.
    return warnings.isEmpty() ? null : warnings.stream().map(w -> w.replaceAll("\\R", " ")).collect(java.util.stream.Collectors.joining("\n"));
  }

  /** The warnings of a column's text. */
  public static List<String> warnings(String text) {
    return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
