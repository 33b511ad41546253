package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.sql.testing.DuckDbBuildRunner;
import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.testing.TableData;
import dev.kpi.sql.testing.ZetaSqlBuildRunner;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The numbers are BigQuery's: the shop's BigQuery SQL run on ZetaSQL's reference engine (Google's
 * implementation of GoogleSQL), the shop's DuckDB SQL run on DuckDB as the embedded runtime runs
 * it, and the glossary's definitions computed by hand or in plain Java, all give the same mart
 * rows on the same lake. The warehouse tables are compared too, so a disagreement shows the
 * first table where it starts.
 */
@ExtendWith(ShopCatalogIsValid.class)
class MartDifferentialTest {
  private static final BigQueryDialect BIGQUERY = BigQueryDialect.forProject("example-project");
  private static final List<CompiledStatement> BIGQUERY_PLAN = Compiler.forDialect(BIGQUERY).compile(ShopCatalog.build());
  private static final List<CompiledStatement> DUCKDB_PLAN =
      Compiler.forDialect(DuckDbDialect.standard()).compile(ShopCatalog.build());

  private static final TableRef KPI_DAILY = TableRef.of(Layer.MART, "kpi_daily");
  private static final TableRef KPI_DAILY_BY_ITEM_TYPE = TableRef.of(Layer.MART, "kpi_daily_by_item_type");
  private static final TableRef KPI_WEEKLY = TableRef.of(Layer.MART, "kpi_weekly");
  private static final TableRef KPI_MONTHLY = TableRef.of(Layer.MART, "kpi_monthly");

  /** The hand-checkable lake's build window: Monday 1 February to Friday 5 March 2021. */
  private static final LocalDate HAND_START = LocalDate.of(2021, 2, 1);
  private static final LocalDate HAND_END = LocalDate.of(2021, 3, 5);

  /** The random lake's build window, across a month and a year boundary. */
  private static final LocalDate RANDOM_START = LocalDate.of(2021, 12, 1);
  private static final LocalDate RANDOM_END = LocalDate.of(2022, 1, 31);

  @TempDir Path folder;

  // ------------------------------------------------------------------ the hand-checkable lake

  /**
   * Three creators, three item types, a few orders whose KPIs can be checked on paper:
   *
   * <ul>
   *   <li>creator 3 sells on 2 February and then only in a cancelled order until 4 March: in the
   *       28-day window to 1 March (2 Feb … 1 Mar), out of it on 2 March, back on 4 March;
   *   <li>order 2 at 2021-02-24T14:59:59Z is 23:59:59 JST on the 24th; order 3 at
   *       2021-02-24T15:30:00Z is already the 25th in Tokyo; order 9 at 15:00:00Z on the 28th
   *       is exactly midnight of 1 March JST; order 13 is the last microsecond of 4 March JST;
   *   <li>order 3 has two lines, one of quantity 2; order 4 (cancelled) and order 5 (refunded)
   *       count nowhere, so 26 February has orders in the lake and 0 in every KPI;
   *   <li>no order at all on 28 February and 3 March (nor most of February);
   *   <li>27 February: GMV 1000 over 3 orders (AOV 333.333333333); 2 March: GMV 2000 over 3
   *       orders (AOV 666.666666667, the last digit rounded up);
   *   <li>order 15 is 00:00 on 6 March JST, after the window: in the lake, in no mart;
   *   <li>10 February: GMV 0.000000001 JPY over 2 orders (one free): AOV 0.0000000005 is a
   *       half, rounded away from zero to 0.000000001 (half-even or truncation would give 0).
   * </ul>
   */
  static FixtureLake handCheckableLake() {
    FixtureLake lake =
        new FixtureLake()
            .creator(1, "Aki")
            .creator(2, "Ben")
            .creator(3, "Chie")
            .item(10, "t-shirt", "2000")
            .item(20, "mug", "1200")
            .item(30, "sticker", "300")
            .product(101, 1, 10, "2500")
            .product(102, 1, 30, "400")
            .product(201, 2, 20, "1500")
            .product(301, 3, 30, "350");
    lake.order(1, "paid", Instant.parse("2021-02-02T03:00:00Z")).line(301, 1, "350");
    lake.order(2, "paid", Instant.parse("2021-02-24T14:59:59Z")).line(101, 1, "2500");
    lake.order(3, "shipped", Instant.parse("2021-02-24T15:30:00Z")).line(201, 2, "1500").line(102, 1, "400");
    lake.order(4, "cancelled", Instant.parse("2021-02-25T02:00:00Z")).line(301, 1, "350");
    lake.order(5, "refunded", Instant.parse("2021-02-26T05:00:00Z")).line(101, 3, "2500");
    lake.order(6, "paid", Instant.parse("2021-02-27T01:00:00Z")).line(102, 1, "400");
    lake.order(7, "shipped", Instant.parse("2021-02-27T02:00:00Z")).line(102, 1, "300");
    lake.order(8, "paid", Instant.parse("2021-02-27T03:00:00Z")).line(201, 1, "300");
    lake.order(9, "paid", Instant.parse("2021-02-28T15:00:00Z")).line(201, 1, "1500");
    lake.order(10, "paid", Instant.parse("2021-03-02T01:00:00Z")).line(102, 2, "400");
    lake.order(11, "shipped", Instant.parse("2021-03-02T02:00:00Z")).line(201, 1, "700");
    lake.order(12, "paid", Instant.parse("2021-03-02T03:00:00Z")).line(201, 1, "500");
    lake.order(13, "shipped", Instant.parse("2021-03-04T14:59:59.999999Z")).line(301, 1, "350");
    lake.order(14, "paid", Instant.parse("2021-03-05T14:59:59Z")).line(101, 1, "2500");
    lake.order(15, "paid", Instant.parse("2021-03-05T15:00:00Z")).line(201, 1, "1500");
    lake.order(16, "paid", Instant.parse("2021-02-10T01:00:00Z")).line(102, 1, "0.000000001");
    lake.order(17, "shipped", Instant.parse("2021-02-10T02:00:00Z")).line(102, 1, "0");
    return lake;
  }

