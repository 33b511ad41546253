package dev.kpi.definitions.shop;

import static dev.kpi.definitions.shop.OrderItems.COUNTABLE;
import static dev.kpi.definitions.shop.OrderItems.FCT_ORDER_ITEMS;

import dev.kpi.model.Unit;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;

/**
 * The terms that run the business, as the glossary defines them. Each is computed per business
 * date (Asia/Tokyo), and per week and month in the marts that ask for them.
 */
public final class Kpis {

  /** GMV (流通総額): Σ quantity × unit_price over the order items of countable orders. */
  public static final Metric GMV =
      Metric.sum("gmv", FCT_ORDER_ITEMS.column("line_amount"))
          .where(COUNTABLE)
          .displayName("GMV (流通総額)")
          .unit(Unit.JPY)
          .description("Gross merchandise value: the sum of quantity × unit price over the order items of countable (paid or shipped) orders, in JPY, exact.")
          .owner(Owners.ANALYTICS)
          .build();

  /** Orders (注文数): the number of distinct countable orders. */
  public static final Metric ORDERS =
      Metric.countDistinct("orders", FCT_ORDER_ITEMS.column("order_id"))
          .where(COUNTABLE)
          .displayName("Orders (注文数)")
          .unit(Unit.COUNT)
          .description("The number of distinct countable (paid or shipped) orders.")
          .owner(Owners.ANALYTICS)
          .build();

  /**
   * AOV (平均注文単価): GMV ÷ orders of the same period, NULL when there are no orders; never an
   * average of daily AOVs.
   */
  public static final Metric AOV =
      Metric.ratio("aov", GMV, ORDERS)
          .displayName("AOV (平均注文単価)")
          .unit(Unit.JPY)
          .description("Average order value: GMV divided by orders for the same period (NUMERIC division, 9 decimals); empty when there are no orders.")
          .owner(Owners.ANALYTICS)
          .build();

  /** Active creators (アクティブクリエイター数): distinct creators with an item in a countable order. */
  public static final Metric ACTIVE_CREATORS =
      Metric.countDistinct("active_creators", FCT_ORDER_ITEMS.column("creator_id"))
          .where(COUNTABLE)
          .displayName("Active creators (アクティブクリエイター数)")
          .unit(Unit.COUNT)
          .description("The number of distinct creators with at least one item in a countable order; each creator counts once per period.")
          .owner(Owners.ANALYTICS)
          .build();

  /** Active creators, 28 days: distinct creators with such a sale on any of the 28 dates d−27 … d. */
  public static final Metric ACTIVE_CREATORS_28D =
      Metric.rolling("active_creators_28d", ACTIVE_CREATORS, 28)
          .displayName("Active creators, 28 days")
          .unit(Unit.COUNT)
          .description("Distinct creators with an item in a countable order on any business date of the 28 days ending on the date (d-27 to d).")
          .owner(Owners.ANALYTICS)
          .build();

  /** Items sold (販売数): Σ quantity over the order items of countable orders. */
  public static final Metric ITEMS_SOLD =
      Metric.sum("items_sold", FCT_ORDER_ITEMS.column("quantity"))
          .where(COUNTABLE)
          .displayName("Items sold (販売数)")
          .unit(Unit.COUNT)
          .description("Units sold: the sum of quantity over the order items of countable orders.")
          .owner(Owners.ANALYTICS)
          .build();

  /** Item type (アイテム): what the product is made on; breaks items sold and GMV down. */
  public static final Dimension ITEM_TYPE =
      Dimension.of("item_type", Items.DIM_ITEMS.column("item_type"))
          .displayName("Item type (アイテム)")
          .description("The kind of item the product is made on: t-shirt, tote-bag, mug, ...")
          .owner(Owners.ANALYTICS)
          .build();

  private Kpis() {}
}
