package dev.kpi.bench;

import dev.kpi.model.LogicalType;
import dev.kpi.model.Unit;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A large synthetic catalog for the compile benchmark: one event fact with ten amounts, five
 * ids and an event kind, a dimension table, and {@code metrics} metrics — 40% sums, 30% count
 * distincts, 28% ratios of a sum by a distinct count, 2% rolling count distincts (7 and 28
 * days) — each in one of ten marts: four daily ones without dimensions, a dense daily one by
 * region (a fact column), a daily one by segment (a column of the dimension table), two weekly
 * and two monthly ones. Each simple metric filters its rows by one of 20 event kinds, as the
 * shop's metrics filter by order status.
 */
public final class GeneratedCatalog {
  private static final String OWNER = "bench";
  private static final int AMOUNTS = 10;
  private static final int IDS = 5;
  private static final int KINDS = 20;
  private static final int MARTS = 10;

  private GeneratedCatalog() {}

  public static Catalog of(int metrics) {
    if (metrics < 50) {
      throw new IllegalArgumentException("metrics must be at least 50, got " + metrics);
    }
    List<LakeColumn> eventColumns = new ArrayList<>();
    eventColumns.add(LakeColumn.of("event_id", LogicalType.INT64, false, "Primary key."));
    eventColumns.add(LakeColumn.of("account_id", LogicalType.INT64, true, "The account (accounts.account_id)."));
    for (int i = 1; i <= IDS; i++) {
      eventColumns.add(LakeColumn.of(id(i), LogicalType.INT64, true, "Identifier number " + i + " of what the event concerns."));
    }
    eventColumns.add(LakeColumn.of("kind", LogicalType.STRING, true, "What happened: kind_00 ... kind_19."));
    eventColumns.add(LakeColumn.of("region", LogicalType.STRING, true, "Where it happened."));
    for (int i = 1; i <= AMOUNTS; i++) {
      eventColumns.add(LakeColumn.of(amount(i), LogicalType.NUMERIC, true, "Amount number " + i + " of the event."));
    }
    eventColumns.add(LakeColumn.of("occurred_at", LogicalType.TIMESTAMP, true, "When it happened (UTC)."));
    LakeTable events =
        LakeTable.builder()
            .name("events")
            .description("Events of a synthetic business, one row per event.")
            .owner(OWNER)
            .addAllColumns(eventColumns)
            .partitionColumn("occurred_at")
            .addPrimaryKey("event_id")
            .build();
    LakeTable accounts =
        LakeTable.builder()
            .name("accounts")
            .description("Accounts, one row per account.")
            .owner(OWNER)
            .addColumns(
                LakeColumn.of("account_id", LogicalType.INT64, false, "Primary key."),
                LakeColumn.of("segment", LogicalType.STRING, true, "The account's market segment."))
            .addPrimaryKey("account_id")
            .build();

    WarehouseTable dimAccounts =
        WarehouseTable.builder()
            .dimension("dim_accounts")
            .description("Accounts with their segment.")
            .owner(OWNER)
            .from(accounts)
            .column("account_id", accounts.column("account_id"), "The account.")
            .column("segment", accounts.column("segment"), "The account's market segment.")
            .build();
    WarehouseTable.Builder fact =
        WarehouseTable.builder()
            .fact("fct_events")
            .description("Events with their business date; one row per event.")
            .owner(OWNER)
            .from(events)
            .column("business_date", Expr.businessDate(events.column("occurred_at")), "The event's business date.")
            .column("event_id", events.column("event_id"), "The event.")
            .column("account_id", events.column("account_id"), "The account (dim_accounts.account_id).");
    for (int i = 1; i <= IDS; i++) {
      fact.column(id(i), events.column(id(i)), "Identifier number " + i + ".");
    }
    fact.column("kind", events.column("kind"), "What happened.").column("region", events.column("region"), "Where it happened.");
    for (int i = 1; i <= AMOUNTS; i++) {
      fact.column(amount(i), events.column(amount(i)), "Amount number " + i + ".");
    }
    WarehouseTable fctEvents =
        fact.partitionedBy("business_date")
            .clusteredBy("kind", "region")
            .lookbackDays(3)
            .references("account_id", dimAccounts, "account_id")
            .build();

    Dimension region =
        Dimension.of("region", fctEvents.column("region")).description("Where it happened.").owner(OWNER).build();
    Dimension segment =
        Dimension.of("segment", dimAccounts.column("segment")).description("The account's market segment.").owner(OWNER).build();

    int sums = metrics * 40 / 100;
    int distincts = metrics * 30 / 100;
    int rollings = Math.max(2, metrics * 2 / 100);
    int ratios = metrics - sums - distincts - rollings;
    List<Metric> all = new ArrayList<>();
    List<Metric> sumMetrics = new ArrayList<>();
    List<Metric> distinctMetrics = new ArrayList<>();
    for (int i = 0; i < sums; i++) {
      Metric metric =
          Metric.sum(String.format(Locale.ROOT, "sum_%04d", i), fctEvents.column(amount(1 + i % AMOUNTS)))
              .where(fctEvents.column("kind").eq(kind(i / AMOUNTS)))
              .unit(Unit.JPY)
              .description("Σ " + amount(1 + i % AMOUNTS) + " of events of " + kind(i / AMOUNTS) + ".")
              .owner(OWNER)
              .build();
      sumMetrics.add(metric);
    }
    for (int i = 0; i < distincts; i++) {
      Metric metric =
          Metric.countDistinct(String.format(Locale.ROOT, "distinct_%04d", i), fctEvents.column(id(1 + i % IDS)))
              .where(fctEvents.column("kind").in(kind(i / IDS), kind(i / IDS + 1)))
              .unit(Unit.COUNT)
              .description("Distinct " + id(1 + i % IDS) + " of events of two kinds.")
              .owner(OWNER)
              .build();
      distinctMetrics.add(metric);
    }
    List<Metric> ratioMetrics = new ArrayList<>();
    for (int i = 0; i < ratios; i++) {
      Metric numerator = sumMetrics.get(i % sumMetrics.size());
      Metric denominator = distinctMetrics.get((i * 7) % distinctMetrics.size());
      ratioMetrics.add(
          Metric.ratio(String.format(Locale.ROOT, "ratio_%04d", i), numerator, denominator)
              .description(numerator.name() + " per " + denominator.name() + ".")
              .owner(OWNER)
              .build());
    }
    List<Metric> rollingMetrics = new ArrayList<>();
    for (int i = 0; i < rollings; i++) {
      Metric base = distinctMetrics.get(i % distinctMetrics.size());
      int days = i % 2 == 0 ? 28 : 7;
      rollingMetrics.add(
          Metric.rolling(String.format(Locale.ROOT, "rolling_%04d", i), base, days)
              .unit(Unit.COUNT)
              .description(base.name() + " over the " + days + " days ending on the date.")
              .owner(OWNER)
              .build());
    }
    all.addAll(sumMetrics);
    all.addAll(distinctMetrics);
    all.addAll(ratioMetrics);
    all.addAll(rollingMetrics);

    // Every metric in one mart; rolling metrics only in the daily ones (marts 0 to 5).
    List<List<String>> martMetrics = new ArrayList<>();
    for (int m = 0; m < MARTS; m++) {
      martMetrics.add(new ArrayList<>());
    }
    List<Metric> notRolling = new ArrayList<>(sumMetrics);
    notRolling.addAll(distinctMetrics);
    notRolling.addAll(ratioMetrics);
    for (int i = 0; i < notRolling.size(); i++) {
      martMetrics.get(i % MARTS).add(notRolling.get(i).name());
    }
    for (int i = 0; i < rollingMetrics.size(); i++) {
      martMetrics.get(i % 6).add(rollingMetrics.get(i).name());
    }
    List<Mart> marts = new ArrayList<>();
    for (int m = 0; m < MARTS; m++) {
      Mart.Builder mart = Mart.builder();
      Grain grain = m < 6 ? Grain.DAY : m < 8 ? Grain.WEEK : Grain.MONTH;
      String name = String.format(Locale.ROOT, "mart_%02d_%s", m, grain.name().toLowerCase(Locale.ROOT));
      mart.name(name).grain(grain).addAllMetrics(martMetrics.get(m)).description("Generated mart number " + m + ".").owner(OWNER);
      if (m == 4) {
        mart.by(region).denseOverDimensions();
      } else if (m == 5) {
        mart.by(segment);
      }
      marts.add(mart.build());
    }

    return Catalog.builder()
        .name("generated_" + metrics)
        .timeZone("Asia/Tokyo")
        .addLakeTables(events, accounts)
        .addWarehouseTables(dimAccounts, fctEvents)
        .addAllMetrics(all)
        .addDimensions(region, segment)
        .addAllMarts(marts)
        .build();
  }

  private static String id(int i) {
    return "id_" + i;
  }

  private static String amount(int i) {
    return String.format(Locale.ROOT, "amount_%02d", i);
  }

  private static String kind(int i) {
    return String.format(Locale.ROOT, "kind_%02d", i % KINDS);
  }
}
