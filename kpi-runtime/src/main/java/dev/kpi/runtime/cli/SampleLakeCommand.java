package dev.kpi.runtime.cli;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.lake.SampleLake;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "sample-lake",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a deterministic sample of the shop's lake as Parquet files (one per lake table), for other tools or --lake.",
      "Deterministic: the same --from, --to, --scale and --seed give the same files; another range gives other rows for the same dates.",
      "Not the sample that run, daily and backfill generate into the data folder when no --lake is given: that one covers the first of the month a year before the first date they need (for run and daily, 31 days before --date) to the last, at scale 1 with the default seed, so its numbers differ from those of this command's default range."
    })
final class SampleLakeCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the files to.")
  Path out;

  @Option(names = "--from", defaultValue = "2025-11-01", converter = DateConverter.class, paramLabel = "YYYY-MM-DD", description = "First business date with orders. Default: ${DEFAULT-VALUE}.")
  LocalDate from;

  @Option(names = "--to", defaultValue = "2026-11-24", converter = DateConverter.class, paramLabel = "YYYY-MM-DD", description = "Last business date with orders. Default: ${DEFAULT-VALUE}.")
  LocalDate to;

  @Option(names = "--scale", defaultValue = "1", description = "Volume: 1 is about 300 orders a day (200,000 order items a year). Default: ${DEFAULT-VALUE}.")
  double scale;

  @Option(names = "--seed", defaultValue = "" + SampleLake.DEFAULT_SEED, description = "Random seed; the same settings give the same files. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() {
    SampleLake sample;
    try {
      sample = SampleLake.of(from, to, scale, seed);
    } catch (IllegalArgumentException e) {
      throw KpiException.usage(e.getMessage());
    }
    Map<String, Long> rows = sample.writeTo(out);
    System.out.println("wrote a sample lake (" + from + " to " + to + ", scale " + scale + ") to " + out + ":");
    rows.forEach((table, count) -> System.out.println("  " + table + ": " + count + " rows"));
    return 0;
  }
}
