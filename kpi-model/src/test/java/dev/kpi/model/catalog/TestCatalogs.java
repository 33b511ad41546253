package dev.kpi.model.catalog;

import static org.assertj.core.api.Assertions.fail;

import dev.kpi.model.LogicalType;
import dev.kpi.model.Unit;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.List;

/**
 * A small valid catalog, unrelated to the shop's: app events and the users who caused them.
 * Tests start from {@link #valid()} and add (or swap in) one mistake, so that the problems the
 * catalog reports are exactly those of the mistake.
 *
 * <ul>
 *   <li>lake: {@code events}(event_id, user_id, kind, amount, happened_at), {@code users}(user_id,
 *       country)
 *   <li>warehouse: fact {@code fct_events} partitioned by the business date of happened_at,
 *       referencing dimension table {@code dim_users}
 *   <li>metrics: revenue, purchases, buyers (simple), revenue_per_purchase (ratio),
 *       purchases_per_buyer (derived), buyers_7d (rolling)
 *   <li>dimensions: event_kind (on the fact), country (on dim_users)
 *   <li>marts: daily_events, weekly_events
 * </ul>
 */
final class TestCatalogs {
  static final String OWNER = "growth-analytics";

  // ---------------------------------------------------------------- lake

  static final LakeTable EVENTS =
      LakeTable.builder()
          .name("events")
          .description("Everything users do in the app, one row per event.")
          .owner(OWNER)
          .addColumns(
              LakeColumn.of("event_id", LogicalType.INT64, false, "The event."),
              LakeColumn.of("user_id", LogicalType.INT64, false, "Who caused it."),
              LakeColumn.of("kind", LogicalType.STRING, false, "view, cart or purchase."),
              LakeColumn.of("amount", LogicalType.NUMERIC, true, "JPY paid, for purchases."),
              LakeColumn.of("happened_at", LogicalType.TIMESTAMP, false, "When (UTC)."))
          .partitionColumn("happened_at")
          .addPrimaryKey("event_id")
          .build();

  static final LakeTable USERS =
      LakeTable.builder()
          .name("users")
          .description("People with an account.")
          .owner(OWNER)
          .addColumns(
              LakeColumn.of("user_id", LogicalType.INT64, false, "The user."),
              LakeColumn.of("country", LogicalType.STRING, true, "ISO country code."))
          .addPrimaryKey("user_id")
          .build();

  // ---------------------------------------------------------------- warehouse

  static final WarehouseTable DIM_USERS =
      WarehouseTable.builder()
          .dimension("dim_users")
          .description("Users with their country.")
          .owner(OWNER)
          .from(USERS)
          .column("user_id", USERS.column("user_id"), "The user.")
          .column("country", USERS.column("country"), "The user's country.")
          .build();

  static final WarehouseTable FCT_EVENTS =
      WarehouseTable.builder()
          .fact("fct_events")
          .description("App events by business date.")
          .owner(OWNER)
          .from(EVENTS)
          .column(
              "business_date",
              Expr.businessDate(EVENTS.column("happened_at")),
              "The date of happened_at in the catalog's time zone.")
          .column("event_id", EVENTS.column("event_id"), "The event.")
          .column("user_id", EVENTS.column("user_id"), "Who caused it.")
          .column("kind", EVENTS.column("kind"), "view, cart or purchase.")
          .column("amount", EVENTS.column("amount"), "JPY paid, for purchases.")
          .partitionedBy("business_date")
          .clusteredBy("kind")
          .references("user_id", DIM_USERS, "user_id")
          .build();

  static final Expr IS_PURCHASE = FCT_EVENTS.column("kind").eq("purchase");

  // ---------------------------------------------------------------- metrics

  static final Metric REVENUE =
      Metric.sum("revenue", FCT_EVENTS.column("amount"))
          .where(IS_PURCHASE)
          .unit(Unit.JPY)
          .description("JPY paid in purchases.")
          .owner(OWNER)
          .build();

  static final Metric PURCHASES =
      Metric.countDistinct("purchases", FCT_EVENTS.column("event_id"))
          .where(IS_PURCHASE)
          .unit(Unit.COUNT)
          .description("Number of purchases.")
          .owner(OWNER)
          .build();

  static final Metric BUYERS =
      Metric.countDistinct("buyers", FCT_EVENTS.column("user_id"))
          .where(IS_PURCHASE)
          .unit(Unit.COUNT)
          .description("Distinct users who purchased.")
          .owner(OWNER)
          .build();

