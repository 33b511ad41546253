package dev.kpi.runtime.cli;

import dev.kpi.model.summary.Summary;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.slack.SummaryNotifier;
import dev.kpi.runtime.slack.SummaryReader;
import dev.kpi.runtime.slack.WebhookSettings;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "notify",
    mixinStandardHelpOptions = true,
    description = {
      "Posts the Slack summary of a date (built by kpi run) to the team's incoming webhook.",
      "The webhook URL comes from $KPI_SLACK_WEBHOOK_URL or the file named by $KPI_SLACK_WEBHOOK_URL_FILE.",
      "Without either, or with --dry-run, it prints the message instead.",
      "When a data check fails (the date is not built, nothing was counted), it posts a warning instead of numbers and exits 1."
    })
final class NotifyCommand implements Callable<Integer> {
  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The business date to summarise.")
  LocalDate date;

  @Option(names = "--dry-run", description = "Print the JSON payload and a readable preview; send nothing.")
  boolean dryRun;

  @Option(names = "--summary", paramLabel = "NAME", description = "Send only this summary of the catalog.")
  String summary;

  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.WAREHOUSE);

  @Override
  public Integer call() {
    try (Session session = Session.reading(target, System.err)) {
      return notify(session, date, dryRun, Optional.ofNullable(summary));
    }
  }

  /** Sends the summaries of {@code date} from the session's warehouse. */
  static int notify(Session session, LocalDate date, boolean dryRun, Optional<String> only) {
    return notify(session.catalog().catalog(), session.summaryReader(), session.hint(), date, dryRun, only);
  }

  /** Sends the summaries of {@code date}; 0 when they went out with numbers, 1 (thrown) when a warning did. */
  static int notify(dev.kpi.model.catalog.Catalog catalog, SummaryReader reader, dev.kpi.runtime.CommandHint hint, LocalDate date, boolean dryRun, Optional<String> only) {
    Optional<dev.kpi.slack.webhook.WebhookUrl> webhook = WebhookSettings.fromEnvironment(System.getenv());
    SummaryNotifier notifier = new SummaryNotifier(catalog, webhook, System.out, System.err, hint);
    boolean allGood = true;
    for (Summary summary : notifier.summaries(only)) {
      allGood &= notifier.send(summary, reader.read(summary, date), dryRun);
    }
    if (!allGood) {
      String message = "the KPIs of " + date + " were not posted because a data check failed (a warning "
          + (dryRun || webhook.isEmpty() ? "was shown" : "was posted") + " instead)";
      throw dryRun || webhook.isEmpty() ? new KpiException(message) : new dev.kpi.runtime.alert.PostedFailure(message);
    }
    return 0;
  }
}
