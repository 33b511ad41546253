package dev.kpi.definitions.shop;

import static dev.kpi.definitions.lake.JooqLake.col;
import static dev.kpi.definitions.lake.generated.Tables.ITEMS;

import dev.kpi.model.warehouse.WarehouseTable;

/**
 * dim_items: the item types products are made on (t-shirt, tote bag, mug, ... about 41), one
 * row per item. The "known values" of the item type dimension: every item type has a row on
 * every date of the by-item-type mart, 0 when nothing of it sold.
 */
public final class Items {
  public static final WarehouseTable DIM_ITEMS =
      WarehouseTable.builder()
          .dimension("dim_items")
          .description("Item types products are made on, one row per item, with the base price.")
          .owner(Owners.DATA_PLATFORM)
          .from(Lake.ITEMS_TABLE)
          .column("item_id", col(ITEMS.ITEM_ID), "The item (items.item_id).")
          .column("item_type", col(ITEMS.ITEM_TYPE), "The kind of item: t-shirt, tote-bag, mug, ...")
          .column("base_price", col(ITEMS.BASE_PRICE), "Price in JPY before the creator's margin.")
          .build();

  private Items() {}
}
