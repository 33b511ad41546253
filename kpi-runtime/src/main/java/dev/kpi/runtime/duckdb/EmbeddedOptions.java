package dev.kpi.runtime.duckdb;

import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/** Where the embedded warehouse keeps its data. */
public final class EmbeddedOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Folder of the embedded warehouse (DuckDB file, run ledger, sample lake). Default: ${DEFAULT-VALUE}, or $KPI_DATA_DIR.",
      defaultValue = "${env:KPI_DATA_DIR:-.kpi}")
  Path dataDir = Paths.get(".kpi");

  @Option(
      names = "--memory-limit",
      paramLabel = "SIZE",
      description =
          "Most memory DuckDB may take (e.g. 2GB, 512MiB, or 2G as for -Xmx); what does not fit spills to DIR/spill in the data folder."
              + " Default: DuckDB's own, 80%% of the machine's memory, or $KPI_DUCKDB_MEMORY_LIMIT. DuckDB's memory is outside the Java heap: -Xmx does not bound it.",
      defaultValue = "${env:KPI_DUCKDB_MEMORY_LIMIT:-}")
  String memoryLimit;

  /** The memory limit given, checked (a usage error naming the option when it is not a size). */
  DuckDbMemory memory() {
    return DuckDbMemory.of(memoryLimit);
  }
}
