package dev.kpi.runtime.alert;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.KpiVersion;
import io.sentry.CheckIn;
import io.sentry.CheckInStatus;
import io.sentry.MonitorConfig;
import io.sentry.MonitorSchedule;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Failures, and the morning job's check-ins, sent to Sentry with its official SDK when
 * {@value #DSN_VARIABLE} is set: the exception tagged with the command, dates, table, target and
 * run id, the kpi version as the release. Nothing secret leaves: the SDK sends no personal data
 * or host name, and every text of an event is scrubbed of the Slack webhook's URL and of local
 * paths before it is sent.
 */
public final class SentryAlerts {
  public static final String DSN_VARIABLE = "SENTRY_DSN";
  /** The cron monitor the daily job checks in to (default {@value #DEFAULT_MONITOR}). */
  public static final String MONITOR_VARIABLE = "KPI_SENTRY_MONITOR";
  /** Optional: the monitor's crontab, so Sentry creates it and reports a morning with no check-in. */
  public static final String SCHEDULE_VARIABLE = "KPI_SENTRY_MONITOR_SCHEDULE";
  static final String DEFAULT_MONITOR = "kpi-daily";

  private static volatile boolean hookAdded;

  /** Whether this process started the SDK: a command without a DSN never loads Sentry's classes. */
  private static volatile boolean started;

  private final String monitor;
  private final Optional<String> schedule;

  private SentryAlerts(String monitor, Optional<String> schedule) {
    this.monitor = monitor;
    this.schedule = schedule;
  }

  /**
   * Sentry from {@code env}, started once per process; empty without a DSN.
   *
   * @throws KpiException when the DSN is set but blank or not one Sentry accepts
   */
  public static Optional<SentryAlerts> fromEnvironment(Map<String, String> env) {
    String dsn = env.get(DSN_VARIABLE);
    if (dsn == null) {
      return Optional.empty();
    }
    if (dsn.isBlank()) {
      throw KpiException.usage(DSN_VARIABLE + " is set but blank (a secret that did not sync?); set it to the project's DSN, or unset it to send nothing to Sentry");
    }
    Scrubber scrubber = new Scrubber(WebhookSecrets.of(env));
    if (!Sentry.isEnabled()) {
      try {
        Sentry.init(options -> {
          options.setDsn(dsn.strip());
          options.setRelease("kpi@" + KpiVersion.VERSION);
          options.setEnvironment(env.getOrDefault("SENTRY_ENVIRONMENT", "production"));
          options.setSendDefaultPii(false);
          options.setAttachServerName(false);
          options.setEnableUncaughtExceptionHandler(false);
          options.setEnableShutdownHook(false);
          options.setShutdownTimeoutMillis(5_000);
          options.setFlushTimeoutMillis(5_000);
          options.setBeforeSend((event, hint) -> scrubber.scrub(event));
        });
        started = true;
      } catch (RuntimeException e) {
        // The SDK's message may quote the DSN, whose key is a secret of sorts: name the variable only.
        throw new KpiException(DSN_VARIABLE + " is not a DSN Sentry accepts (" + e.getClass().getSimpleName() + "); copy it from the project's Client Keys");
      }
    }
    // Sentry.close runs at the end of KpiCli.execute; a SIGTERM ends the JVM first, so flush then too.
    if (!hookAdded) {
      hookAdded = true;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> Sentry.flush(5_000), "kpi-sentry-flush"));
    }
    String monitor = Optional.ofNullable(env.get(MONITOR_VARIABLE)).map(String::strip).filter(m -> !m.isEmpty()).orElse(DEFAULT_MONITOR);
    return Optional.of(new SentryAlerts(monitor, Optional.ofNullable(env.get(SCHEDULE_VARIABLE)).map(String::strip).filter(s -> !s.isEmpty())));
  }

  /** Sends the failure; waits (at most 5 s) until it left. */
  public void capture(FailureAlert.Failure failure, Throwable error) {
    Sentry.withScope(scope -> {
      scope.setTag("command", failure.command());
      failure.dates().ifPresent(d -> scope.setTag("date", d));
      failure.table().ifPresent(t -> scope.setTag("table", t));
      scope.setTag("target", failure.target());
      failure.runId().ifPresent(r -> scope.setTag("run_id", r));
      scope.setTag("exit_code", Integer.toString(failure.exitCode()));
      scope.setExtra("finish_with", failure.finishWith());
      Sentry.captureException(error);
    });
    Sentry.flush(5_000);
  }

  /** Opens the morning job's check-in; the id closes it. */
  public SentryId checkInStarted() {
    CheckIn checkIn = new CheckIn(monitor, CheckInStatus.IN_PROGRESS);
    schedule.ifPresent(s -> checkIn.setMonitorConfig(new MonitorConfig(MonitorSchedule.crontab(s))));
    SentryId id = Sentry.captureCheckIn(checkIn);
    Sentry.flush(5_000);
    return id;
  }

  /** Closes the check-in as passed or failed, with how long the job took. */
  public void checkInFinished(SentryId id, boolean ok, double seconds) {
    CheckIn checkIn = new CheckIn(id, monitor, ok ? CheckInStatus.OK : CheckInStatus.ERROR);
    checkIn.setDuration(seconds);
    Sentry.captureCheckIn(checkIn);
    Sentry.flush(5_000);
  }

  /** Sends what is left and stops the SDK: at the end of the process. */
  public static void closeIfStarted() {
    if (started && Sentry.isEnabled()) {
      Sentry.close();
    }
  }

  /** Every text of an event, without the webhook's URL or local paths. */
  record Scrubber(java.util.function.UnaryOperator<String> secrets) {
    SentryEvent scrub(SentryEvent event) {
      if (event.getExceptions() != null) {
        for (SentryException exception : event.getExceptions()) {
          if (exception.getValue() != null) {
            exception.setValue(text(exception.getValue()));
          }
        }
      }
      if (event.getMessage() != null && event.getMessage().getFormatted() != null) {
        event.getMessage().setFormatted(text(event.getMessage().getFormatted()));
      }
      return event;
    }

    String text(String value) {
      return LocalPaths.hide(secrets.apply(value));
    }
  }
}
