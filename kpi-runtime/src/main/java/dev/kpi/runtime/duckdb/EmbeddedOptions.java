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
}
