package dev.kpi.definitions.shop;

import static dev.kpi.definitions.lake.JooqLake.col;
import static dev.kpi.definitions.lake.generated.Tables.ORDERS;
import static dev.kpi.definitions.lake.generated.Tables.ORDER_ITEMS;
import static dev.kpi.definitions.lake.generated.Tables.PRODUCTS;

import dev.kpi.model.expr.Expr;
import dev.kpi.model.warehouse.WarehouseTable;

/**
 * fct_order_items: every order item with what the KPIs need from its order (status, business
 * date) and its product (creator, item type). One row per order item, whatever the status: the
 * KPIs decide which rows count ({@link #COUNTABLE}).
 *
 * <p>Partitioned by the business date, the date of ordered_at in Asia/Tokyo: an order at
 * 2021-02-24T15:30:00Z belongs to 2021-02-25. A daily run rebuilds the run date and the 3 days
 * before it, so a cancellation that reaches the lake a few days later changes that day's KPIs.
 */
public final class OrderItems {
  public static final WarehouseTable FCT_ORDER_ITEMS =
      WarehouseTable.builder()
          .fact("fct_order_items")
          .description(
              "Order items with their order's status and business date (Asia/Tokyo) and their product's creator and item; one row per order item, any status.")
          .owner(Owners.DATA_PLATFORM)
          .from(Lake.ORDER_ITEMS_TABLE)
          .join(Lake.ORDERS_TABLE, col(ORDER_ITEMS.ORDER_ID).eq(col(ORDERS.ORDER_ID)))
          // LEFT: an order item whose product row is missing still counts in GMV.
          .leftJoin(Lake.PRODUCTS_TABLE, col(ORDER_ITEMS.PRODUCT_ID).eq(col(PRODUCTS.PRODUCT_ID)))
          .column(
              "business_date",
              Expr.businessDate(col(ORDERS.ORDERED_AT)),
              "The order's business date: the date of ordered_at in Asia/Tokyo (JST).")
          .column("order_item_id", col(ORDER_ITEMS.ORDER_ITEM_ID), "The order item (order_items.order_item_id).")
          .column("order_id", col(ORDER_ITEMS.ORDER_ID), "The order it belongs to.")
          .column("buyer_id", col(ORDERS.BUYER_ID), "The buyer who placed the order.")
          .column("status", col(ORDERS.STATUS), "The order's status as the lake shows it when the date is built.")
          .column("product_id", col(ORDER_ITEMS.PRODUCT_ID), "The product sold.")
          .column("creator_id", col(PRODUCTS.CREATOR_ID), "The creator whose image the product carries.")
          .column("item_id", col(PRODUCTS.ITEM_ID), "The item type the product is made on (dim_items.item_id).")
          .column("quantity", col(ORDER_ITEMS.QUANTITY), "Units sold.")
          .column("unit_price", col(ORDER_ITEMS.UNIT_PRICE), "JPY charged per unit at order time.")
          .column(
              "line_amount",
              col(ORDER_ITEMS.QUANTITY).times(col(ORDER_ITEMS.UNIT_PRICE)),
              "quantity × unit_price in JPY, exact (NUMERIC).")
          .column("ordered_at", col(ORDERS.ORDERED_AT), "When the order was placed (UTC).")
          .partitionedBy("business_date")
          // order_items.created_at is written with the order: reading it by the same range
          // lets the engine skip the lake's other order_items partitions too.
          .addAlsoPrunedBy(col(ORDER_ITEMS.CREATED_AT))
          .clusteredBy("status", "item_id")
          .lookbackDays(3)
          .references("item_id", Items.DIM_ITEMS, "item_id")
          .build();

  /** A countable order is paid or shipped; cancelled and refunded orders count in no KPI. */
  public static final Expr COUNTABLE = FCT_ORDER_ITEMS.column("status").in("paid", "shipped");

  private OrderItems() {}
}
