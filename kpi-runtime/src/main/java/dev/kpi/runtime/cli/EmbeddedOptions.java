package dev.kpi.runtime.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/** Where the embedded warehouse keeps its data, and which lake it reads. */
final class EmbeddedOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Folder of the embedded warehouse (DuckDB file, run ledger, sample lake). Default: ${DEFAULT-VALUE}, or $KPI_DATA_DIR.",
      defaultValue = "${env:KPI_DATA_DIR:-.kpi}")
  Path dataDir = Paths.get(".kpi");

  @Option(
      names = "--lake",
      paramLabel = "DIR",
      description = "Folder of lake files: <table>.parquet, <table>.csv or <table>/*.parquet per lake table. Default: a sample lake generated once into the data folder.")
  Path lake;
}
