package dev.kpi.runtime.cli;

import dev.kpi.runtime.report.Bytes;
import dev.kpi.runtime.warehouse.StatementCost;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The bytes each statement of a run would process, and their total. */
final class DryRunTable {
  private DryRunTable() {}

  static void write(List<StatementCost> estimates, PrintStream out) {
    long total = 0;
    int width = estimates.stream().mapToInt(e -> label(e).length()).max().orElse(10);
    out.println("dry run: bytes each statement would process (deleting whole partitions is not billed)");
    for (StatementCost estimate : estimates) {
      long bytes = estimate.bytes() == null ? 0 : estimate.bytes();
      total += bytes;
      out.println(String.format(Locale.ROOT, "  %-" + width + "s  %,18d bytes  %s", label(estimate), bytes, human(bytes)));
    }
    out.println(String.format(Locale.ROOT, "  %-" + width + "s  %,18d bytes  %s", "total", total, human(total)));
  }

  private static String label(StatementCost estimate) {
    return estimate.toString();
  }

  private static String human(long bytes) {
    return "(" + Bytes.format(bytes) + ")";
  }
}
