package dev.kpi.runtime.duckdb;

import picocli.CommandLine.Option;

/** Consent to build a data folder from another lake than the one it was built from. */
public final class LakeSwitchOption {
  @Option(
      names = "--switch-lake",
      description =
          "Build from this lake although the data folder was built from another one (dates built before keep the other lake's"
              + " numbers until rebuilt: kpi backfill --force).")
  boolean switchLake;
}
