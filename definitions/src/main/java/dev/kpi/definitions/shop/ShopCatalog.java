package dev.kpi.definitions.shop;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.CatalogProvider;

/** The shop's catalog, found by the runtime through {@link java.util.ServiceLoader}. */
public final class ShopCatalog implements CatalogProvider {

  /**
   * Builds (and so validates) the shop's catalog. A method rather than a constant: an invalid
   * definition then fails with the catalog's own message, listing every problem, instead of
   * failing this class's initialisation.
   */
  public static Catalog build() {
    return Catalog.builder()
        .name("shop")
        .timeZone("Asia/Tokyo")
        .addAllLakeTables(Lake.ALL)
        .addWarehouseTables(Items.DIM_ITEMS, OrderItems.FCT_ORDER_ITEMS)
        .addMetrics(Kpis.GMV, Kpis.ORDERS, Kpis.AOV, Kpis.ACTIVE_CREATORS, Kpis.ACTIVE_CREATORS_28D, Kpis.ITEMS_SOLD)
        .addDimensions(Kpis.ITEM_TYPE)
        .addMarts(KpiMarts.KPI_DAILY, KpiMarts.KPI_DAILY_BY_ITEM_TYPE, KpiMarts.KPI_WEEKLY, KpiMarts.KPI_MONTHLY)
        .addQueries(Queries.TSHIRTS_WEEKLY, Queries.CREATORS_BY_ITEM_TYPE_MONTHLY)
        .addSummaries(Summaries.DAILY)
        .addAllTargets(Targets.MONTHLY)
        .build();
  }

  @Override
  public Catalog catalog() {
    return build();
  }

  /** The migration the lake's typed tables are generated from creates the embedded lake too. */
  @Override
  public java.util.Optional<String> lakeMigrations() {
    return java.util.Optional.of("classpath:db/lake");
  }
}
