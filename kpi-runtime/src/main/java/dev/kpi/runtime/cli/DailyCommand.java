package dev.kpi.runtime.cli;

import dev.kpi.runtime.contract.ShrinkPolicy;
import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.slack.SummaryNotifier;
import dev.kpi.runtime.slack.WebhookSettings;
import dev.kpi.runtime.warehouse.Progress;
import java.time.LocalDate;
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

  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.BUILD);

  @Mixin ShrinkOptions shrink = new ShrinkOptions();

  @Override
  public Integer call() {
    target.chosen();
    ShrinkPolicy policy = shrink.policy();
    LoadedCatalog catalog = Catalogs.load();
    Session session;
    try {
      session = Session.building(target, catalog, date.minusDays(31), date, System.err);
    } catch (KpiException e) {
      // A missing or broken lake is the likeliest morning failure: say so in Slack too.
      throw warn(catalog, e);
    }
    try (session) {
      try {
        session.runner().daily("daily", date, policy, Progress.NONE);
      } catch (KpiException e) {
        throw warn(catalog, e);
      }
      return NotifyCommand.notify(session, date, dryRun, Optional.empty());
    }
  }

  /**
   * Posts that the day's KPIs could not be built (not on a dry run, nor for a usage error), and
   * returns the failure to throw: the build's own, or, when the webhook's settings are wrong too,
   * one that names both, the build's first.
   */
  private KpiException warn(LoadedCatalog catalog, KpiException failure) {
    if (dryRun || failure.exitCode() == KpiException.USAGE) {
      return failure;
    }
    Optional<dev.kpi.slack.webhook.WebhookUrl> webhook;
    try {
      webhook = WebhookSettings.fromEnvironment(System.getenv());
    } catch (KpiException settings) {
      return new KpiException(failure.getMessage() + "\nand the failure could not be posted to Slack: " + settings.getMessage(), failure);
    }
    new SummaryNotifier(catalog.catalog(), webhook, System.out, System.err).sendBuildFailure(date, failure.getMessage());
    return failure;
  }
}
