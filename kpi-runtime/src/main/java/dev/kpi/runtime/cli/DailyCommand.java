package dev.kpi.runtime.cli;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.duckdb.BuildReport;
import dev.kpi.runtime.duckdb.EmbeddedRunner;
import dev.kpi.runtime.slack.SummaryNotifier;
import dev.kpi.runtime.slack.WebhookSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "daily",
    mixinStandardHelpOptions = true,
    description = {
      "What the scheduler calls each morning: kpi run, then kpi notify, for one business date.",
      "The date is the business date (see docs/airflow), not Airflow's {{ ds }}, which is a UTC date.",
      "If the build fails, a warning is posted (when a webhook is configured) and the exit code is 1."
    })
final class DailyCommand implements Callable<Integer> {
  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The business date to build and summarise.")
  LocalDate date;

  @Option(names = "--dry-run", description = "Build, then print the message instead of posting it.")
  boolean dryRun;

  @Option(names = "--run-id", paramLabel = "ID", description = "BigQuery only: the scheduler's run id ({{ run_id }}), part of each job id.")
  String runId;

  @Mixin EmbeddedOptions options = new EmbeddedOptions();

  @Mixin LakeOption lake = new LakeOption();

  @Mixin LakeSwitchOption lakeSwitch = new LakeSwitchOption();

  @Mixin TargetOptions target = new TargetOptions();

  @Override
  public Integer call() {
    if (target.isBigQuery()) {
      BigQueryTarget bigQuery = BigQueryTarget.open(target, options.hint(), System.err);
      try {
        bigQuery.runner.runDate(date, Optional.ofNullable(runId));
      } catch (KpiException e) {
        warn(bigQuery.catalog.catalog(), e);
        throw e;
      }
      return NotifyCommand.notify(
          bigQuery.catalog.catalog(),
          bigQuery.summaryReader(),
          date,
          dryRun,
          Optional.empty());
    }
    if (runId != null) {
      throw KpiException.usage("--run-id is for --target bigquery (it names BigQuery's jobs); the embedded warehouse has none");
    }
    dev.kpi.runtime.LoadedCatalog catalog = dev.kpi.runtime.Catalogs.load();
    Workspace workspace;
    try {
      workspace = Workspace.open(options, lake, lakeSwitch, date.minusDays(31), date, System.err);
    } catch (KpiException e) {
      // A missing or broken lake is the likeliest morning failure: say so in Slack too.
      warn(catalog.catalog(), e);
      throw e;
    }
    try (workspace) {
      EmbeddedRunner runner = workspace.runner(System.err);
      try {
        List<BuildReport> builds = runner.runDate(date);
        builds.forEach(b -> System.err.println("kpi: built " + b));
      } catch (KpiException e) {
        warn(workspace.catalog().catalog(), e);
        throw e;
      }
      return NotifyCommand.notify(workspace, date, dryRun, Optional.empty());
    }
  }

  /** Posts that the day's KPIs could not be built (not on a dry run). */
  private void warn(dev.kpi.model.catalog.Catalog catalog, KpiException failure) {
    if (!dryRun) {
      new SummaryNotifier(catalog, WebhookSettings.fromEnvironment(System.getenv()), System.out, System.err)
          .sendBuildFailure(date, failure.getMessage());
    }
  }
}
