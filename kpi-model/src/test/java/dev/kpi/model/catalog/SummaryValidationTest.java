package dev.kpi.model.catalog;

import static dev.kpi.model.catalog.TestCatalogs.problemsOf;
import static dev.kpi.model.catalog.TestCatalogs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.mart.Mart;
import dev.kpi.model.summary.Breakdown;
import dev.kpi.model.summary.Comparison;
import dev.kpi.model.summary.Mention;
import dev.kpi.model.summary.Summary;
import org.junit.jupiter.api.Test;

/** The mistakes an analyst can make in a Slack summary definition. */
class SummaryValidationTest {
  static final Mart TOTALS =
      Mart.builder()
          .daily("daily_totals")
          .description("Totals per day.")
          .owner("data-team")
          .metrics(TestCatalogs.REVENUE, TestCatalogs.PURCHASES)
          .build();

  static Summary.Builder summary() {
    return Summary.builder()
        .name("morning")
        .description("The morning message.")
        .owner("data-team")
        .header("KPIs {date}")
        .mart("daily_totals")
        .addHeadline("revenue", "purchases")
        .addComparisons(Comparison.PREVIOUS_DAY)
        .breakdown(Breakdown.builder().mart("daily_events").dimension("country").rankBy("revenue").build())
        .dashboardUrl("https://dashboards.example.com/kpi");
  }

  static Catalog.Builder with(Summary summary) {
    return valid().addMarts(TOTALS).addSummaries(summary);
  }

  @Test
  void aValidSummaryBuilds() {
    assertThat(with(summary().build()).build().summaries()).hasSize(1);
  }

  @Test
  void headlineMetricsMustBeInTheSummarysMart() {
    assertThat(problemsOf(with(summary().addHeadline("buyers").build())))
        .containsExactly("summary 'morning': headline metric 'buyers' is not in mart 'daily_totals'; add it to the mart or pick one of [revenue, purchases]");
  }

  @Test
  void theHeadlineMartMustBeDailyWithoutDimensions() {
    assertThat(problemsOf(with(summary().mart("daily_events").build())))
        .contains("summary 'morning': reads mart 'daily_events'; headline KPIs come from a daily mart without dimensions");
  }

  @Test
  void aHeaderLongerThanSlackShowsIsRejected() {
    assertThat(problemsOf(with(summary().header("x".repeat(140) + " {date}").build())))
        .containsExactly("summary 'morning': header is 157 characters with the date; Slack shows at most 150, shorten it");
  }

  @Test
  void theDashboardUrlMustBeHttps() {
    assertThat(problemsOf(with(summary().dashboardUrl("http://dashboards.example.com").build())))
        .containsExactly("summary 'morning': dashboard URL 'http://dashboards.example.com' is not an https:// URL of at most 3000 characters");
  }

  @Test
  void aUserMentionNeedsASlackId() {
    assertThat(problemsOf(with(summary().mention(Mention.user("@alice")).build())))
        .containsExactly("summary 'morning': mentions a user with id '@alice'; use the Slack id (U… for a user, S… for a user group)");
  }

  @Test
  void theBreakdownMustBeByADimensionOfItsMartAndShowItsMetrics() {
    Summary wrong =
        summary().breakdown(Breakdown.builder().mart("daily_totals").dimension("country").rankBy("buyers").top(0).build()).build();
    assertThat(problemsOf(with(wrong)))
        .containsExactly(
            "summary 'morning': breakdown mart 'daily_totals' is not a daily mart by dimension 'country'",
            "summary 'morning': breakdown metric 'buyers' is not in mart 'daily_totals'",
            "summary 'morning': breakdown shows the top 0; show between 1 and 50");
  }

  @Test
  void aSummaryNeedsADescriptionAndAnOwner() {
    assertThat(problemsOf(with(summary().description("").owner("").build())))
        .containsExactly(
            "summary 'morning': has no description; say what it means in .description(\"...\")",
            "summary 'morning': has no owner; name who answers questions about it in .owner(\"...\")");
  }

  @Test
  void everyMistakeInAnAnomalyCheckIsListedNamingTheMetric() {
    assertThat(problemsOf(with(summary()
            .addAnomalyChecks(
                dev.kpi.model.summary.AnomalyCheck.builder().metric("buyers").build(),
                dev.kpi.model.summary.AnomalyCheck.builder().metric("revenue").weeks(2).threshold(java.math.BigDecimal.ZERO).minChange(new java.math.BigDecimal("1.5")).build(),
                dev.kpi.model.summary.AnomalyCheck.drop("revenue", "0.2"))
            .build())))
        .containsExactly(
            "summary 'morning': anomaly check of 'buyers': 'buyers' is not a headline metric; check one of [revenue, purchases]",
            "summary 'morning': anomaly check of 'revenue' compares with 2 weeks; give 3 to 52 (a median needs at least 3)",
            "summary 'morning': anomaly check of 'revenue' has threshold 0; give a positive number of spreads (3.5 is usual)",
            "summary 'morning': anomaly check of 'revenue' has minChange 1.5; give a fraction from 0 to below 1 (0.1 = 10 %)",
            "summary 'morning': anomaly check of 'revenue' is declared twice; keep one");
  }
}
