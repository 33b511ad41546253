package dev.kpi.runtime.alert;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.RunContext;
import dev.kpi.runtime.slack.WebhookSettings;
import dev.kpi.slack.FailureMessage;
import dev.kpi.slack.SlackJson;
import dev.kpi.slack.webhook.WebhookClient;
import dev.kpi.slack.webhook.WebhookException;
import dev.kpi.slack.webhook.WebhookUrl;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the team that a scheduled command failed — {@code run}, {@code backfill} or {@code daily},
 * or the scheduler's call of one was wrong — in Slack through the same webhook client as the
 * summary, and in Sentry when it is configured: what failed (command, dates, table, target, run
 * id), the cause in one line, and the command that finishes the work. Local paths are cut to
 * their last name and no secret is ever in it. A dry run alerts nobody.
 */
public final class FailureAlert {
  /** The commands a scheduler runs, whose failure nobody watches a terminal for. */
  static final Set<String> SCHEDULED = Set.of("run", "backfill", "daily");
  /** The scheduler's attempt of the task and how many it makes (the DAG passes Airflow's try number): a retried failure says which try it was. */
  public static final String ATTEMPT_VARIABLE = "KPI_ATTEMPT";
  public static final String ATTEMPTS_VARIABLE = "KPI_ATTEMPTS";

  /** What failed, as the alert says it. */
  public record Failure(String command, Optional<String> dates, Optional<String> table, String target, Optional<String> runId, String cause, String finishWith, int exitCode) {
    FailureMessage.Failure forSlack() {
      return new FailureMessage.Failure(command, dates, table, target, runId, cause, finishWith, exitCode == KpiException.USAGE);
    }
  }

  private final Map<String, String> env;
  private final PrintStream log;
  /** Someone at a terminal sees the error, and needs no word of a Slack they may never have set up. */
  private final boolean atTerminal;
  /** In a JVM that is stopping: one quick try, no retries. */
  private boolean stopping;

  public FailureAlert(Map<String, String> env, PrintStream log) {
    this(env, log, atTerminal());
  }

  FailureAlert(Map<String, String> env, PrintStream log, boolean atTerminal) {
    this.env = env;
    this.log = log;
    this.atTerminal = atTerminal;
  }

