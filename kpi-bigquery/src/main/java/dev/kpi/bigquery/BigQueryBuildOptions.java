package dev.kpi.bigquery;

import picocli.CommandLine.Option;

/** The options of {@code --target bigquery} that only commands that build take. */
public final class BigQueryBuildOptions {
  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "The scheduler's run id ({{ run_id }}), part of each job id: a retried task re-attaches to the jobs of that run that did not fail, and runs those that did again.")
  String runId;

  @Option(
      names = "--allow-recreate",
      paramLabel = "TABLE",
      split = ",",
      description = "Consent to drop and recreate this table (warehouse.NAME or mart.NAME; repeatable) when its definition changed in a way BigQuery cannot alter in place: it is first copied to a dated backup, and the dates it held are rebuilt.")
  java.util.List<String> allowRecreate = new java.util.ArrayList<>();
}
