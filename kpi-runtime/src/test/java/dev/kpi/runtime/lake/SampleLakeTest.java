package dev.kpi.runtime.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.runtime.KpiException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample lake: deterministic, realistic, and typed exactly as the lake contract says. */
class SampleLakeTest {
  private static final LocalDate FROM = LocalDate.of(2025, 10, 1);
  private static final LocalDate TO = LocalDate.of(2025, 11, 29);
  private static final long DAYS = 60;
  private static final List<String> FILES =
      List.of("creators.parquet", "items.parquet", "products.parquet", "orders.parquet", "order_items.parquet", "manifest.properties");

  @TempDir static Path shared;

  private static final SampleLake LAKE = SampleLake.of(FROM, TO, 0.2, SampleLake.DEFAULT_SEED);
  private static Path lake;
  private static Map<String, Long> counts;
  private static Connection connection;

  @BeforeAll
  static void writeTheLake() throws SQLException {
    lake = shared.resolve("lake");
    counts = LAKE.writeTo(lake);
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      for (String table : List.of("creators", "items", "products", "orders", "order_items")) {
        statement.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + lake.resolve(table + ".parquet") + "')");
      }
    }
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @Test
  void writesTheFilesAndNothingElse() throws IOException {
    try (Stream<Path> files = Files.list(lake)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(FILES);
    }
    try (Stream<Path> siblings = Files.list(shared)) {
      assertThat(siblings.map(f -> f.getFileName().toString())).containsExactly("lake");
    }
  }

  @Test
  void theSameSettingsGiveByteIdenticalFiles(@TempDir Path other) throws IOException {
    Path again = other.resolve("again");
    assertThat(SampleLake.of(FROM, TO, 0.2, SampleLake.DEFAULT_SEED).writeTo(again)).isEqualTo(counts);
    for (String file : FILES) {
      assertThat(Files.mismatch(lake.resolve(file), again.resolve(file))).as(file).isEqualTo(-1L);
    }
  }

  @Test
  void anotherSeedGivesOtherData(@TempDir Path other) throws IOException {
    Path seeded = other.resolve("seeded");
    SampleLake.of(FROM, TO, 0.2, 7L).writeTo(seeded);
    assertThat(Files.mismatch(lake.resolve("orders.parquet"), seeded.resolve("orders.parquet"))).isNotEqualTo(-1L);
  }

  @Test
  void rowCountsAreInTheExpectedRange() throws SQLException {
    assertThat(counts).containsOnlyKeys("creators", "items", "products", "orders", "order_items");
    assertThat(new ArrayList<>(counts.keySet())).containsExactly("creators", "items", "products", "orders", "order_items");
    for (Map.Entry<String, Long> count : counts.entrySet()) {
      assertThat(single("SELECT count(*) FROM " + count.getKey())).as(count.getKey()).isEqualTo(count.getValue());
    }
    assertThat(counts.get("items")).isEqualTo(41L);
    assertThat(counts.get("creators")).isEqualTo(80L);
    assertThat(counts.get("products")).isBetween(200L, 3_000L);
    // 60 a day at 0.2 on an ordinary weekday, more on weekends.
    assertThat(counts.get("orders")).isBetween(DAYS * 60 * 9 / 10, DAYS * 60 * 3 / 2);
    assertThat(counts.get("order_items")).isBetween(counts.get("orders") * 14 / 10, counts.get("orders") * 2);
  }

  @Test
  void idsAreSequentialAndRowsAreInTimeOrder() throws SQLException {
    for (String[] table :
        new String[][] {
          {"creators", "creator_id", "created_at"},
          {"items", "item_id", "item_id"},
          {"products", "product_id", "created_at"},
          {"orders", "order_id", "ordered_at"},
          {"order_items", "order_item_id", "created_at"}
        }) {
      String name = table[0];
      String id = table[1];
      String time = table[2];
      // In file order: ids are 1, 2, 3, ... and the time never goes back.
      String file = "read_parquet('" + lake.resolve(name + ".parquet") + "', file_row_number = true)";
      assertThat(
              single(
                  "SELECT count(*) FROM (SELECT " + id + ", " + time + ", file_row_number + 1 AS n, lag(" + time
                      + ") OVER (ORDER BY file_row_number) AS previous FROM " + file + ") WHERE " + id + " <> n OR " + time + " < previous"))
          .as(name)
          .isZero();
    }
  }

  @Test
  void thereAreExactly41ItemTypesWithRealisticPrices() throws SQLException {
    assertThat(single("SELECT count(DISTINCT item_type) FROM items")).isEqualTo(41L);
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT item_type, base_price FROM items ORDER BY item_id")) {
      while (rows.next()) {
        prices.put(rows.getString(1), rows.getBigDecimal(2));
      }
    }
    assertThat(prices.get("sticker")).isEqualByComparingTo("300");
    assertThat(prices.get("mug")).isEqualByComparingTo("1500");
    assertThat(prices.get("t-shirt")).isEqualByComparingTo("2500");
    assertThat(prices.get("hoodie")).isEqualByComparingTo("5000");
    assertThat(prices.keySet()).contains("tote-bag", "smartphone-case", "acrylic-keychain", "sacoche");
    assertThat(prices.values()).allSatisfy(p -> assertThat(p).isBetween(new BigDecimal("100"), new BigDecimal("10000")));
  }

  @Test
  void productPricesAreTheBasePriceAndAMarginInTensOfYen() throws SQLException {
    assertThat(
            single(
                "SELECT count(*) FROM products p JOIN items i USING (item_id)"
                    + " WHERE p.price - i.base_price NOT BETWEEN 100 AND 3000 OR (p.price - i.base_price) % 10 <> 0"))
        .isZero();
    assertThat(single("SELECT count(*) FROM products p LEFT JOIN creators c USING (creator_id) WHERE c.creator_id IS NULL")).isZero();
    // Created after their creator signed up, and everything before the lake's first business date.
    assertThat(single("SELECT count(*) FROM products p JOIN creators c USING (creator_id) WHERE p.created_at <= c.created_at")).isZero();
    assertThat(single("SELECT count(*) FROM products WHERE created_at >= TIMESTAMPTZ '2025-09-30 15:00:00+00'")).isZero();
    assertThat(single("SELECT count(*) FROM creators WHERE created_at < TIMESTAMPTZ '2023-09-29 15:00:00+00'")).isZero();
    // Most creators have a few products, a long tail has many.
    long few = single("SELECT count(*) FROM (SELECT creator_id, count(*) AS n FROM products GROUP BY ALL) WHERE n <= 5");
    assertThat(few).isGreaterThan(counts.get("creators") / 2);
    assertThat(single("SELECT max(n) FROM (SELECT creator_id, count(*) AS n FROM products GROUP BY ALL)")).isGreaterThanOrEqualTo(30L);
  }

  @Test
  void orderItemsAreWrittenWithTheirOrderAtTheProductsPrice() throws SQLException {
    assertThat(single("SELECT count(*) FROM order_items oi LEFT JOIN orders o USING (order_id) WHERE o.order_id IS NULL")).isZero();
    assertThat(single("SELECT count(*) FROM order_items oi JOIN orders o USING (order_id) WHERE oi.created_at <> o.ordered_at")).isZero();
    assertThat(single("SELECT count(*) FROM order_items oi JOIN products p USING (product_id) WHERE oi.unit_price <> p.price")).isZero();
    assertThat(single("SELECT count(*) FROM orders WHERE order_id NOT IN (SELECT order_id FROM order_items)")).isZero();
    assertThat(single("SELECT count(*) FROM order_items WHERE quantity NOT BETWEEN 1 AND 3")).isZero();
    double singles = fraction("SELECT avg(CASE WHEN n = 1 THEN 1 ELSE 0 END) FROM (SELECT order_id, count(*) AS n FROM order_items GROUP BY ALL)");
    assertThat(singles).isBetween(0.5, 0.7);
    double ones = fraction("SELECT avg(CASE WHEN quantity = 1 THEN 1 ELSE 0 END) FROM order_items");
    assertThat(ones).isBetween(0.7, 0.9);
    assertThat(single("SELECT count(*) FROM orders WHERE buyer_id NOT BETWEEN 1 AND 4000")).isZero();
  }

  @Test
  void aboutFivePercentAreCancelledOrRefundedAndRecentOrdersAreMostlyPaid() throws SQLException {
    double gone = fraction("SELECT avg(CASE WHEN status IN ('cancelled', 'refunded') THEN 1 ELSE 0 END) FROM orders");
    assertThat(gone).isBetween(0.02, 0.09);
    assertThat(single("SELECT count(*) FROM orders WHERE status NOT IN ('paid', 'shipped', 'cancelled', 'refunded')")).isZero();
    // Business dates up to TO - 3 are all settled; the last three are mostly not shipped yet.
    assertThat(single("SELECT count(*) FROM orders WHERE status = 'paid' AND " + businessDate("ordered_at") + " < DATE '2025-11-27'")).isZero();
    double paid = fraction("SELECT avg(CASE WHEN status = 'paid' THEN 1 ELSE 0 END) FROM orders WHERE " + businessDate("ordered_at") + " >= DATE '2025-11-27'");
    assertThat(paid).isGreaterThan(0.5);
    // Old orders get cancelled and refunded too: the lake shows statuses as they are now.
    assertThat(single("SELECT count(*) FROM orders WHERE status = 'refunded' AND " + businessDate("ordered_at") + " < DATE '2025-10-15'")).isPositive();
    assertThat(single("SELECT count(*) FROM orders WHERE status = 'cancelled' AND " + businessDate("ordered_at") + " < DATE '2025-10-15'")).isPositive();
  }

  @Test
  void weekendsHaveMoreOrdersThanWeekdays() throws SQLException {
    double weekend = fraction(dailyAverage("isodow(d) IN (6, 7)"));
    double weekday = fraction(dailyAverage("isodow(d) BETWEEN 2 AND 5"));
    double monday = fraction(dailyAverage("isodow(d) = 1"));
    assertThat(weekend).isGreaterThan(weekday * 1.15);
    assertThat(monday).isLessThan(weekday);
    assertThat(weekday).isBetween(54.0, 70.0);
  }

  @Test
  void everyBusinessDateHasOrdersInItsFirstAndLastTenMinutes() throws SQLException {
    String perDate =
        "SELECT d, count(*) FILTER (WHERE t < TIME '00:10:00') AS first, count(*) FILTER (WHERE t >= TIME '23:50:00') AS last"
            + " FROM (SELECT " + businessDate("ordered_at") + " AS d, CAST(timezone('Asia/Tokyo', ordered_at) AS TIME) AS t FROM orders) GROUP BY d";
    assertThat(single("SELECT count(*) FROM (" + perDate + ")")).isEqualTo(DAYS);
    assertThat(single("SELECT count(*) FROM (" + perDate + ") WHERE first = 0 OR last = 0")).isZero();
    assertThat(single("SELECT CAST(min(" + businessDate("ordered_at") + ") = DATE '2025-10-01' AND max(" + businessDate("ordered_at") + ") = DATE '2025-11-29' AS BIGINT) FROM orders"))
        .isEqualTo(1L);
    // Busy evenings: 20-23h JST sells more than 3-6h JST.
    long evening = single("SELECT count(*) FROM orders WHERE hour(timezone('Asia/Tokyo', ordered_at)) BETWEEN 20 AND 22");
    long night = single("SELECT count(*) FROM orders WHERE hour(timezone('Asia/Tokyo', ordered_at)) BETWEEN 3 AND 5");
    assertThat(evening).isGreaterThan(night * 4);
  }

  @Test
  void decemberSellsMoreThanOctober(@TempDir Path other) throws SQLException {
    Path year = other.resolve("year");
    Map<String, Long> rows = SampleLake.of(LocalDate.of(2025, 10, 1), LocalDate.of(2025, 12, 31), 0.05, 3L).writeTo(year);
    assertThat(rows.get("orders")).isPositive();
    String orders = "read_parquet('" + year.resolve("orders.parquet") + "')";
    long october = single("SELECT count(*) FROM " + orders + " WHERE month(timezone('Asia/Tokyo', ordered_at)) = 10");
    long december = single("SELECT count(*) FROM " + orders + " WHERE month(timezone('Asia/Tokyo', ordered_at)) = 12");
    assertThat((double) december / october).isBetween(1.25, 1.7);
  }

  @Test
  void theColumnTypesAreExactlyTheLakeContracts() throws SQLException {
    String ts = "TIMESTAMP WITH TIME ZONE";
    String money = "DECIMAL(38,9)";
    assertThat(describe("creators")).containsExactly(Map.entry("creator_id", "BIGINT"), Map.entry("name", "VARCHAR"), Map.entry("created_at", ts));
    assertThat(describe("items")).containsExactly(Map.entry("item_id", "BIGINT"), Map.entry("item_type", "VARCHAR"), Map.entry("base_price", money));
    assertThat(describe("products"))
        .containsExactly(
            Map.entry("product_id", "BIGINT"),
            Map.entry("creator_id", "BIGINT"),
            Map.entry("item_id", "BIGINT"),
            Map.entry("price", money),
            Map.entry("created_at", ts));
    assertThat(describe("orders"))
        .containsExactly(Map.entry("order_id", "BIGINT"), Map.entry("buyer_id", "BIGINT"), Map.entry("status", "VARCHAR"), Map.entry("ordered_at", ts));
    assertThat(describe("order_items"))
        .containsExactly(
            Map.entry("order_item_id", "BIGINT"),
            Map.entry("order_id", "BIGINT"),
            Map.entry("product_id", "BIGINT"),
            Map.entry("quantity", "BIGINT"),
            Map.entry("unit_price", money),
            Map.entry("created_at", ts));
  }

  @Test
  void theManifestRoundTrips(@TempDir Path empty) throws IOException {
    assertThat(SampleLake.readManifest(lake)).contains(LAKE);
    assertThat(SampleLake.readManifest(empty)).isEmpty();
    String manifest = Files.readString(lake.resolve("manifest.properties"));
    assertThat(manifest)
        .contains("from=2025-10-01", "to=2025-11-29", "scale=0.2", "seed=" + SampleLake.DEFAULT_SEED)
        .contains("rows.orders=" + counts.get("orders"), "rows.order_items=" + counts.get("order_items"));
    SampleLake read = SampleLake.readManifest(lake).orElseThrow();
    assertThat(read.from()).isEqualTo(FROM);
    assertThat(read.to()).isEqualTo(TO);
    assertThat(read.scale()).isEqualTo(0.2);
    assertThat(read.seed()).isEqualTo(SampleLake.DEFAULT_SEED);
  }

  @Test
  void anEarlierSampleLakeIsReplacedButOtherFoldersAreLeftAlone(@TempDir Path other) throws IOException {
    Path dir = other.resolve("lake");
    SampleLake.of(FROM, FROM.plusDays(1), 0.05, 1L).writeTo(dir);
    SampleLake second = SampleLake.of(FROM, FROM.plusDays(2), 0.05, 2L);
    second.writeTo(dir);
    assertThat(SampleLake.readManifest(dir)).contains(second);

    Path foreign = other.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("notes.txt"), "keep me");
    assertThatThrownBy(() -> second.writeTo(foreign)).isInstanceOf(KpiException.class).hasMessageContaining("notes.txt");
    assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("keep me");
    try (Stream<Path> files = Files.list(other)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("lake", "foreign");
    }
  }

  @Test
  void invalidArgumentsAreRejected() {
    LocalDate day = LocalDate.of(2025, 1, 1);
    assertThatThrownBy(() -> SampleLake.of(day, day.minusDays(1), 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from")
        .hasMessageContaining("to");
    assertThatThrownBy(() -> SampleLake.of(null, day, 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
    assertThatThrownBy(() -> SampleLake.of(day, null, 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to");
    for (double scale : new double[] {0, -1, 1000.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> SampleLake.of(day, day, scale, 1)).as("scale " + scale).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
    }
    assertThat(SampleLake.of(day, day, 1000, 1).scale()).isEqualTo(1000);
    assertThat(SampleLake.of(day, day, 0.001, 1).from()).isEqualTo(day);
  }

  private static String businessDate(String column) {
    return "CAST(timezone('Asia/Tokyo', " + column + ") AS DATE)";
  }

  private static String dailyAverage(String condition) {
    return "SELECT avg(n) FROM (SELECT " + businessDate("ordered_at") + " AS d, count(*) AS n FROM orders GROUP BY d) WHERE " + condition;
  }

  private static Map<String, String> describe(String table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + lake.resolve(table + ".parquet") + "')")) {
      while (rows.next()) {
        columns.put(rows.getString("column_name"), rows.getString("column_type"));
      }
    }
    return columns;
  }

  private static long single(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static double fraction(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getDouble(1);
    }
  }
}
