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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends the catalog's summaries for a date: renders each, then posts it to the incoming webhook
 * — or, without one (or with --dry-run), prints the payload and a readable preview instead.
 */
public final class SummaryNotifier {
  private final Catalog catalog;
  private final Optional<WebhookUrl> webhook;
  private final PrintStream out;
  private final PrintStream log;

  public SummaryNotifier(Catalog catalog, Optional<WebhookUrl> webhook, PrintStream out, PrintStream log) {
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
    Payload payload = SummaryRenderer.render(summary, data);
    if (dryRun || webhook.isEmpty()) {
      if (!dryRun) {
        log.println(
            "kpi: no Slack webhook is configured (set " + WebhookSettings.URL_VARIABLE + " or " + WebhookSettings.FILE_VARIABLE
                + "): showing the message instead of posting it");
      }
      out.println(SlackJson.toPrettyJson(payload));
      out.println();
      out.println("--- preview of summary " + summary.name() + " for " + data.date() + (dryRun ? " (dry run: nothing was sent)" : "") + " ---");
      out.println(PlainTextPreview.of(payload));
    } else {
      try {
        WebhookClient.builder(webhook.get()).log(line -> log.println("kpi: " + line)).build().post(SlackJson.toJson(payload));
      } catch (WebhookException e) {
        throw new KpiException("posting summary " + summary.name() + " for " + data.date() + " to Slack failed: " + e.getMessage());
      }
      log.println("kpi: posted " + (data.isWarning() ? "a warning instead of " : "") + "summary " + summary.name() + " for " + data.date() + " to Slack");
    }
    if (data.isWarning()) {
      log.println("kpi: data checks failed for " + data.date() + ":");
      data.failedChecks().forEach(c -> log.println("kpi:   - " + c));
    }
    return !data.isWarning();
  }

  /** A warning that the day's KPIs could not be built at all. */
  public void sendBuildFailure(LocalDate date, String reason) {
    for (Summary summary : catalog.summaries()) {
      try {
        send(summary, SummaryData.failed(date, catalog.timeZone(), List.of("building the KPIs failed: " + reason)), false);
      } catch (KpiException e) {
        log.println("kpi: " + e.getMessage());
      }
    }
  }
}
