package dev.kpi.runtime.warehouse;

import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.LoadedCatalog;
import java.io.PrintStream;
import java.time.LocalDate;

/**
 * What a command asks of the warehouse it opens.
 *
 * @param options the target's options object ({@link WarehouseTarget#options()}), as parsed
 * @param lakeOptions the target's lake options ({@link WarehouseTarget#lakeOptions()}), as
 *     parsed; null for a command that reads no lake
 * @param buildOptions the target's build options ({@link WarehouseTarget#buildOptions()}), as
 *     parsed; null for a command that only reads
 * @param from the first business date the command's builds may need (for the lake: the embedded
 *     warehouse generates a sample lake covering it); null for a command that does not build
 * @param to the last
 * @param log where progress and notes go (stderr)
 * @param hint how messages write the commands they suggest
 */
public record Opening(
    LoadedCatalog catalog, Object options, Object lakeOptions, Object buildOptions, LocalDate from, LocalDate to, PrintStream log, CommandHint hint) {

  /** Whether the command builds (reads the lake), rather than only reading the warehouse. */
  public boolean builds() {
    return from != null;
  }

  /** Writes a line to the log, prefixed like every kpi log line. */
  public void note(String line) {
    log.println("kpi: " + line);
  }
}
