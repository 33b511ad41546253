package dev.kpi.runtime.slack;

import com.slack.api.webhook.Payload;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.summary.Summary;
import dev.kpi.runtime.KpiException;
import dev.kpi.slack.PlainTextPreview;
import dev.kpi.slack.SlackJson;
import dev.kpi.slack.SummaryData;
import dev.kpi.slack.SummaryRenderer;
import dev.kpi.slack.webhook.WebhookClient;
import dev.kpi.slack.webhook.WebhookException;
import dev.kpi.slack.webhook.WebhookUrl;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends the catalog's summaries for a date: renders each, then posts it to the incoming webhook
 * — or, without one (or with --dry-run), prints the payload on stdout (for jq) and a readable
 * preview on stderr instead. Stopped (SIGTERM, Ctrl-C) while posting, it says which summaries
 * Slack has, which it may have, and which it has not.
 */
public final class SummaryNotifier {
  private final Catalog catalog;
  private final Optional<WebhookUrl> webhook;
  private final PrintStream out;
  private final PrintStream log;
  /** What this notifier posted so far, and what it is posting: for the message of a stop. */
  private final List<String> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile String posting;

  private final dev.kpi.runtime.CommandHint hint;

  public SummaryNotifier(Catalog catalog, Optional<WebhookUrl> webhook, PrintStream out, PrintStream log, dev.kpi.runtime.CommandHint hint) {
    this.hint = hint;
    this.catalog = catalog;
    this.webhook = webhook;
    this.out = out;
    this.log = log;
  }

  /** The summaries to send: all of the catalog's, or the one named. */
  public List<Summary> summaries(Optional<String> name) {
    if (name.isPresent()) {
      return List.of(
          catalog
              .findSummary(name.get())
              .orElseThrow(() -> KpiException.usage("the catalog has no summary named '" + name.get() + "'; it has " + names())));
    }
    if (catalog.summaries().isEmpty()) {
      throw new KpiException("the catalog defines no summary to send; add one to the catalog");
    }
    return catalog.summaries();
  }

  private List<String> names() {
    List<String> out = new ArrayList<>();
    catalog.summaries().forEach(s -> out.add(s.name()));
    return out;
  }

  /**
   * Sends one summary; returns whether the KPIs went out (false: a warning went out instead,
   * because a data check failed).
   */
  public boolean send(Summary summary, SummaryData data, boolean dryRun) {
    // The channel gets the checks without this machine's paths (their hints name the data folder); the log keeps them whole.
    SummaryData shown = data.isWarning()
        ? SummaryData.failed(data.date(), data.timeZone(), data.failedChecks().stream().map(dev.kpi.runtime.alert.LocalPaths::hide).toList())
        : data;
    Payload payload = SummaryRenderer.render(summary, shown);
    if (dryRun || webhook.isEmpty()) {
      if (!dryRun) {
        log.println(
            "kpi: no Slack webhook is configured (set " + WebhookSettings.URL_VARIABLE + " or " + WebhookSettings.FILE_VARIABLE
                + "): showing the message instead of posting it");
      }
      out.println(SlackJson.toPrettyJson(payload));
      log.println("--- preview of summary " + summary.name() + " for " + data.date() + (dryRun ? " (dry run: nothing was sent)" : "") + " ---");
      log.println(PlainTextPreview.of(payload));
    } else {
      String what = "summary " + summary.name() + " for " + data.date();
      Thread stopped = new Thread(() -> log.println("kpi: stopped while posting " + what + " to Slack: Slack may or may not have it"
          + (posted.isEmpty() ? "" : "; posted before it: " + String.join(", ", posted)) + "; post it again with: " + hint.kpi("notify --date " + data.date() + " --summary " + summary.name())));
      posting = what;
      Runtime.getRuntime().addShutdownHook(stopped);
      try {
        WebhookClient.builder(webhook.get())
            .maxTotalWait(WebhookSettings.maxWait(System.getenv()))
            .log(line -> log.println("kpi: " + line))
            .build()
            .post(SlackJson.toJson(payload));
      } catch (WebhookException e) {
        throw new dev.kpi.runtime.alert.SlackFailure("posting " + what + " to Slack failed: " + e.getMessage()
            + " Post it again with: " + hint.kpi("notify --date " + data.date() + " --summary " + summary.name()));
      } finally {
        posting = null;
        removeHook(stopped);
      }
      posted.add(what);
      log.println("kpi: posted " + (data.isWarning() ? "a warning instead of " : "") + "summary " + summary.name() + " for " + data.date() + " to Slack");
    }
    if (data.isWarning()) {
      log.println("kpi: data checks failed for " + data.date() + ":");
      data.failedChecks().forEach(c -> log.println("kpi:   - " + c));
    }
    return !data.isWarning();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs, and says what was not posted.
    }
  }
}
