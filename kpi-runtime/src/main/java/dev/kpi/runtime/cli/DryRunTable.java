package dev.kpi.runtime.cli;

import dev.kpi.runtime.bigquery.BigQueryRunner;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The bytes each statement of a run would process, and their total. */
final class DryRunTable {
  private DryRunTable() {}

  static void write(List<BigQueryRunner.JobReport> estimates, PrintStream out) {
    long total = 0;
    int width = estimates.stream().mapToInt(e -> label(e).length()).max().orElse(10);
    out.println("BigQuery dry run: bytes each statement would process (deleting whole partitions is not billed)");
    for (BigQueryRunner.JobReport estimate : estimates) {
      long bytes = estimate.bytesProcessed() == null ? 0 : estimate.bytesProcessed();
      total += bytes;
      out.println(String.format(Locale.ROOT, "  %-" + width + "s  %,18d bytes  %s", label(estimate), bytes, human(bytes)));
    }
    out.println(String.format(Locale.ROOT, "  %-" + width + "s  %,18d bytes  %s", "total", total, human(total)));
  }

  private static String label(BigQueryRunner.JobReport estimate) {
    return estimate.step() + (estimate.window() == null ? "" : " " + estimate.window());
  }

  private static String human(long bytes) {
    return "(" + dev.kpi.runtime.bigquery.Bytes.format(bytes) + ")";
  }
}
