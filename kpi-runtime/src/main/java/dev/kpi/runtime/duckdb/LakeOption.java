package dev.kpi.runtime.duckdb;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The lake files a command reads (commands that only read the warehouse take none). */
public final class LakeOption {
  @Option(
      names = "--lake",
      paramLabel = "DIR",
      description = "Folder of lake files, one of these per lake table: <table>.parquet, <table>.csv, or a folder <table>/ of .parquet files or of .csv files. Without it, a data folder reads the lake it was built from again; a new one gets a sample lake generated into it.")
  Path lake;
}
