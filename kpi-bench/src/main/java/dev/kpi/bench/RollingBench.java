package dev.kpi.bench;

import dev.kpi.definitions.shop.Kpis;
import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Mart;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.DuckDbDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * "Active creators, 28 days" for every date of a range, on DuckDB, from the warehouse's
 * fct_order_items: the compiler's formulation (each creator's spans of activity, +1/−1 changes,
 * a running sum) against the obvious range self-join and two other ways a DuckDB user might
 * write it. Every formulation must give the same count on every date.
 */
final class RollingBench {
  /** One formulation: its name, its SQL ($1 = first date, $2 = last date). */
  static final class Formulation {
    final String name;
    final String sql;

    Formulation(String name, String sql) {
      this.name = name;
      this.sql = sql;
    }
  }

  /** The timings of one formulation over one range. */
  static final class Result {
    final String name;
    final Stats millis;
    final boolean sameAsCompiler;
    /** The most cores other programs kept busy during one of its timed queries; −1 when all took under a second (too short to tell). */
    final double otherCores;

    Result(String name, Stats millis, boolean sameAsCompiler, double otherCores) {
      this.name = name;
      this.millis = millis;
      this.sameAsCompiler = sameAsCompiler;
      this.otherCores = otherCores;
    }
  }

  static final String COMPILER = "compiler: spans + running sum";
  static final String SELF_JOIN = "range self-join over fact rows (the obvious one)";

  private static final String DAYS =
      "days AS (\n"
          + "  SELECT CAST(day AS DATE) AS business_date\n"
          + "  FROM generate_series(CAST(CAST($1 AS DATE) AS TIMESTAMP), CAST(CAST($2 AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) AS t(day)\n"
          + ")";
  private static final String PAIRS =
      "pairs AS (\n"
          + "  SELECT DISTINCT business_date, creator_id\n"
          + "  FROM warehouse.fct_order_items\n"
          + "  WHERE business_date BETWEEN CAST($1 AS DATE) - 27 AND CAST($2 AS DATE)\n"
          + "    AND status IN ('paid', 'shipped') AND creator_id IS NOT NULL\n"
          + ")";

  private RollingBench() {}

  /** The compiler's SQL: the build query of a daily mart holding only active_creators_28d. */
  static String compilerQuery() {
    Catalog shop = ShopCatalog.build();
    Mart rollingOnly =
        Mart.builder()
            .daily("bench_active_creators_28d")
            .metrics(Kpis.ACTIVE_CREATORS_28D)
            .description("Active creators over 28 days, alone, for the benchmark.")
            .owner("bench")
            .build();
    Catalog catalog =
        Catalog.builder()
            .name("bench_rolling")
            .timeZone(shop.timeZone())
            .addAllLakeTables(shop.lakeTables())
            .addAllWarehouseTables(shop.warehouseTables())
            .addAllMetrics(shop.metrics())
            .addAllDimensions(shop.dimensions())
            .addMarts(rollingOnly)
            .build();
    for (CompiledStatement statement : Compiler.forDialect(DuckDbDialect.standard()).compile(catalog)) {
      if (statement.step().id().equals("mart.bench_active_creators_28d.build")) {
        return statement.query().orElseThrow();
      }
    }
    throw new IllegalStateException("the compiler made no build of the benchmark's mart");
  }