  @Test
  void martsAgreeOnAHandCheckableLake() throws Exception {
    Map<TableRef, TableData> marts = glossaryView(bothEnginesAgree(handCheckableLake(), HAND_START, HAND_END));

    TableData daily = marts.get(KPI_DAILY);
    assertThat(daily.size()).as("one kpi_daily row per date of the window").isEqualTo(33);
    assertThat(row(daily, "2021-02-02"))
        .isEqualTo("business_date=2021-02-02 gmv=350 orders=1 aov=350 active_creators=1 active_creators_28d=1 items_sold=1");
    assertThat(row(daily, "2021-02-09"))
        .isEqualTo("business_date=2021-02-09 gmv=0 orders=0 aov=NULL active_creators=0 active_creators_28d=1 items_sold=0");
    assertThat(row(daily, "2021-02-10"))
        .as("0.000000001 / 2 is a half at the 10th decimal: rounded away from zero")
        .isEqualTo("business_date=2021-02-10 gmv=0.000000001 orders=2 aov=0.000000001 active_creators=1 active_creators_28d=2 items_sold=2");
    assertThat(row(daily, "2021-02-15"))
        .as("no order; creators 3 (2 Feb) and 1 (10 Feb) in the 28 days")
        .isEqualTo("business_date=2021-02-15 gmv=0 orders=0 aov=NULL active_creators=0 active_creators_28d=2 items_sold=0");
    assertThat(row(daily, "2021-02-24"))
        .as("23:59:59 JST is still the 24th")
        .isEqualTo("business_date=2021-02-24 gmv=2500 orders=1 aov=2500 active_creators=1 active_creators_28d=2 items_sold=1");
    assertThat(row(daily, "2021-02-25"))
        .as("15:30 UTC on the 24th is the 25th in Tokyo; the cancelled order does not count")
        .isEqualTo("business_date=2021-02-25 gmv=3400 orders=1 aov=3400 active_creators=2 active_creators_28d=3 items_sold=3");
    assertThat(row(daily, "2021-02-26"))
        .as("only a refunded order")
        .isEqualTo("business_date=2021-02-26 gmv=0 orders=0 aov=NULL active_creators=0 active_creators_28d=3 items_sold=0");
    assertThat(row(daily, "2021-02-27"))
        .as("1000 / 3 to 9 decimals")
        .isEqualTo("business_date=2021-02-27 gmv=1000 orders=3 aov=333.333333333 active_creators=2 active_creators_28d=3 items_sold=3");
    assertThat(row(daily, "2021-02-28"))
        .as("the empty day")
        .isEqualTo("business_date=2021-02-28 gmv=0 orders=0 aov=NULL active_creators=0 active_creators_28d=3 items_sold=0");
    assertThat(row(daily, "2021-03-01"))
        .as("midnight JST opens 1 March; creator 3's sale on 2 Feb is day d-27")
        .isEqualTo("business_date=2021-03-01 gmv=1500 orders=1 aov=1500 active_creators=1 active_creators_28d=3 items_sold=1");
    assertThat(row(daily, "2021-03-02"))
        .as("2000 / 3 = 666.6666666666..., rounded up; creator 3 has left the 28 days")
        .isEqualTo("business_date=2021-03-02 gmv=2000 orders=3 aov=666.666666667 active_creators=2 active_creators_28d=2 items_sold=4");
    assertThat(row(daily, "2021-03-03"))
        .isEqualTo("business_date=2021-03-03 gmv=0 orders=0 aov=NULL active_creators=0 active_creators_28d=2 items_sold=0");
    assertThat(row(daily, "2021-03-04"))
        .as("the last microsecond of 4 March JST; creator 3 is back")
        .isEqualTo("business_date=2021-03-04 gmv=350 orders=1 aov=350 active_creators=1 active_creators_28d=3 items_sold=1");
    assertThat(row(daily, "2021-03-05"))
        .as("the order at midnight of 6 March JST is not the 5th's")
        .isEqualTo("business_date=2021-03-05 gmv=2500 orders=1 aov=2500 active_creators=1 active_creators_28d=3 items_sold=1");

    TableData byItemType = marts.get(KPI_DAILY_BY_ITEM_TYPE);
    assertThat(byItemType.size()).as("every item type on every date").isEqualTo(33 * 3);
    assertThat(byItemType.rowMaps().stream().map(r -> r.get("business_date") + " " + r.get("item_type")).distinct().count())
        .isEqualTo(33 * 3);
    assertThat(rows(byItemType, "2021-02-10"))
        .containsExactly(
            "business_date=2021-02-10 item_type='mug' items_sold=0 gmv=0",
            "business_date=2021-02-10 item_type='sticker' items_sold=2 gmv=0.000000001",
            "business_date=2021-02-10 item_type='t-shirt' items_sold=0 gmv=0");
    assertThat(rows(byItemType, "2021-02-25"))
        .containsExactly(
            "business_date=2021-02-25 item_type='mug' items_sold=2 gmv=3000",
            "business_date=2021-02-25 item_type='sticker' items_sold=1 gmv=400",
            "business_date=2021-02-25 item_type='t-shirt' items_sold=0 gmv=0");
    assertThat(rows(byItemType, "2021-02-27"))
        .containsExactly(
            "business_date=2021-02-27 item_type='mug' items_sold=1 gmv=300",
            "business_date=2021-02-27 item_type='sticker' items_sold=2 gmv=700",
            "business_date=2021-02-27 item_type='t-shirt' items_sold=0 gmv=0");
    assertThat(rows(byItemType, "2021-02-28"))
        .containsExactly(
            "business_date=2021-02-28 item_type='mug' items_sold=0 gmv=0",
            "business_date=2021-02-28 item_type='sticker' items_sold=0 gmv=0",
            "business_date=2021-02-28 item_type='t-shirt' items_sold=0 gmv=0");

    // Weeks from Monday: 22-28 Feb has 5 orders of 2 creators (the days' creators add up to 5);
    // the week of 1 March holds the days built so far (1-5 March), 3 creators (days: 5).
    assertThat(marts.get(KPI_WEEKLY).canonicalRows())
        .containsExactly(
            "week_start=2021-02-01 gmv=350 orders=1 aov=350 active_creators=1 items_sold=1",
            "week_start=2021-02-08 gmv=0.000000001 orders=2 aov=0.000000001 active_creators=1 items_sold=2",
            "week_start=2021-02-15 gmv=0 orders=0 aov=NULL active_creators=0 items_sold=0",
            "week_start=2021-02-22 gmv=6900 orders=5 aov=1380 active_creators=2 items_sold=7",
            "week_start=2021-03-01 gmv=6350 orders=6 aov=1058.333333333 active_creators=3 items_sold=7");
    // Months: AOV is the month's GMV / the month's orders (7250.000000001 / 8 = 906.250000000125),
    // not an average of days.
    assertThat(marts.get(KPI_MONTHLY).canonicalRows())
        .containsExactly(
            "month_start=2021-02-01 gmv=7250.000000001 orders=8 aov=906.25 active_creators=3 items_sold=10",
            "month_start=2021-03-01 gmv=6350 orders=6 aov=1058.333333333 active_creators=3 items_sold=7");

    // The hand-written numbers are the glossary's, computed in Java from the same rows.
    GlossaryKpis glossary = new GlossaryKpis(handCheckableLake(), HAND_START, HAND_END);
    assertThat(daily.canonicalRows()).isEqualTo(glossary.daily(HAND_START, HAND_END).canonicalRows());
    assertThat(byItemType.canonicalRows()).isEqualTo(glossary.dailyByItemType(HAND_START, HAND_END).canonicalRows());
  }

