package dev.kpi.runtime.testing;

import dev.kpi.model.LogicalType;
import dev.kpi.model.Unit;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.WarehouseTable;

/**
 * A small catalog of a different business (a chain of shops' sales), in versions, to test
 * what the runtime does when definitions change.
 */
public final class TestCatalogs {
  public static final LakeTable SALES =
      LakeTable.builder()
          .name("sales")
          .description("Sales at the tills.")
          .owner("test")
          .addColumns(
              LakeColumn.of("sale_id", LogicalType.INT64, false, "Primary key."),
              LakeColumn.of("shop", LogicalType.STRING, true, "Shop name."),
              LakeColumn.of("amount", LogicalType.NUMERIC, true, "JPY."),
              LakeColumn.of("sold_at", LogicalType.TIMESTAMP, true, "When (UTC)."))
          .partitionColumn("sold_at")
          .addPrimaryKey("sale_id")
          .build();

  private TestCatalogs() {}

  /** revenue and sales per day. */
  public static Catalog v1() {
    return catalog(false, false);
  }

  /** v1 plus a column (amount with tax) and a metric on it in the mart. */
  public static Catalog v2WithTax() {
    return catalog(true, false);
  }

  /** v1 with the fact's shop column turned into a number (its length): a type change. */
  public static Catalog v3ShopAsNumber() {
    return catalog(false, true);
  }

  /** v1 whose first metric (revenue) has this description: for what text from a definition may become. */
  public static Catalog withDescription(String description) {
    return catalog(false, false, description);
  }

  private static Catalog catalog(boolean tax, boolean shopAsNumber) {
    return catalog(tax, shopAsNumber, "Sum of amounts.");
  }

  private static Catalog catalog(boolean tax, boolean shopAsNumber, String revenueDescription) {
    WarehouseTable.Builder fact =
        WarehouseTable.builder()
            .fact("fct_sales")
            .description("One row per sale.")
            .owner("test")
            .from(SALES)
            .column("business_date", Expr.businessDate(SALES.column("sold_at")), "Business date (JST).")
            .column("sale_id", SALES.column("sale_id"), "The sale.")
            .column(
                "shop",
                shopAsNumber ? Expr.when(SALES.column("shop").isNull(), Expr.literal(0L)).orElse(Expr.literal(1L)) : SALES.column("shop"),
                "The shop.")
            .column("amount", SALES.column("amount"), "JPY.")
            .partitionedBy("business_date")
            .lookbackDays(1);
    if (tax) {
      fact.column("amount_with_tax", SALES.column("amount").times(Expr.literal(new java.math.BigDecimal("1.1"))), "JPY with 10% tax.");
    }
    WarehouseTable fctSales = fact.build();
    Metric revenue = Metric.sum("revenue", fctSales.column("amount")).unit(Unit.JPY).description(revenueDescription).owner("test").build();
    Metric sales = Metric.countDistinct("sales", fctSales.column("sale_id")).unit(Unit.COUNT).description("Number of sales.").owner("test").build();
    Mart.Builder mart =
        Mart.builder().daily("daily_sales").metrics(revenue, sales).description("Per day.").owner("test");
    Dimension shop = Dimension.of("shop", fctSales.column("shop")).description("The shop of the sale.").owner("test").build();
    SavedQuery weeklyByShop =
        SavedQuery.builder().weekly("sales_by_shop_weekly").metrics(revenue, sales).by(shop).description("Revenue and sales per week and shop.").owner("test").build();
    Catalog.Builder catalog =
        Catalog.builder().name("test").addLakeTables(SALES).addWarehouseTables(fctSales).addMetrics(revenue, sales).addDimensions(shop).addQueries(weeklyByShop);
    if (tax) {
      Metric revenueWithTax =
          Metric.sum("revenue_with_tax", fctSales.column("amount_with_tax")).unit(Unit.JPY).description("With tax.").owner("test").build();
      catalog.addMetrics(revenueWithTax);
      mart.metrics(revenueWithTax);
    }
    return catalog.addMarts(mart.build()).build();
  }
}
