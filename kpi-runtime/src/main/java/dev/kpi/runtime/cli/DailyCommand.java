package dev.kpi.runtime.cli;

import dev.kpi.runtime.contract.ShrinkPolicy;
import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.alert.SentryAlerts;
import io.sentry.protocol.SentryId;
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
      "If it fails, the failure is posted to Slack and sent to Sentry (when they are configured) and the exit code is 1;"
          + " with SENTRY_DSN set, the job checks in to a Sentry cron monitor, so a morning that fails or never runs is reported."
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
    // The settings of the post are checked before the build, not found wrong after it.
    if (!dryRun) {
      dev.kpi.runtime.slack.WebhookSettings.fromEnvironment(System.getenv());
      dev.kpi.runtime.slack.WebhookSettings.maxWait(System.getenv());
    }
    // The check-in opens before anything can fail, so Sentry hears of every morning.
    Optional<SentryAlerts> sentry = dryRun ? Optional.empty() : SentryAlerts.fromEnvironment(System.getenv());
    Optional<SentryId> checkIn = sentry.map(SentryAlerts::checkInStarted);
    long started = System.nanoTime();
    // The scheduler's timeout stops the JVM with SIGTERM: the check-in closes as failed, not left open.
    Thread stopped = new Thread(() -> checkIn.ifPresent(id -> sentry.get().checkInFinished(id, false, (System.nanoTime() - started) / 1e9)), "kpi-check-in");
    checkIn.ifPresent(id -> Runtime.getRuntime().addShutdownHook(stopped));
    boolean ok = false;
    try {
      LoadedCatalog catalog = Catalogs.load();
      try (Session session = Session.building(target, catalog, date.minusDays(31), date, System.err)) {
        session.runner().daily("daily", date, policy, Progress.NONE);
        int code = NotifyCommand.notify(session, date, dryRun, Optional.empty());
        ok = code == 0;
        return code;
      }
    } finally {
      boolean passed = ok;
      checkIn.ifPresent(id -> {
        try {
          Runtime.getRuntime().removeShutdownHook(stopped);
        } catch (IllegalStateException shuttingDown) {
          return; // the hook closes it
        }
        sentry.get().checkInFinished(id, passed, (System.nanoTime() - started) / 1e9);
      });
    }
  }
}
