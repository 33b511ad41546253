package dev.kpi.bigquery;

import picocli.CommandLine.Option;

/** The options of {@code --target bigquery} that only commands that build take. */
public final class BigQueryBuildOptions {
  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "The scheduler's run id ({{ run_id }}), part of each job id: a retried task re-attaches to the jobs of that run that did not fail, and runs those that did again.")
  String runId;
}
