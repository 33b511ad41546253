package dev.kpi.model.catalog;

import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.summary.Mention;
import dev.kpi.model.summary.SlackLimits;
import dev.kpi.model.summary.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of a summary: its marts hold what it shows, and what the analyst wrote fits what
 * Slack accepts (header, dashboard link, mention).
 */
final class SummaryRules {
  /** A Slack user (U…) or user group (S…) id. */
  private static final Pattern SLACK_ID = Pattern.compile("[A-Z][A-Z0-9]{2,20}");

  /** kpi's bound, not Slack's: a breakdown is a short ranking whose rows share one section's text. */
  private static final int MAX_BREAKDOWN_TOP = 50;

  /** A year of weeks: beyond that the season has changed under the baseline. */
  private static final int MAX_ANOMALY_WEEKS = 52;

  private final Catalog catalog;
  private final Problems problems;

  SummaryRules(Catalog catalog, Problems problems) {
    this.catalog = catalog;
    this.problems = problems;
  }

  void check(Summary summary) {
    String object = "summary '" + summary.name() + "'";
    problems.identifier(object, "name", summary.name());
    problems.documented(object, summary);
    Optional<Mart> mart = catalog.findMart(summary.mart());
    if (mart.isEmpty()) {
      problems.problem(object, "reads mart '" + summary.mart() + "', which the catalog does not have");
    } else if (mart.get().grain() != Grain.DAY || !mart.get().dimensions().isEmpty()) {
      problems.problem(object, "reads mart '" + summary.mart() + "'; headline KPIs come from a daily mart without dimensions");
    } else {
      for (String metric : summary.headline()) {
        if (!mart.get().metrics().contains(metric)) {
          problems.problem(object, "headline metric '" + metric + "' is not in mart '" + summary.mart() + "'; add it to the mart or pick one of " + mart.get().metrics());
        }
      }
    }
    if (summary.headline().isEmpty()) {
      problems.problem(object, "has no headline metrics; list them with .addHeadline(...)");
    }
    // The renderer writes the date as "2026-11-24 (火)": a stand-in at least as long.
    String header = summary.header().replace(Summary.DATE_PLACEHOLDER, "2026-11-24 (Tue)");
    if (summary.header().isBlank()) {
      problems.problem(object, "has an empty header");
    } else if (header.length() > SlackLimits.MAX_HEADER_TEXT) {
      problems.problem(object, "header is " + header.length() + " characters with the date; Slack shows at most " + SlackLimits.MAX_HEADER_TEXT + ", shorten it");
    }
    summary.dashboardUrl().ifPresent(url -> {
      if (!url.startsWith("https://") || url.length() > SlackLimits.MAX_BUTTON_URL || url.chars().anyMatch(Character::isWhitespace)) {
        problems.problem(object, "dashboard URL '" + url + "' is not an https:// URL of at most " + SlackLimits.MAX_BUTTON_URL + " characters");
      }
    });
    Mention mention = summary.mention();
    boolean needsId = mention.kind() == Mention.Kind.USER || mention.kind() == Mention.Kind.USER_GROUP;
    if (needsId && (mention.id().isEmpty() || !SLACK_ID.matcher(mention.id().get()).matches())) {
      problems.problem(object, "mentions a " + mention.kind().name().toLowerCase().replace('_', ' ') + " with id '" + mention.id().orElse("") + "'; use the Slack id (U… for a user, S… for a user group)");
    }
    if (!needsId && mention.id().isPresent()) {
      problems.problem(object, "mention " + mention.kind() + " takes no id");
    }
    java.util.Set<String> checked = new java.util.HashSet<>();
    for (dev.kpi.model.summary.AnomalyCheck check : summary.anomalyChecks()) {
      String what = "anomaly check of '" + check.metric() + "'";
      if (!summary.headline().contains(check.metric())) {
        problems.problem(object, what + ": '" + check.metric() + "' is not a headline metric; check one of " + summary.headline());
      }
      if (!checked.add(check.metric())) {
        problems.problem(object, what + " is declared twice; keep one");
      }
      if (check.weeks() < 3 || check.weeks() > MAX_ANOMALY_WEEKS) {
        problems.problem(object, what + " compares with " + check.weeks() + " weeks; give 3 to " + MAX_ANOMALY_WEEKS + " (a median needs at least 3)");
      }
      if (check.threshold().signum() <= 0) {
        problems.problem(object, what + " has threshold " + check.threshold().toPlainString() + "; give a positive number of spreads (3.5 is usual)");
      }
      if (check.minChange().signum() < 0 || check.minChange().compareTo(java.math.BigDecimal.ONE) >= 0) {
        problems.problem(object, what + " has minChange " + check.minChange().toPlainString() + "; give a fraction from 0 to below 1 (0.1 = 10 %)");
      }
    }
    summary.breakdown().ifPresent(breakdown -> {
      Optional<Mart> breakdownMart = catalog.findMart(breakdown.mart());
      if (breakdownMart.isEmpty()) {
        problems.problem(object, "breakdown reads mart '" + breakdown.mart() + "', which the catalog does not have");
        return;
      }
      if (breakdownMart.get().grain() != Grain.DAY || !breakdownMart.get().dimensions().contains(breakdown.dimension())) {
        problems.problem(object, "breakdown mart '" + breakdown.mart() + "' is not a daily mart by dimension '" + breakdown.dimension() + "'");
      }
      List<String> shown = new ArrayList<>();
      shown.add(breakdown.rankBy());
      shown.addAll(breakdown.alsoShow());
      for (String metric : shown) {
        if (!breakdownMart.get().metrics().contains(metric)) {
          problems.problem(object, "breakdown metric '" + metric + "' is not in mart '" + breakdown.mart() + "'");
        }
      }
      if (breakdown.top() < 1 || breakdown.top() > MAX_BREAKDOWN_TOP) {
        problems.problem(object, "breakdown shows the top " + breakdown.top() + "; show between 1 and " + MAX_BREAKDOWN_TOP);
      }
    });
  }
}