  static List<Formulation> formulations() {
    List<Formulation> out = new ArrayList<>();
    out.add(new Formulation(COMPILER, compilerQuery()));
    out.add(
        new Formulation(
            SELF_JOIN,
            "WITH " + DAYS + "\n"
                + "SELECT days.business_date, count(DISTINCT f.creator_id) AS active_creators_28d\n"
                + "FROM days\n"
                + "JOIN warehouse.fct_order_items AS f\n"
                + "  ON f.business_date BETWEEN days.business_date - 27 AND days.business_date\n"
                + "WHERE f.status IN ('paid', 'shipped')\n"
                + "GROUP BY days.business_date"));
    out.add(
        new Formulation(
            "range join over distinct (date, creator) pairs",
            "WITH " + DAYS + ",\n" + PAIRS + "\n"
                + "SELECT days.business_date, count(DISTINCT pairs.creator_id) AS active_creators_28d\n"
                + "FROM days\n"
                + "JOIN pairs ON pairs.business_date BETWEEN days.business_date - 27 AND days.business_date\n"
                + "GROUP BY days.business_date"));
    out.add(
        new Formulation(
            "COUNT(DISTINCT) window, RANGE 27 days preceding",
            "WITH " + DAYS + ",\n" + PAIRS + ",\n"
                + "points AS (\n"
                + "  SELECT business_date, creator_id FROM pairs\n"
                + "  UNION ALL\n"
                + "  SELECT business_date, NULL FROM days\n"
                + "),\n"
                + "counted AS (\n"
                + "  SELECT business_date,\n"
                + "         count(DISTINCT creator_id) OVER (ORDER BY business_date RANGE BETWEEN INTERVAL 27 DAY PRECEDING AND CURRENT ROW) AS n\n"
                + "  FROM points\n"
                + ")\n"
                + "SELECT business_date, max(n) AS active_creators_28d\n"
                + "FROM counted\n"
                + "WHERE business_date BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)\n"
                + "GROUP BY business_date"));
    return out;
  }

  /**
   * Runs each formulation once to warm up, then {@code repeats} times, on the warehouse
   * connection, for the dates {@code from} … {@code to}; each timed query first waits (at most
   * {@code quietWaitSeconds}, 0 for not at all) for other programs to leave the CPUs alone.
   */
  static List<Result> run(Connection connection, LocalDate from, LocalDate to, int repeats, int quietWaitSeconds) throws SQLException {
    List<Formulation> formulations = formulations();
    Map<String, Map<LocalDate, Long>> answers = new LinkedHashMap<>();
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, Double> others = new LinkedHashMap<>();
    for (Formulation f : formulations) {
      answers.put(f.name, query(connection, f.sql, from, to));
      times.put(f.name, new ArrayList<>());
      others.put(f.name, -1.0);
    }
    // Interleaved, so a slow moment of the machine does not fall on one formulation only.
    for (int r = 0; r < repeats; r++) {
      for (Formulation f : formulations) {
        CpuLoad.awaitQuiet(JavaProcess.QUIET_CORES, quietWaitSeconds);
        double busyBefore = CpuLoad.busyMillis();
        long ownBefore = PeakMemoryAgent.cpuMillis();
        long start = System.nanoTime();
        query(connection, f.sql, from, to);
        double millis = (System.nanoTime() - start) / 1e6;
        double other = (CpuLoad.busyMillis() - busyBefore - (PeakMemoryAgent.cpuMillis() - ownBefore)) / millis;
        times.get(f.name).add(millis);
        if (millis >= 1000) {
          // /proc/stat counts in 10 ms ticks: a shorter query's reading is mostly rounding.
          others.merge(f.name, Math.max(0, other), Math::max);
        }
      }
    }
    Map<LocalDate, Long> expected = answers.get(COMPILER);
    List<Result> results = new ArrayList<>();
    for (Formulation f : formulations) {
      results.add(new Result(f.name, Stats.of(times.get(f.name)), same(expected, answers.get(f.name), from, to), others.get(f.name)));
    }
    return results;
  }

  /** Equal on every date of the range; a date missing from an answer counts 0. */
  static boolean same(Map<LocalDate, Long> a, Map<LocalDate, Long> b, LocalDate from, LocalDate to) {
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      if (a.getOrDefault(d, 0L).longValue() != b.getOrDefault(d, 0L).longValue()) {
        return false;
      }
    }
    return true;
  }

  static Map<LocalDate, Long> query(Connection connection, String sql, LocalDate from, LocalDate to) throws SQLException {
    Map<LocalDate, Long> out = new TreeMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, from);
      statement.setObject(2, to);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          out.put(rows.getObject(1, LocalDate.class), rows.getLong(2));
        }
      }
    }
    return out;
  }
}
