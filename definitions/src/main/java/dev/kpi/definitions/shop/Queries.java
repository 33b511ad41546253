package dev.kpi.definitions.shop;

import static dev.kpi.definitions.shop.Kpis.ACTIVE_CREATORS;
import static dev.kpi.definitions.shop.Kpis.GMV;
import static dev.kpi.definitions.shop.Kpis.ITEMS_SOLD;
import static dev.kpi.definitions.shop.Kpis.ITEM_TYPE;
import static dev.kpi.definitions.shop.Kpis.ORDERS;

import dev.kpi.model.query.SavedQuery;

/**
 * Questions the team asks again and again, declared once: {@code kpi query --saved NAME} answers
 * them, from a mart when one holds the answer, otherwise from the warehouse tables, with the
 * same semantics as a mart (sums added over the period, distinct counts recounted for it).
 */
public final class Queries {

  /** The t-shirt business per week: GMV, items sold and orders with a t-shirt in them. */
  public static final SavedQuery TSHIRTS_WEEKLY =
      SavedQuery.builder()
          .weekly("tshirts_weekly")
          .metrics(GMV, ITEMS_SOLD, ORDERS)
          .where(ITEM_TYPE.column().eq("t-shirt"))
          .description("GMV and items sold of t-shirts per week (Monday to Sunday), and the countable orders with a t-shirt in them.")
          .owner(Owners.ANALYTICS)
          .build();

  /** Which item types keep creators selling: active creators per item type and month, every type in every month. */
  public static final SavedQuery CREATORS_BY_ITEM_TYPE_MONTHLY =
      SavedQuery.builder()
          .monthly("creators_by_item_type_monthly")
          .metrics(ACTIVE_CREATORS)
          .by(ITEM_TYPE)
          .denseOverDimensions()
          .description("Active creators per calendar month and item type: a creator counts once per month in each item type they sold; 0 for a type without sales.")
          .owner(Owners.ANALYTICS)
          .build();

  private Queries() {}
}
