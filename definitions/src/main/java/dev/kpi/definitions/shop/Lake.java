package dev.kpi.definitions.shop;

import static dev.kpi.definitions.lake.JooqLake.between;
import static dev.kpi.definitions.lake.JooqLake.onBusinessDateOf;
import static dev.kpi.definitions.lake.JooqLake.oneOf;
import static dev.kpi.definitions.lake.JooqLake.plausible;
import static dev.kpi.definitions.lake.JooqLake.references;
import static dev.kpi.definitions.lake.JooqLake.table;
import static dev.kpi.definitions.lake.generated.Tables.CREATORS;
import static dev.kpi.definitions.lake.generated.Tables.ITEMS;
import static dev.kpi.definitions.lake.generated.Tables.ORDERS;
import static dev.kpi.definitions.lake.generated.Tables.ORDER_ITEMS;
import static dev.kpi.definitions.lake.generated.Tables.PRODUCTS;

import dev.kpi.model.lake.LakeTable;
import java.time.LocalDate;
import java.util.List;

/**
 * The shop's lake: the tables Embulk loads from the shop's database, exactly as the migration
 * {@code db/lake/V1__lake_tables.sql} declares them (columns, types, primary keys and
 * descriptions come from there). Tables with a timestamp are partitioned by its date, so a build
 * reading a few days scans only those days.
 *
 * <p>The rules of valid data beyond the migration's types, NOT NULL columns and keys (the lake
 * contract of docs/glossary.md) are declared here, beside each table: a lake that breaks an
 * error rule is refused before anything is written; one that breaks a warning rule is built, and
 * the warning travels with the numbers. Upper bounds keep every sum and product of a day within
 * the engines' INT64 and NUMERIC ranges.
 */
public final class Lake {
  /** No timestamp of the shop is older than this: a 1900 or 1970 value is a broken extract. */
  public static final LocalDate SHOP_OPENED = LocalDate.of(2015, 1, 1);

  public static final LakeTable CREATORS_TABLE =
      table(CREATORS)
          .owner(Owners.DATA_PLATFORM)
          .partitionColumn(CREATORS.CREATED_AT.getName())
          .addRules(plausible(CREATORS.CREATED_AT, SHOP_OPENED))
          .build();

  public static final LakeTable ITEMS_TABLE =
      table(ITEMS).owner(Owners.DATA_PLATFORM).addRules(between(ITEMS.BASE_PRICE, 0, 10_000_000_000L)).build();

  public static final LakeTable PRODUCTS_TABLE =
      table(PRODUCTS)
          .owner(Owners.DATA_PLATFORM)
          .partitionColumn(PRODUCTS.CREATED_AT.getName())
          .addRules(
              // A product on an unknown item type or by an unknown creator still counts in GMV
              // and orders, not in its item type's row or in active creators: built, with a warning.
              references(PRODUCTS.ITEM_ID, ITEMS.ITEM_ID).warning(),
              references(PRODUCTS.CREATOR_ID, CREATORS.CREATOR_ID).warning(),
              between(PRODUCTS.PRICE, 0, 10_000_000_000L),
              plausible(PRODUCTS.CREATED_AT, SHOP_OPENED))
          .build();

  public static final LakeTable ORDERS_TABLE =
      table(ORDERS)
          .owner(Owners.DATA_PLATFORM)
          .partitionColumn(ORDERS.ORDERED_AT.getName())
          .addRules(
              oneOf(ORDERS.STATUS, "paid", "shipped", "cancelled", "refunded"),
              plausible(ORDERS.ORDERED_AT, SHOP_OPENED))
          .build();

  public static final LakeTable ORDER_ITEMS_TABLE =
      table(ORDER_ITEMS)
          .owner(Owners.DATA_PLATFORM)
          .partitionColumn(ORDER_ITEMS.CREATED_AT.getName())
          .addRules(
              between(ORDER_ITEMS.QUANTITY, 1, 1_000_000),
              between(ORDER_ITEMS.UNIT_PRICE, 0, 10_000_000_000L),
              // A line without its order would vanish from GMV: refused.
              references(ORDER_ITEMS.ORDER_ID, ORDERS.ORDER_ID),
              references(ORDER_ITEMS.PRODUCT_ID, PRODUCTS.PRODUCT_ID).warning(),
              // The fact reads order items by created_at with their orders' dates.
              onBusinessDateOf(ORDER_ITEMS.CREATED_AT, ORDERS.ORDERED_AT),
              plausible(ORDER_ITEMS.CREATED_AT, SHOP_OPENED))
          .build();

  public static final List<LakeTable> ALL =
      List.of(CREATORS_TABLE, ITEMS_TABLE, PRODUCTS_TABLE, ORDERS_TABLE, ORDER_ITEMS_TABLE);

  private Lake() {}
}
