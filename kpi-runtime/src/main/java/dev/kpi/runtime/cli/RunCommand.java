package dev.kpi.runtime.cli;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.bigquery.BigQueryRunner;
import dev.kpi.runtime.duckdb.BuildReport;
import dev.kpi.runtime.duckdb.EmbeddedRunner;
import dev.kpi.runtime.report.DailyKpis;
import dev.kpi.runtime.report.KpiTableWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Builds the warehouse tables for the date and its lookback window, then the marts, then prints the date's KPIs.",
      "On BigQuery, --dry-run prints the bytes each statement would process instead, and the tables a run would create or alter; it runs and changes nothing."
    })
final class RunCommand implements Callable<Integer> {
  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The business date to build.")
  LocalDate date;

  @Option(names = "--dry-run", description = "BigQuery only: estimate the bytes each build would process and log the tables a run would create or alter; run and change nothing.")
  boolean dryRun;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "BigQuery only: the scheduler's run id ({{ run_id }}), part of each job id, so a retried task waits for the jobs it started instead of starting them again.")
  String runId;

  @Mixin EmbeddedOptions options = new EmbeddedOptions();

  @Mixin LakeOption lake = new LakeOption();

  @Mixin LakeSwitchOption lakeSwitch = new LakeSwitchOption();

  @Mixin TargetOptions target = new TargetOptions();

  @Override
  public Integer call() {
    if (target.isBigQuery()) {
      return onBigQuery();
    }
    if (dryRun || runId != null) {
      throw KpiException.usage("--dry-run and --run-id are for --target bigquery; the embedded warehouse runs and rolls back locally");
    }
    try (Workspace workspace = Workspace.open(options, lake, lakeSwitch, date.minusDays(31), date, System.err)) {
      EmbeddedRunner runner = workspace.runner(System.err);
      List<BuildReport> builds = runner.runDate(date);
      builds.forEach(b -> System.err.println("kpi: built " + b));
      KpiTableWriter.write(DailyKpis.read(workspace.martRows(), workspace.catalog().catalog(), date), System.out, workspace.hint());
    }
    return 0;
  }

  private int onBigQuery() {
    BigQueryTarget bigQuery = BigQueryTarget.open(target, options.hint(), System.err);
    if (dryRun) {
      List<BigQueryRunner.JobReport> estimates = bigQuery.runner.dryRun(date);
      DryRunTable.write(estimates, System.out);
      return 0;
    }
    bigQuery.runner.runDate(date, Optional.ofNullable(runId));
    KpiTableWriter.write(DailyKpis.read(bigQuery.martRows(), bigQuery.catalog.catalog(), date), System.out, bigQuery.hint);
    return 0;
  }
}
