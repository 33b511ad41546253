package dev.kpi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The baseline of the backfill benchmark: the shop's four marts for a range of dates, written by
 * hand the way a DuckDB user would, straight from the lake's Parquet files, in one connection:
 * the countable order lines once into a temporary table, then one plain {@code GROUP BY} per
 * mart, and for "active creators, 28 days" a {@code count(DISTINCT creator_id) OVER (ORDER BY
 * business_date RANGE BETWEEN INTERVAL 27 DAY PRECEDING AND CURRENT ROW)} over the distinct
 * (date, creator) pairs — of the ways a DuckDB user would write it, the fastest at a year of
 * data (see {@link RollingBench}). The tables get the kpi marts' names and columns, so
 * {@link #compare} can check that both give the same numbers.
 *
 * <p>Run alone (as the benchmark does, in its own JVM like {@code kpi backfill}):
 *
 * <pre>java -cp kpi-bench/target/kpi-bench.jar dev.kpi.bench.HandWrittenMarts --lake DIR --db FILE --from D --to D</pre>
 */
public final class HandWrittenMarts {
  /** The marts, with their key columns and value columns. */
  static final List<String[]> MARTS =
      List.of(
          new String[] {"kpi_daily", "business_date", "gmv,orders,aov,active_creators,active_creators_28d,items_sold"},
          new String[] {"kpi_daily_by_item_type", "business_date,item_type", "items_sold,gmv"},
          new String[] {"kpi_weekly", "week_start", "gmv,orders,aov,active_creators,items_sold"},
          new String[] {"kpi_monthly", "month_start", "gmv,orders,aov,active_creators,items_sold"});

  private HandWrittenMarts() {}

  /** The statements, in order: name → SQL. */
  static Map<String, String> statements(Path lake, LocalDate from, LocalDate to) {
    LocalDate weekFrom = from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate weekTo = to.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate monthFrom = from.withDayOfMonth(1);
    LocalDate monthTo = to.withDayOfMonth(1);
    // Lines from the first day any mart row needs: the 27 days before a 28-day window, the
    // start of the first week and month.
    LocalDate linesFrom = min(from.minusDays(27), min(weekFrom, monthFrom));
    String days =
        "days AS (\n"
            + "  SELECT CAST(day AS DATE) AS business_date\n"
            + "  FROM generate_series(TIMESTAMP " + quote(from) + ", TIMESTAMP " + quote(to) + ", INTERVAL 1 DAY) AS t(day)\n"
            + ")";
    Map<String, String> sql = new LinkedHashMap<>();
    sql.put(
        "lines",
        "CREATE TEMP TABLE lines AS\n"
            + "SELECT\n"
            + "  CAST(timezone('Asia/Tokyo', o.ordered_at) AS DATE) AS business_date,\n"
            + "  oi.order_id,\n"
            + "  oi.quantity,\n"
            + "  oi.quantity * oi.unit_price AS amount,\n"
            + "  p.creator_id,\n"
            + "  i.item_type\n"
            + "FROM read_parquet(" + file(lake, "order_items") + ") AS oi\n"
            + "JOIN read_parquet(" + file(lake, "orders") + ") AS o USING (order_id)\n"
            + "LEFT JOIN read_parquet(" + file(lake, "products") + ") AS p USING (product_id)\n"
            + "LEFT JOIN read_parquet(" + file(lake, "items") + ") AS i ON i.item_id = p.item_id\n"
            + "WHERE o.status IN ('paid', 'shipped')\n"
            + "  AND CAST(timezone('Asia/Tokyo', o.ordered_at) AS DATE) BETWEEN DATE " + quote(linesFrom) + " AND DATE " + quote(to));
    sql.put(
        "kpi_daily",
        "CREATE TABLE kpi_daily AS\n"
            + "WITH " + days + ",\n"
            + "daily AS (\n"
            + "  SELECT business_date, sum(amount) AS gmv, count(DISTINCT order_id) AS orders,\n"
            + "         count(DISTINCT creator_id) AS active_creators, sum(quantity) AS items_sold\n"
            + "  FROM lines\n"
            + "  GROUP BY business_date\n"
            + "),\n"
            + "creator_days AS (\n"
            + "  SELECT DISTINCT business_date, creator_id FROM lines WHERE creator_id IS NOT NULL\n"
            + "),\n"
            // Each date once (with no creator) too, so a date without sales still gets its count.
            + "active_28d AS (\n"
            + "  SELECT DISTINCT business_date,\n"
            + "         count(DISTINCT creator_id) OVER (ORDER BY business_date RANGE BETWEEN INTERVAL 27 DAY PRECEDING AND CURRENT ROW) AS active_creators_28d\n"
            + "  FROM (SELECT business_date, creator_id FROM creator_days UNION ALL SELECT business_date, NULL FROM days)\n"
            + ")\n"
            + "SELECT\n"
            + "  business_date,\n"
            + "  coalesce(gmv, 0) AS gmv,\n"
            + "  coalesce(orders, 0) AS orders,\n"
            + "  gmv / orders AS aov,\n"
            + "  coalesce(active_creators, 0) AS active_creators,\n"
            + "  coalesce(active_creators_28d, 0) AS active_creators_28d,\n"
            + "  coalesce(items_sold, 0) AS items_sold\n"
            + "FROM days\n"
            + "LEFT JOIN daily USING (business_date)\n"
            + "LEFT JOIN active_28d USING (business_date)\n"
            + "ORDER BY business_date");
    sql.put(
        "kpi_daily_by_item_type",
        "CREATE TABLE kpi_daily_by_item_type AS\n"
            + "WITH " + days + ",\n"
            + "item_types AS (\n"
            + "  SELECT DISTINCT item_type FROM read_parquet(" + file(lake, "items") + ") WHERE item_type IS NOT NULL\n"
            + "),\n"
            + "sold AS (\n"
            + "  SELECT business_date, item_type, sum(quantity) AS items_sold, sum(amount) AS gmv\n"
            + "  FROM lines\n"
            + "  GROUP BY business_date, item_type\n"
            + ")\n"
            + "SELECT\n"
            + "  days.business_date,\n"
            + "  item_types.item_type,\n"
            + "  coalesce(sold.items_sold, 0) AS items_sold,\n"
            + "  coalesce(sold.gmv, 0) AS gmv\n"
            + "FROM days\n"
            + "CROSS JOIN item_types\n"
            + "LEFT JOIN sold ON sold.business_date = days.business_date AND sold.item_type = item_types.item_type\n"
            + "ORDER BY 1, 2");
    sql.put("kpi_weekly", periodMart("kpi_weekly", "week_start", "week", "INTERVAL 7 DAY", weekFrom, weekTo));
    sql.put("kpi_monthly", periodMart("kpi_monthly", "month_start", "month", "INTERVAL 1 MONTH", monthFrom, monthTo));
    return sql;
  }

  private static String periodMart(String table, String column, String part, String step, LocalDate first, LocalDate last) {
    return "CREATE TABLE " + table + " AS\n"
        + "WITH periods AS (\n"
        + "  SELECT CAST(p AS DATE) AS " + column + "\n"
        + "  FROM generate_series(TIMESTAMP " + quote(first) + ", TIMESTAMP " + quote(last) + ", " + step + ") AS t(p)\n"
        + "),\n"
        + "totals AS (\n"
        + "  SELECT CAST(date_trunc('" + part + "', business_date) AS DATE) AS " + column + ",\n"
        + "         sum(amount) AS gmv, count(DISTINCT order_id) AS orders,\n"
        + "         count(DISTINCT creator_id) AS active_creators, sum(quantity) AS items_sold\n"
        + "  FROM lines\n"
        + "  GROUP BY 1\n"
        + ")\n"
        + "SELECT\n"
        + "  " + column + ",\n"
        + "  coalesce(gmv, 0) AS gmv,\n"
        + "  coalesce(orders, 0) AS orders,\n"
        + "  gmv / orders AS aov,\n"
        + "  coalesce(active_creators, 0) AS active_creators,\n"
        + "  coalesce(items_sold, 0) AS items_sold\n"
        + "FROM periods\n"
        + "LEFT JOIN totals USING (" + column + ")\n"
        + "ORDER BY 1";
  }

  /** Runs the statements on the connection; returns each one's milliseconds. */
  static Map<String, Double> build(Connection connection, Path lake, LocalDate from, LocalDate to) throws SQLException {
    Map<String, Double> timings = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> step : statements(lake, from, to).entrySet()) {
        long start = System.nanoTime();
        statement.execute(step.getValue());
        timings.put(step.getKey(), (System.nanoTime() - start) / 1e6);
      }
    }
    return timings;
  }

  /** What {@link #compare} found for one mart. */
  static final class Comparison {
    final String mart;
    final long rows;
    final long mismatches;
    final List<String> examples;

    Comparison(String mart, long rows, long mismatches, List<String> examples) {
      this.mart = mart;
      this.rows = rows;
      this.mismatches = mismatches;
      this.examples = examples;
    }
  }

  /**
   * Compares every row of the hand-written marts (tables of {@code connection}'s database) with
   * the kpi marts of the range in the warehouse file {@code kpiDatabase}: the same keys, and the
   * same values — exactly for sums and counts, within 10⁻⁶ for AOV (kpi's is an exact NUMERIC
   * quotient to 9 decimals, DuckDB's DECIMAL ÷ BIGINT a DOUBLE).
   */
  static List<Comparison> compare(Connection connection, Path kpiDatabase, LocalDate from, LocalDate to) throws SQLException {
    List<Comparison> out = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.execute("ATTACH " + quote(kpiDatabase.toAbsolutePath().toString()) + " AS kpi_warehouse (READ_ONLY)");
      try {
        for (String[] mart : MARTS) {
          String table = mart[0];
          String[] keys = mart[1].split(",");
          String[] values = mart[2].split(",");
          String dateColumn = keys[0];
          String range = rangeOf(dateColumn, from, to);
          List<String> on = new ArrayList<>();
          for (String key : keys) {
            on.add("h." + key + " = k." + key);
          }
          List<String> same = new ArrayList<>();
          same.add("h." + keys[0] + " IS NOT NULL AND k." + keys[0] + " IS NOT NULL");
          for (String value : values) {
            if (value.equals("aov")) {
              same.add("((h.aov IS NULL AND k.aov IS NULL) OR abs(CAST(h.aov AS DOUBLE) - CAST(k.aov AS DOUBLE)) < 1e-6)");
            } else {
              same.add("h." + value + " IS NOT DISTINCT FROM k." + value);
            }
          }
          String joined =
              "FROM (SELECT * FROM " + table + " WHERE " + range + ") AS h\n"
                  + "FULL OUTER JOIN (SELECT * FROM kpi_warehouse.mart." + table + " WHERE " + range + ") AS k\n"
                  + "  ON " + String.join(" AND ", on);
          String differs = "NOT (" + String.join(" AND ", same) + ")";
          long rows;
          long mismatches;
          try (ResultSet rs = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE " + differs + ") " + joined)) {
            rs.next();
            rows = rs.getLong(1);
            mismatches = rs.getLong(2);
          }
          List<String> examples = new ArrayList<>();
          if (mismatches > 0) {
            try (ResultSet rs = statement.executeQuery("SELECT h.*, k.* " + joined + " WHERE " + differs + " LIMIT 5")) {
              int columns = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                  row.append(c == 1 ? "hand: " : c == columns / 2 + 1 ? " | kpi: " : ", ").append(rs.getString(c));
                }
                examples.add(row.toString());
              }
            }
          }
          out.add(new Comparison(table, rows, mismatches, examples));
        }
      } finally {
        statement.execute("DETACH kpi_warehouse");
      }
    }
    return out;
  }

  private static String rangeOf(String dateColumn, LocalDate from, LocalDate to) {
    switch (dateColumn) {
      case "week_start":
        return dateColumn + " BETWEEN DATE " + quote(from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))
            + " AND DATE " + quote(to.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
      case "month_start":
        return dateColumn + " BETWEEN DATE " + quote(from.withDayOfMonth(1)) + " AND DATE " + quote(to.withDayOfMonth(1));
      default:
        return dateColumn + " BETWEEN DATE " + quote(from) + " AND DATE " + quote(to);
    }
  }

  /**
   * {@code --lake DIR --db FILE --from YYYY-MM-DD --to YYYY-MM-DD}: builds the marts into a new
   * DuckDB file (an earlier one is deleted first) and prints {@code timing <step> <ms>} lines.
   */
  public static void main(String[] args) throws SQLException, IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    Path lake = Paths.get(required(options, "--lake"));
    Path db = Paths.get(required(options, "--db")).toAbsolutePath();
    LocalDate from = LocalDate.parse(required(options, "--from"));
    LocalDate to = LocalDate.parse(required(options, "--to"));
    Files.deleteIfExists(db);
    Files.deleteIfExists(Paths.get(db + ".wal"));
    long start = System.nanoTime();
    Map<String, Double> timings;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db)) {
      timings = build(connection, lake, from, to);
    }
    double total = (System.nanoTime() - start) / 1e6;
    timings.forEach((step, ms) -> System.out.println(String.format(Locale.ROOT, "timing %s %.1f", step, ms)));
    System.out.println(String.format(Locale.ROOT, "timing total %.1f", total));
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing " + name + "; usage: --lake DIR --db FILE --from YYYY-MM-DD --to YYYY-MM-DD");
    }
    return value;
  }

  private static String file(Path lake, String table) {
    return quote(lake.resolve(table + ".parquet").toAbsolutePath().toString());
  }

  static String quote(Object value) {
    return "'" + value.toString().replace("'", "''") + "'";
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
