package dev.kpi.definitions.shop;

import dev.kpi.model.summary.AnomalyCheck;
import dev.kpi.model.summary.Breakdown;
import dev.kpi.model.summary.Comparison;
import dev.kpi.model.summary.Mention;
import dev.kpi.model.summary.Summary;

/** The morning Slack summary of the previous business date. */
public final class Summaries {

  /**
   * Each morning (JST): the headline KPIs of the previous business date against the day before
   * and the same weekday a week before, the item types that sold most, and the dashboard.
   */
  public static final Summary DAILY =
      Summary.builder()
          .name("daily_kpis")
          .description("The morning KPI summary in #kpi: yesterday's headline KPIs, their change, and the best-selling item types.")
          .owner(Owners.ANALYTICS)
          .header("📊 Daily KPIs {date}")
          .mention(Mention.here())
          // Not "yesterday's": a summary re-sent by hand for an older date must not say so; the
          // header carries the date.
          .body("営業日の KPI です。数値は営業日 (JST) 単位、キャンセル・返金を除きます。")
          .mart(KpiMarts.KPI_DAILY.name())
          .addHeadline(
              Kpis.GMV.name(), Kpis.ORDERS.name(), Kpis.AOV.name(), Kpis.ACTIVE_CREATORS.name(), Kpis.ACTIVE_CREATORS_28D.name())
          .addComparisons(Comparison.PREVIOUS_DAY, Comparison.SAME_WEEKDAY_LAST_WEEK)
          // A fall of a fifth against the last 8 same weekdays, far outside their spread, is news;
          // a rise is welcome and a smaller dip is a holiday or noise.
          .addAnomalyChecks(
              AnomalyCheck.drop(Kpis.GMV.name(), "0.2"), AnomalyCheck.drop(Kpis.ORDERS.name(), "0.2"), AnomalyCheck.drop(Kpis.ACTIVE_CREATORS.name(), "0.2"))
          .breakdown(
              Breakdown.builder()
                  .mart(KpiMarts.KPI_DAILY_BY_ITEM_TYPE.name())
                  .dimension(Kpis.ITEM_TYPE.name())
                  .rankBy(Kpis.ITEMS_SOLD.name())
                  .addAlsoShow(Kpis.GMV.name())
                  .top(5)
                  .build())
          .dashboardUrl("https://dashboards.example.com/kpi/daily")
          .build();

  private Summaries() {}
}
