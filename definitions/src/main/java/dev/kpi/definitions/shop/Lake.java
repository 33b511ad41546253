package dev.kpi.definitions.shop;

import static dev.kpi.definitions.lake.JooqLake.table;
import static dev.kpi.definitions.lake.generated.Tables.CREATORS;
import static dev.kpi.definitions.lake.generated.Tables.ITEMS;
import static dev.kpi.definitions.lake.generated.Tables.ORDERS;
import static dev.kpi.definitions.lake.generated.Tables.ORDER_ITEMS;
import static dev.kpi.definitions.lake.generated.Tables.PRODUCTS;

import dev.kpi.model.lake.LakeTable;
import java.util.List;

/**
 * The shop's lake: the tables Embulk loads from the shop's database, exactly as the migration
 * {@code db/lake/V1__lake_tables.sql} declares them (columns, types, primary keys and
 * descriptions come from there). Tables with a timestamp are partitioned by its date, so a build
 * reading a few days scans only those days.
 */
public final class Lake {
  public static final LakeTable CREATORS_TABLE =
      table(CREATORS).owner(Owners.DATA_PLATFORM).partitionColumn(CREATORS.CREATED_AT.getName()).build();

  public static final LakeTable ITEMS_TABLE = table(ITEMS).owner(Owners.DATA_PLATFORM).build();

  public static final LakeTable PRODUCTS_TABLE =
      table(PRODUCTS).owner(Owners.DATA_PLATFORM).partitionColumn(PRODUCTS.CREATED_AT.getName()).build();

  public static final LakeTable ORDERS_TABLE =
      table(ORDERS).owner(Owners.DATA_PLATFORM).partitionColumn(ORDERS.ORDERED_AT.getName()).build();

  public static final LakeTable ORDER_ITEMS_TABLE =
      table(ORDER_ITEMS)
          .owner(Owners.DATA_PLATFORM)
          .partitionColumn(ORDER_ITEMS.CREATED_AT.getName())
          .build();

  public static final List<LakeTable> ALL =
      List.of(CREATORS_TABLE, ITEMS_TABLE, PRODUCTS_TABLE, ORDERS_TABLE, ORDER_ITEMS_TABLE);

  private Lake() {}
}