  // ------------------------------------------------------------------ the random lake

  /**
   * A seeded random lake: about 220 orders and 300 order items over 2021-12-01 … 2022-01-31
   * (business dates), a third of them in the last or first second of a Tokyo day, all four
   * statuses, quantities 1-3, prices with and without fractions of a yen, some order items whose
   * product is missing from the lake, an item type nothing is made on, two items of one type, a
   * creator without products, and a few orders just outside the window on both sides.
   */
  static FixtureLake randomLake() {
    Random random = new Random(20211201L);
    FixtureLake lake = new FixtureLake();
    for (long c = 1; c <= 12; c++) {
      lake.creator(c, "creator " + c);
    }
    String[] types = {"t-shirt", "tote-bag", "mug", "sticker", "smartphone-case", "hoodie", "poster"};
    for (int i = 0; i < types.length; i++) {
      lake.item(i + 1, types[i], Integer.toString(300 + 100 * i));
    }
    // A second item of an existing type (a long-sleeved t-shirt): one row per type, not per item.
    lake.item(8, "t-shirt", "2800");
    List<Long> productIds = new ArrayList<>();
    for (long p = 1; p <= 30; p++) {
      // Creator 12 has no products; item type 7 (poster) has none.
      long creator = 1 + random.nextInt(11);
      long item = random.nextInt(7) == 6 ? 8 : 1 + random.nextInt(6);
      lake.product(100 + p, creator, item, Integer.toString(500 + 50 * random.nextInt(60)));
      productIds.add(100 + p);
    }
    String[] statuses = {"paid", "paid", "paid", "paid", "paid", "shipped", "shipped", "cancelled", "refunded"};
    LocalTime[] edges = {
      LocalTime.MIDNIGHT, LocalTime.of(0, 0, 0, 1000), LocalTime.of(23, 59, 59), LocalTime.of(23, 59, 59, 999_999_000)
    };
    long days = RANDOM_END.toEpochDay() - RANDOM_START.toEpochDay() + 1;
    long orderId = 1;
    for (; orderId <= 220; orderId++) {
      LocalDate date = RANDOM_START.plusDays(random.nextInt((int) days));
      LocalTime time =
          random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)] : LocalTime.ofSecondOfDay(random.nextInt(86_400));
      FixtureLake.OrderBuilder order =
          lake.order(orderId, 1 + random.nextInt(60), statuses[random.nextInt(statuses.length)], date.atTime(time).atZone(FixtureLake.JST).toInstant());
      int lines = 1 + (random.nextInt(10) < 6 ? 0 : random.nextInt(3));
      for (int l = 0; l < lines; l++) {
        // 1 in 25 order items sells a product the lake has no row for.
        long product = random.nextInt(25) == 0 ? 999 : productIds.get(random.nextInt(productIds.size()));
        String price = (500 + 10 * random.nextInt(300)) + (random.nextInt(5) == 0 ? ".5" : "");
        order.line(product, 1 + random.nextInt(3), price);
      }
    }
    // Just outside the window: the last microsecond before it and the first instant after it.
    lake.orderAtJst(orderId++, "paid", RANDOM_START.minusDays(1), edges[3]).line(101, 1, "999");
    lake.orderAtJst(orderId++, "paid", RANDOM_END.plusDays(1), LocalTime.MIDNIGHT).line(101, 1, "999");
    // Exactly on the window's edges.
    lake.orderAtJst(orderId++, "paid", RANDOM_START, LocalTime.MIDNIGHT).line(102, 2, "1234.5");
    lake.orderAtJst(orderId, "shipped", RANDOM_END, edges[3]).line(103, 3, "777");
    return lake;
  }

  @Test
  void martsAgreeOnARandomLake() throws Exception {
    FixtureLake lake = randomLake();
    assertThat(lake.orderItems()).hasSizeBetween(250, 400);
    // The seed gives the rows the description promises.
    assertThat(lake.orders().stream().map(FixtureLake.Order::status).distinct())
        .containsExactlyInAnyOrder("paid", "shipped", "cancelled", "refunded");
    assertThat(lake.products()).anyMatch(p -> p.itemId() == 8);
    assertThat(lake.orderItems())
        .anyMatch(i -> lake.findProduct(i.productId()).isEmpty() && lake.findOrder(i.orderId()).orElseThrow().countable());
    assertThat(lake.orders())
        .filteredOn(o -> o.orderedAt().atZone(FixtureLake.JST).toLocalTime().equals(LocalTime.MIDNIGHT))
        .hasSizeGreaterThan(5);
    Map<TableRef, TableData> marts = glossaryView(bothEnginesAgree(lake, RANDOM_START, RANDOM_END));
    assertThat(marts.get(KPI_DAILY).size()).isEqualTo(62);
    assertThat(marts.get(KPI_DAILY_BY_ITEM_TYPE).size()).isEqualTo(62 * 7);
  }

  @Test
  void weeklyAndMonthlyRowsEqualTheKpisComputedStraightFromTheLake() throws Exception {
    FixtureLake lake = randomLake();
    Map<TableRef, TableData> duckDb = glossaryView(duckDb(folder, "UTC", lake, RANDOM_START, RANDOM_END));
    GlossaryKpis glossary = new GlossaryKpis(lake, RANDOM_START, RANDOM_END);

    TableData weekly = glossary.weekly(RANDOM_START, RANDOM_END);
    TableData monthly = glossary.monthly(RANDOM_START, RANDOM_END);
    assertThat(duckDb.get(KPI_WEEKLY).canonicalRows()).isEqualTo(weekly.canonicalRows());
    assertThat(duckDb.get(KPI_MONTHLY).canonicalRows()).isEqualTo(monthly.canonicalRows());

    // The lake tells a recount from a sum of days: in every month, and in most weeks, some
    // creator sells on more than one day.
    assertThat(weekly.size()).isEqualTo(10);
    assertThat(monthly.size()).isEqualTo(2);
    for (Map<String, Object> month : monthly.rowMaps()) {
      LocalDate start = (LocalDate) month.get("month_start");
      assertThat((Long) month.get("active_creators"))
          .isLessThan(glossary.sumOfDailyActiveCreators(start, start.plusMonths(1).minusDays(1)));
    }
    assertThat(weekly.rowMaps().stream()
            .filter(w -> (Long) w.get("active_creators")
                < glossary.sumOfDailyActiveCreators((LocalDate) w.get("week_start"), ((LocalDate) w.get("week_start")).plusDays(6))))
        .hasSizeGreaterThan(5);
    // ... and AOVs that do not end within 9 decimals.
    assertThat(monthly.rowMaps().stream().map(m -> (BigDecimal) m.get("aov")))
        .anyMatch(aov -> aov.stripTrailingZeros().scale() == 9);
  }

  @Test
  void dailyRowsEqualTheKpisComputedStraightFromTheLake() throws Exception {
    FixtureLake lake = randomLake();
    Map<TableRef, TableData> duckDb = glossaryView(duckDb(folder, "UTC", lake, RANDOM_START, RANDOM_END));
    GlossaryKpis glossary = new GlossaryKpis(lake, RANDOM_START, RANDOM_END);

    assertThat(duckDb.get(KPI_DAILY).canonicalRows()).isEqualTo(glossary.daily(RANDOM_START, RANDOM_END).canonicalRows());
    assertThat(duckDb.get(KPI_DAILY_BY_ITEM_TYPE).canonicalRows())
        .isEqualTo(glossary.dailyByItemType(RANDOM_START, RANDOM_END).canonicalRows());
  }

  @Test
  void duckDbMartsDoNotDependOnTheSessionTimeZone() throws Exception {
    FixtureLake lake = randomLake();
    Map<TableRef, TableData> utc = duckDb(Files.createDirectory(folder.resolve("utc")), "UTC", lake, RANDOM_START, RANDOM_END);
    for (String zone : List.of("Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati")) {
      Map<TableRef, TableData> other =
          duckDb(Files.createDirectory(folder.resolve(zone.replace('/', '_'))), zone, lake, RANDOM_START, RANDOM_END);
      for (TableRef table : utc.keySet()) {
        assertThat(other.get(table).canonicalRows()).as("%s with TimeZone %s", table, zone).isEqualTo(utc.get(table).canonicalRows());
      }
    }
  }

  // ------------------------------------------------------------------ harness

  /**
   * Builds every table of the plan on both engines from the same lake and window, checks that
   * each warehouse table and mart holds the same rows on both, and returns the marts.
   */
  private Map<TableRef, TableData> bothEnginesAgree(FixtureLake lake, LocalDate start, LocalDate end) throws Exception {
    Map<TableRef, TableData> duckDb = duckDb(folder, "UTC", lake, start, end);
    Map<TableRef, TableData> zetaSql = new ZetaSqlBuildRunner(BIGQUERY, BIGQUERY_PLAN).run(lake.tables(), start, end);

    assertThat(duckDb.keySet()).as("tables built").containsExactlyElementsOf(zetaSql.keySet());
    List<String> disagreements = new ArrayList<>();
    for (TableRef table : zetaSql.keySet()) {
      TableData expected = zetaSql.get(table);
      TableData actual = duckDb.get(table);
      if (!actual.columns().equals(expected.columns())) {
        disagreements.add(table + ": DuckDB has columns " + actual.columns() + ", BigQuery " + expected.columns());
        continue;
      }
      List<String> onlyBigQuery = minus(expected.canonicalRows(), actual.canonicalRows());
      List<String> onlyDuckDb = minus(actual.canonicalRows(), expected.canonicalRows());
      if (!onlyBigQuery.isEmpty() || !onlyDuckDb.isEmpty()) {
        disagreements.add(
            table + " differs:\n  only on BigQuery (ZetaSQL):\n    " + String.join("\n    ", onlyBigQuery)
                + "\n  only on DuckDB:\n    " + String.join("\n    ", onlyDuckDb));
      }
    }
    assertThat(disagreements).as("tables where DuckDB and BigQuery (ZetaSQL) disagree").isEmpty();
    for (TableRef table : List.of(KPI_DAILY, KPI_DAILY_BY_ITEM_TYPE, KPI_WEEKLY, KPI_MONTHLY)) {
      assertThat(duckDb.get(table).size()).as("rows of %s", table).isPositive();
    }
    return duckDb.entrySet().stream()
        .filter(e -> e.getKey().layer() == Layer.MART)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static Map<TableRef, TableData> duckDb(Path folder, String timeZone, FixtureLake lake, LocalDate start, LocalDate end)
      throws Exception {
    return DuckDbBuildRunner.run(folder, timeZone, lake.tables(), DUCKDB_PLAN, start, end, FixtureLake::migrate);
  }

  /** The elements of a not in b, as multisets. */
  private static List<String> minus(List<String> a, List<String> b) {
    List<String> rest = new ArrayList<>(a);
    b.forEach(rest::remove);
    return rest;
  }

  /** The one row of a daily mart on the date, as canonical text. */
  private static String row(TableData mart, String date) {
    List<String> rows = rows(mart, date);
    assertThat(rows).as("rows of %s", date).hasSize(1);
    return rows.get(0);
  }

  /**
   * The glossary's terms of each mart, whatever else the catalog adds to it: a KPI an analyst
   * adds is compared between the engines (above), and does not change these hand-checked rows.
   */
  private static final Map<String, List<String>> GLOSSARY_COLUMNS =
      Map.of(
          "kpi_daily", List.of("business_date", "gmv", "orders", "aov", "active_creators", "active_creators_28d", "items_sold"),
          "kpi_daily_by_item_type", List.of("business_date", "item_type", "items_sold", "gmv"),
          "kpi_weekly", List.of("week_start", "gmv", "orders", "aov", "active_creators", "items_sold"),
          "kpi_monthly", List.of("month_start", "gmv", "orders", "aov", "active_creators", "items_sold"));

  /** Each mart with only the glossary's columns, so a KPI an analyst adds changes no hand-checked row. */
  static Map<TableRef, TableData> glossaryView(Map<TableRef, TableData> tables) {
    Map<TableRef, TableData> out = new java.util.LinkedHashMap<>();
    tables.forEach((table, data) -> out.put(table, GLOSSARY_COLUMNS.containsKey(table.name()) ? data.select(GLOSSARY_COLUMNS.get(table.name())) : data));
    return out;
  }

  /** The rows of a daily mart on the date, as canonical text, sorted. */
  private static List<String> rows(TableData mart, String date) {
    LocalDate day = LocalDate.parse(date);
    int column = mart.columnIndex("business_date");
    return mart.rows().stream()
        .filter(r -> day.equals(r.get(column)))
        .map(mart::canonicalRow)
        .sorted()
        .collect(Collectors.toList());
  }
}