  static final Metric REVENUE_PER_PURCHASE =
      Metric.ratio("revenue_per_purchase", REVENUE, PURCHASES)
          .unit(Unit.JPY)
          .description("Revenue divided by purchases of the same period.")
          .owner(OWNER)
          .build();

  static final Metric PURCHASES_PER_BUYER =
      Metric.derived(
              "purchases_per_buyer", Expr.metric("purchases").dividedBy(Expr.metric("buyers")))
          .description("Purchases divided by buyers of the same period.")
          .owner(OWNER)
          .build();

  static final Metric BUYERS_7D =
      Metric.rolling("buyers_7d", BUYERS, 7)
          .unit(Unit.COUNT)
          .description("Distinct buyers over the 7 days ending on each date.")
          .owner(OWNER)
          .build();

  // ---------------------------------------------------------------- dimensions

  static final Dimension EVENT_KIND =
      Dimension.of("event_kind", FCT_EVENTS.column("kind"))
          .description("What the user did.")
          .owner(OWNER)
          .build();

  static final Dimension COUNTRY =
      Dimension.of("country", DIM_USERS.column("country"))
          .description("The user's country.")
          .owner(OWNER)
          .build();

  // ---------------------------------------------------------------- marts

  static final Mart DAILY_EVENTS =
      Mart.builder()
          .daily("daily_events")
          .description("Daily purchase KPIs by country.")
          .owner(OWNER)
          .metrics(REVENUE, PURCHASES, BUYERS, REVENUE_PER_PURCHASE, PURCHASES_PER_BUYER, BUYERS_7D)
          .by(COUNTRY)
          .build();

  static final Mart WEEKLY_EVENTS =
      Mart.builder()
          .weekly("weekly_events")
          .description("Weekly purchase KPIs by country and event kind.")
          .owner(OWNER)
          .metrics(REVENUE, PURCHASES, REVENUE_PER_PURCHASE)
          .by(COUNTRY, EVENT_KIND)
          .build();

  private TestCatalogs() {}

  /** A builder holding the whole valid catalog; add a mistake, then build. */
  static Catalog.Builder valid() {
    return Catalog.builder()
        .name("test_app")
        .addLakeTables(EVENTS, USERS)
        .addWarehouseTables(DIM_USERS, FCT_EVENTS)
        .addMetrics(REVENUE, PURCHASES, BUYERS, REVENUE_PER_PURCHASE, PURCHASES_PER_BUYER, BUYERS_7D)
        .addDimensions(EVENT_KIND, COUNTRY)
        .addMarts(DAILY_EVENTS, WEEKLY_EVENTS);
  }

  /** Builds the catalog, expecting it to be rejected, and returns the problems it reports. */
  static List<String> problemsOf(Catalog.Builder catalog) {
    try {
      Catalog built = catalog.build();
      return fail("catalog '%s' was built, but it should have been rejected", built.name());
    } catch (InvalidCatalogException e) {
      return e.problems();
    }
  }

  // Gives an object of a test a description and an owner, so that only the mistake under test
  // is reported. One overload per builder: the generated builders share no interface.

  static final String DESCRIPTION = "An object of a test.";

  static Metric.Simple.Builder documented(Metric.Simple.Builder builder) {
    return builder.description(DESCRIPTION).owner(OWNER);
  }

  static Metric.Ratio.Builder documented(Metric.Ratio.Builder builder) {
    return builder.description(DESCRIPTION).owner(OWNER);
  }

  static Metric.Derived.Builder documented(Metric.Derived.Builder builder) {
    return builder.description(DESCRIPTION).owner(OWNER);
  }

  static Metric.Rolling.Builder documented(Metric.Rolling.Builder builder) {
    return builder.description(DESCRIPTION).owner(OWNER);
  }

  static Dimension.Builder documented(Dimension.Builder builder) {
    return builder.description(DESCRIPTION).owner(OWNER);
  }

  static Mart.Builder documented(Mart.Builder builder) {
    return builder.description(DESCRIPTION).owner(OWNER);
  }

  static LakeTable.Builder documented(LakeTable.Builder builder) {
    return builder.description(DESCRIPTION).owner(OWNER);
  }

  static WarehouseTable.Builder documented(WarehouseTable.Builder builder) {
    return builder.description(DESCRIPTION).owner(OWNER);
  }
}