  /** Whether the JVM runs at an interactive terminal (a scheduler's task has none). */
  private static boolean atTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // From Java 22 a console exists when redirected too; isTerminal() then says whether it is one.
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException before22) {
      return true;
    }
  }

  /**
   * Alerts that the scheduled command of {@code args} was stopped by a signal (the scheduler's
   * timeout, Ctrl-C) before it finished: from a shutdown hook, so one quick try.
   */
  public void sendStopped(List<String> args) {
    stopping = true;
    String where = RunContext.current().flatMap(RunContext.Current::table).map(t -> " while building " + t).orElse("");
    send(args, "stopped by a signal (the scheduler's timeout, or Ctrl-C)" + where + " before it finished; builds that finished are kept", 143, null)
        .forEach(p -> log.println("kpi: " + p));
  }

  /**
   * Alerts when the command line {@code args} was a scheduled command that failed with
   * {@code message}; returns the problems of the alert itself (a webhook set wrongly, Slack down),
   * which the caller prints with the command's own error.
   */
  public List<String> send(List<String> args, String message, int exitCode, Throwable error) {
    Optional<Failure> failure = describe(args, message, exitCode, env);
    if (failure.isEmpty()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    try {
      boolean told = error instanceof PostedFailure || error instanceof SlackFailure;
      Optional<WebhookUrl> webhook = told ? Optional.empty() : WebhookSettings.fromEnvironment(env);
      if (told) {
        // The channel heard of it already (the summary's warning), or Slack is what failed.
      } else if (webhook.isEmpty()) {
        if (!atTerminal) {
          log.println("kpi: no Slack webhook is configured (" + WebhookSettings.URL_VARIABLE + "): the failure was not posted");
        }
      } else {
        WebhookClient.builder(webhook.get())
            .maxTotalWait(stopping ? java.time.Duration.ZERO : waitOrDefault())
            .requestTimeout(stopping ? java.time.Duration.ofSeconds(5) : java.time.Duration.ofSeconds(15))
            .log(line -> log.println("kpi: " + line))
            .build()
            .post(SlackJson.toJson(FailureMessage.render(failure.get().forSlack())));
        log.println("kpi: posted the failure of kpi " + failure.get().command() + " to Slack");
      }
    } catch (KpiException | WebhookException e) {
      // A webhook setting that is itself the command's failure was said once already.
      if (!message.contains(e.getMessage())) {
        problems.add("the failure could not be posted to Slack: " + e.getMessage());
      }
    }
    try {
      SentryAlerts.fromEnvironment(env).ifPresent(sentry -> {
        sentry.capture(failure.get(), error != null ? error : new KpiException(message, exitCode, null));
        log.println("kpi: sent the failure of kpi " + failure.get().command() + " to Sentry");
      });
    } catch (KpiException e) {
      problems.add("the failure could not be sent to Sentry: " + e.getMessage());
    }
    return problems;
  }

  /** The configured bound on a post's waits; a wrong setting (reported by the command) is no reason to alert nobody. */
  private java.time.Duration waitOrDefault() {
    try {
      return WebhookSettings.maxWait(env);
    } catch (KpiException e) {
      return WebhookSettings.DEFAULT_MAX_WAIT;
    }
  }

  /** Whether the arguments run a command a scheduler runs, not as a dry run. */
  public static boolean isScheduled(List<String> args) {
    return !args.isEmpty() && SCHEDULED.contains(args.get(0)) && !args.contains("--dry-run") && !args.contains("--help") && !args.contains("-h");
  }

  /** The failure the arguments and message describe; empty for a command no scheduler runs, or a dry run. */
  static Optional<Failure> describe(List<String> args, String message, int exitCode, Map<String, String> env) {
    if (!isScheduled(args)) {
      return Optional.empty();
    }
    String command = args.get(0);
    Optional<String> date = value(args, "--date");
    Optional<String> from = value(args, "--from");
    Optional<String> to = value(args, "--to");
    Optional<String> dates = date.isPresent() ? date
        : from.isPresent() || to.isPresent() ? Optional.of(from.orElse("?") + ".." + to.orElse("?"))
        : args.contains("--stale") ? Optional.of("the stale dates") : Optional.empty();
    String target = value(args, "--target").orElse(env.getOrDefault("KPI_TARGET", dev.kpi.runtime.warehouse.Targets.DEFAULT));
    Optional<RunContext.Current> run = RunContext.current();
    // The cause on one line: a message's list ("the lake is missing 2 tables:\n  - orders ...") is its detail.
    String oneLine = String.join("; ", message.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.startsWith("- ") ? l.substring(2) : l).toList())
        .replace(":;", ":");
    boolean usage = exitCode == KpiException.USAGE;
    String attempt = Optional.ofNullable(env.get(ATTEMPT_VARIABLE)).filter(a -> !a.isBlank())
        .map(a -> " (attempt " + a.strip() + Optional.ofNullable(env.get(ATTEMPTS_VARIABLE)).filter(n -> !n.isBlank()).map(n -> " of " + n.strip()).orElse("") + ")").orElse("");
    String cause = LocalPaths.hide((usage ? "the call or its settings are wrong: " : "") + oneLine) + attempt;
    String finish = usage
        ? "kpi " + command + " --help"
        : LocalPaths.hide("kpi " + String.join(" ", args.stream().map(dev.kpi.runtime.CommandHint::quoted).toList()));
    return Optional.of(new Failure(command, dates, run.flatMap(RunContext.Current::table), target, run.map(RunContext.Current::runId), cause, finish, exitCode));
  }

  private static Optional<String> value(List<String> args, String option) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(option) && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        return Optional.of(args.get(i + 1));
      }
      if (args.get(i).startsWith(option + "=")) {
        return Optional.of(args.get(i).substring(option.length() + 1));
      }
    }
    return Optional.empty();
  }

}
