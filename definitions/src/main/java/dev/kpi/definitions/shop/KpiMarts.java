package dev.kpi.definitions.shop;

import static dev.kpi.definitions.shop.Kpis.ACTIVE_CREATORS;
import static dev.kpi.definitions.shop.Kpis.ACTIVE_CREATORS_28D;
import static dev.kpi.definitions.shop.Kpis.AOV;
import static dev.kpi.definitions.shop.Kpis.GMV;
import static dev.kpi.definitions.shop.Kpis.ITEMS_SOLD;
import static dev.kpi.definitions.shop.Kpis.ITEM_TYPE;
import static dev.kpi.definitions.shop.Kpis.ORDERS;

import dev.kpi.model.mart.Mart;

/** The tables dashboards and the morning Slack summary read. */
public final class KpiMarts {

  /** One row per business date: the headline KPIs. */
  public static final Mart KPI_DAILY =
      Mart.builder()
          .daily("kpi_daily")
          .metrics(GMV, ORDERS, AOV, ACTIVE_CREATORS, ACTIVE_CREATORS_28D, ITEMS_SOLD)
          .description("The headline KPIs per business date (Asia/Tokyo); dates without orders have 0 and an empty AOV.")
          .owner(Owners.ANALYTICS)
          .build();

  /** One row per business date and item type, for every item type even when none sold. */
  public static final Mart KPI_DAILY_BY_ITEM_TYPE =
      Mart.builder()
          .daily("kpi_daily_by_item_type")
          .metrics(ITEMS_SOLD, GMV)
          .by(ITEM_TYPE)
          .denseOverDimensions()
          .description("Items sold and GMV per business date and item type; every item type has a row on every date, 0 when nothing of it sold.")
          .owner(Owners.ANALYTICS)
          .build();

  /** One row per week, Monday to Sunday; a running week holds the days built so far. */
  public static final Mart KPI_WEEKLY =
      Mart.builder()
          .weekly("kpi_weekly")
          .metrics(GMV, ORDERS, AOV, ACTIVE_CREATORS, ITEMS_SOLD)
          .description("The KPIs per week (Monday to Sunday, business dates): sums over the week's days, active creators counted once per week, AOV from the week's GMV and orders.")
          .owner(Owners.ANALYTICS)
          .build();

  /** One row per calendar month of business dates. */
  public static final Mart KPI_MONTHLY =
      Mart.builder()
          .monthly("kpi_monthly")
          .metrics(GMV, ORDERS, AOV, ACTIVE_CREATORS, ITEMS_SOLD)
          .description("The KPIs per calendar month (business dates): sums over the month's days, active creators counted once per month, AOV from the month's GMV and orders.")
          .owner(Owners.ANALYTICS)
          .build();

  private KpiMarts() {}
}
