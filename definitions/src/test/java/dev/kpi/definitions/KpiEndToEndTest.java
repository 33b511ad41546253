package dev.kpi.definitions;

import dev.kpi.runtime.testing.KpiProcess;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.Duck;
import static dev.kpi.definitions.CsvLake.jst;
import static dev.kpi.definitions.CsvLake.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kpi.runtime.lake.SampleLake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code kpi} command on the shop's catalog and DuckDB, end to end: lake files in, the
 * warehouse and marts out, through the command line (in this JVM, or in a separate one where a
 * test kills it).
 */
class KpiEndToEndTest {
  /** Every table the runtime builds, with the columns that identify one of its rows. */
  private static final Map<String, String> KEYS = new LinkedHashMap<>();
  /** The date column of each windowed table (what a build replaces). */
  private static final Map<String, String> DATE_COLUMN = new LinkedHashMap<>();

  static {
    KEYS.put("warehouse.dim_items", "item_id");
    KEYS.put("warehouse.fct_order_items", "order_item_id");
    KEYS.put("mart.kpi_daily", "business_date");
    KEYS.put("mart.kpi_daily_by_item_type", "business_date, item_type");
    KEYS.put("mart.kpi_weekly", "week_start");
    KEYS.put("mart.kpi_monthly", "month_start");
    DATE_COLUMN.put("warehouse.fct_order_items", "business_date");
    DATE_COLUMN.put("mart.kpi_daily", "business_date");
    DATE_COLUMN.put("mart.kpi_daily_by_item_type", "business_date");
    DATE_COLUMN.put("mart.kpi_weekly", "week_start");
    DATE_COLUMN.put("mart.kpi_monthly", "month_start");
  }

  /** A Wednesday. */
  private static final LocalDate D = LocalDate.parse("2024-03-20");

  @TempDir Path temp;
  Path lake;
  Path data;

  @BeforeEach
  void folders() {
    lake = temp.resolve("lake");
    data = temp.resolve("data");
  }

  // ------------------------------------------------------------------------------ idempotence

  @Test
  void rerunningADateLeavesByteIdenticalTables() {
    SampleLake.of(LocalDate.parse("2026-09-01"), LocalDate.parse("2026-11-24"), 0.2, 42).writeTo(lake);

    ok("run", "--date", "2026-11-24");
    Map<String, List<String>> first = contents();
    ok("run", "--date", "2026-11-24");
    Map<String, List<String>> second = contents();

    assertThat(first.get("warehouse.fct_order_items")).as("the run wrote order items").hasSizeGreaterThan(1000);
    for (String table : KEYS.keySet()) {
      assertThat(second.get(table)).as(table + " after the second run").isEqualTo(first.get(table));
    }
    assertNoDuplicateKeys();
    // The dense mart: the 41 item types of the sample lake on every date built.
    long dates = Long.parseLong(Duck.value(data, "SELECT count(*) FROM mart.kpi_daily"));
    assertThat(Duck.value(data, "SELECT count(*) FROM mart.kpi_daily_by_item_type")).isEqualTo(String.valueOf(dates * 41));
    assertThat(Duck.query(data, "SELECT outcome, count(*) FROM kpi.runs GROUP BY 1")).containsExactly("succeeded|2");
  }

  // ----------------------------------------------------------------------- a killed process

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aRunKilledMidwayLeavesEveryDateOldOrNewAndTheNextRunRepairsIt() throws Exception {
    LocalDate from = LocalDate.parse("2025-11-01");
    LocalDate to = LocalDate.parse("2026-10-31");
    // Scale 2 for a year: about 400,000 order items, so each build takes a moment.
    SampleLake.of(from, to, 2, 7).writeTo(lake);
    ok("backfill", "--from", from.toString(), "--to", to.toString());
    Map<String, Map<String, String>> snapshot = digests();
    List<String> builtDates = builtDates();
    assertThat(snapshot.get("mart.kpi_daily")).hasSizeGreaterThan(365);
    Path pristine = temp.resolve("data-after-first-run");
    copyFolder(data, pristine);

    // Kill the backfill while a build runs; retried with other timings when the kill landed
    // between two builds or after the end.
    long[] delaysMillis = {150, 40, 300, 0, 80, 500};
    Kill kill = null;
    List<String> attempts = new ArrayList<>();
    for (int attempt = 0; attempt < delaysMillis.length; attempt++) {
      if (attempt > 0) {
        deleteFolder(data);
        copyFolder(pristine, data);
      }
      // Preferably in a mart's build, after the warehouse's builds committed.
      int minDone = attempt < 3 ? 2 : 1;
      kill = killBackfillMidway(from, to, minDone, delaysMillis[attempt], temp.resolve("backfill-" + attempt + ".err"));
      attempts.add(kill.toString());
      if (kill.killedAlive && kill.buildsDone >= 1 && !runningBuilds().isEmpty()) {
        break;
      }
      kill = null;
    }
    assertThat(kill).as("a kill in the middle of a build; attempts:\n" + String.join("\n", attempts)).isNotNull();
    System.out.println("kpi backfill killed: " + String.join("; ", attempts) + "; interrupted build: " + runningBuilds());

    // Every table holds exactly what it held before: the builds the killed run finished wrote
    // the same rows (the lake did not change), the build it was in rolled back.
    assertThat(digests()).as("tables after the kill (" + kill + ")").isEqualTo(snapshot);
    assertNoDuplicateKeys();
    assertThat(builtDates()).as("the ledger's built dates").isEqualTo(builtDates);
    // Old or new, per table: the builds the killed run finished recorded their dates as its own,
    // the interrupted one left its dates to the first run.
    String interrupted = runningBuilds().get(0).split(" ")[0];
    List<String> finished =
        Duck.query(
            data,
            "SELECT b.table_name FROM kpi.table_builds b JOIN kpi.runs r USING (run_id) WHERE r.outcome = 'running' AND b.outcome = 'succeeded'"
                + " AND b.start_date IS NOT NULL ORDER BY 1");
    for (String table : DATE_COLUMN.keySet()) {
      String byRun =
          Duck.value(
              data,
              "SELECT string_agg(DISTINCT r.outcome, ',') FROM kpi.built_dates d JOIN kpi.runs r USING (run_id)"
                  + " WHERE d.table_name = '" + table + "' AND d.business_date BETWEEN DATE '" + from + "' AND DATE '" + to + "'");
      assertThat(byRun).as(table + ": the outcome of the run that built its dates").isEqualTo(finished.contains(table) ? "running" : "succeeded");
    }
    assertThat(finished).doesNotContain(interrupted);
    List<String> running = runningBuilds();
    assertThat(running).as("the build the kill interrupted is left 'running'").hasSize(1);
    assertThat(Duck.query(data, "SELECT command FROM kpi.runs WHERE outcome = 'running'"))
        .containsExactly("backfill --from " + from + " --to " + to + " --force");

    Cli.Result next = kpi("run", "--date", to.toString());
    assertThat(next.exitCode).as(next.toString()).isZero();
    assertThat(next.err).contains("an earlier run was interrupted");
    assertThat(Duck.query(data, "SELECT outcome, count(*) FROM kpi.runs GROUP BY 1 ORDER BY 1"))
        .containsExactly("abandoned|1", "succeeded|2");
    assertThat(Duck.query(data, "SELECT count(*) FROM kpi.table_builds WHERE outcome = 'running'")).containsExactly("0");
    assertThat(
            Duck.query(
                data,
                "SELECT b.table_name || ' ' || b.start_date || '..' || b.end_date FROM kpi.table_builds b JOIN kpi.runs r USING (run_id)"
                    + " WHERE r.outcome = 'abandoned' AND b.outcome = 'abandoned'"))
        .as("the interrupted build is marked abandoned")
        .isEqualTo(running);
    assertThat(digests()).isEqualTo(snapshot);
    assertNoDuplicateKeys();
  }

  private static final Pattern PROGRESS = Pattern.compile("kpi: \\[[#.]+\\] (\\d+)/(\\d+) ");

  /** What happened to one backfill process. */
  private static final class Kill {
    boolean killedAlive;
    int buildsDone = -1;
    int builds = -1;
    Integer exitCode;
    String err = "";

    @Override
    public String toString() {
      return (killedAlive ? "killed" : "finished before the kill") + " after " + buildsDone + "/" + builds + " builds, exit " + exitCode
          + (err.contains("kpi: [") ? "" : "; stderr:\n" + err);
    }
  }

  /**
   * Starts {@code kpi backfill --force} in another JVM, waits for a progress line saying at
   * least {@code minDone} builds are done (and not all), waits {@code delayMillis} more, then kills it with
   * SIGKILL ({@link Process#destroyForcibly()}).
   */
  private Kill killBackfillMidway(LocalDate from, LocalDate to, int minDone, long delayMillis, Path errFile) throws IOException, InterruptedException {
    List<String> command =
        KpiProcess.command(
            List.of("backfill", "--from", from.toString(), "--to", to.toString(), "--force", "--data-dir", data.toString(), "--lake", lake.toString()));
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errFile.toFile()).start();
    Kill kill = new Kill();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      boolean ready = false;
      while (!ready && process.isAlive() && System.nanoTime() < deadline) {
        Matcher progress = PROGRESS.matcher(new String(Files.readAllBytes(errFile), StandardCharsets.UTF_8));
        while (progress.find()) {
          kill.buildsDone = Integer.parseInt(progress.group(1));
          kill.builds = Integer.parseInt(progress.group(2));
        }
        ready = kill.buildsDone >= minDone && kill.buildsDone < kill.builds;
        if (!ready) {
          Thread.sleep(5);
        }
      }
      if (ready && delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      kill.killedAlive = process.isAlive();
    } finally {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    kill.exitCode = process.isAlive() ? null : process.exitValue();
    kill.err = new String(Files.readAllBytes(errFile), StandardCharsets.UTF_8);
    return kill;
  }

  private List<String> runningBuilds() {
    return Duck.query(
        data, "SELECT table_name || ' ' || start_date || '..' || end_date FROM kpi.table_builds WHERE outcome = 'running' ORDER BY 1");
  }

  private List<String> builtDates() {
    return Duck.query(data, "SELECT table_name, business_date, fingerprint FROM kpi.built_dates ORDER BY ALL");
  }

  // ------------------------------------------------------------------------- late changes

  @Test
  void aCancellationThatArrivesLaterChangesThatDaysGmvWhenTheLookbackCoversIt() {
    CsvLake shop = new CsvLake();
    shop.creator(1, "aoi").creator(2, "sora").creator(3, "hoshi");
    shop.item(1, "t-shirt", "2500").item(2, "mug", "1500").item(3, "sticker", "300");
    shop.product(11, 1, 1, "3000").product(12, 2, 2, "1800").product(13, 3, 3, "400");
    // One ordinary order a day, at noon in Tokyo.
    for (LocalDate day = D.minusDays(40); !day.isAfter(D.plusDays(2)); day = day.plusDays(1)) {
      shop.order(1000 + day.getDayOfYear(), "paid", jst(day, 12, 0), line(11, 1, "3000"));
    }
    // 2024-03-17T15:30:00Z is 00:30 on 2024-03-18 (D-2) in Tokyo.
    CsvLake.Order recent = shop.order(1, "paid", Instant.parse("2024-03-17T15:30:00Z"), line(12, 2, "1800"));
    CsvLake.Order old = shop.order(2, "paid", jst(D.minusDays(10), 23, 59), line(13, 3, "400"));
    shop.writeTo(lake);
    assertThat(recent.amount).isEqualByComparingTo("3600");
    assertThat(old.amount).isEqualByComparingTo("1200");

    ok("run", "--date", D.toString());
    assertThat(daily(D.minusDays(2))).isEqualTo("6600.000000000|2|3300.000000000|2|3");
    assertThat(daily(D.minusDays(10))).isEqualTo("4200.000000000|2|2100.000000000|2|2");
    BigDecimal weekBefore = periodGmv("kpi_weekly", "week", D.minusDays(2));
    BigDecimal monthBefore = periodGmv("kpi_monthly", "month", D);

    // The next load of the lake shows both orders cancelled.
    shop.status(1, "cancelled").status(2, "cancelled").writeTo(lake);
    ok("run", "--date", D.plusDays(1).toString());

    // D-2 is in the run's lookback (D-2 .. D+1): its GMV drops by exactly the order's amount.
    assertThat(gmv(D.minusDays(2))).isEqualByComparingTo(new BigDecimal("6600").subtract(recent.amount));
    // (Creator 3's order on D-10 still counts in the 28 days: D-10 was not rebuilt.)
    assertThat(daily(D.minusDays(2))).isEqualTo("3000.000000000|1|3000.000000000|1|2");
    assertThat(Duck.query(data, "SELECT DISTINCT status FROM warehouse.fct_order_items WHERE order_id = 1")).containsExactly("cancelled");
    assertThat(Duck.query(data, "SELECT items_sold, gmv FROM mart.kpi_daily_by_item_type WHERE business_date = DATE '" + D.minusDays(2) + "' AND item_type = 'mug'"))
        .containsExactly("0|0E-9");
    // The week and the month of D-2 were rebuilt too: without the order, with D+1's ¥3,000.
    BigDecimal dayAdded = new BigDecimal("3000");
    assertThat(periodGmv("kpi_weekly", "week", D.minusDays(2))).isEqualByComparingTo(weekBefore.add(dayAdded).subtract(recent.amount));
    assertThat(periodGmv("kpi_monthly", "month", D)).isEqualByComparingTo(monthBefore.add(dayAdded).subtract(recent.amount));

    // D-10 is not: it keeps the order until it is rebuilt on demand.
    assertThat(daily(D.minusDays(10))).isEqualTo("4200.000000000|2|2100.000000000|2|2");
    // The week of D-10 (Monday D-16 to Sunday D-10) is before every window built so far.
    assertThat(Duck.query(data, "SELECT * FROM mart.kpi_weekly WHERE week_start = DATE '" + D.minusDays(16) + "'")).isEmpty();
    assertThat(Duck.query(data, "SELECT DISTINCT status FROM warehouse.fct_order_items WHERE order_id = 2")).containsExactly("paid");
    assertMartsAgreeWithTheFact();

    Cli.Result backfill = ok("backfill", "--from", D.minusDays(10).toString(), "--to", D.minusDays(10).toString(), "--force");
    assertThat(backfill.out).contains("warehouse.fct_order_items " + D.minusDays(10) + ": 2 rows", "mart.kpi_daily " + D.minusDays(10) + ": 1 row");
    assertThat(gmv(D.minusDays(10))).isEqualByComparingTo(new BigDecimal("4200").subtract(old.amount));
    assertThat(daily(D.minusDays(10))).isEqualTo("3000.000000000|1|3000.000000000|1|1");
    assertThat(Duck.query(data, "SELECT DISTINCT status FROM warehouse.fct_order_items WHERE order_id = 2")).containsExactly("cancelled");
    // Its week is built now, from the fact's seven days: one ¥3,000 order a day.
    assertThat(periodGmv("kpi_weekly", "week", D.minusDays(10))).isEqualByComparingTo("21000");
    assertThat(periodGmv("kpi_monthly", "month", D))
        .isEqualByComparingTo(monthBefore.add(dayAdded).subtract(recent.amount).subtract(old.amount));
    assertMartsAgreeWithTheFact();
    assertNoDuplicateKeys();
  }

  /** gmv|orders|aov|active_creators|active_creators_28d of a date in kpi_daily. */
  private String daily(LocalDate date) {
    return Duck.value(
        data,
        "SELECT gmv, orders, aov, active_creators, active_creators_28d FROM mart.kpi_daily WHERE business_date = DATE '" + date + "'");
  }

  private BigDecimal gmv(LocalDate date) {
    return new BigDecimal(Duck.value(data, "SELECT gmv FROM mart.kpi_daily WHERE business_date = DATE '" + date + "'"));
  }

  /** The GMV of the week or month holding the date. */
  private BigDecimal periodGmv(String mart, String period, LocalDate date) {
    return new BigDecimal(
        Duck.value(data, "SELECT gmv FROM mart." + mart + " WHERE " + period + "_start = date_trunc('" + period + "', DATE '" + date + "')"));
  }

  /** Each period of each mart says what the fact table holds for it. */
  private void assertMartsAgreeWithTheFact() {
    String countable = "status IN ('paid', 'shipped')";
    String sums =
        "COALESCE(SUM(CASE WHEN " + countable + " THEN line_amount END), 0) AS gmv,"
            + " COUNT(DISTINCT CASE WHEN " + countable + " THEN order_id END) AS orders,"
            + " COUNT(DISTINCT CASE WHEN " + countable + " THEN creator_id END) AS active_creators,"
            + " COALESCE(SUM(CASE WHEN " + countable + " THEN quantity END), 0) AS items_sold";
    Map<String, String> periods = Map.of("kpi_daily", "business_date", "kpi_weekly", "week_start", "kpi_monthly", "month_start");
    Map<String, String> truncs =
        Map.of("kpi_daily", "business_date", "kpi_weekly", "date_trunc('week', business_date)", "kpi_monthly", "date_trunc('month', business_date)");
    for (Map.Entry<String, String> mart : periods.entrySet()) {
      String sql =
          "WITH f AS (SELECT " + truncs.get(mart.getKey()) + " AS p, " + sums + " FROM warehouse.fct_order_items GROUP BY 1)"
              + " SELECT m." + mart.getValue() + ", m.gmv, f.gmv, m.orders, f.orders, m.active_creators, f.active_creators, m.items_sold, f.items_sold"
              + " FROM mart." + mart.getKey() + " m LEFT JOIN f ON f.p = m." + mart.getValue()
              + " WHERE m.gmv <> COALESCE(f.gmv, 0) OR m.orders <> COALESCE(f.orders, 0)"
              + " OR m.active_creators <> COALESCE(f.active_creators, 0) OR m.items_sold <> COALESCE(f.items_sold, 0)";
      assertThat(Duck.query(data, sql)).as("periods of mart " + mart.getKey() + " that differ from the fact").isEmpty();
    }
  }

  // ----------------------------------------------------------------- empty dates, dense marts

  /**
   * D-3: a paid order (t-shirt and stickers); D-2: a shipped mug and a cancelled t-shirt; D-1:
   * nothing; D: a paid order of the second sticker item at 00:00 JST and a refunded mug; D-5: only
   * a cancelled order. Five items of four item types (two stickers); tote bags never sell.
   */
  private CsvLake smallShop() {
    CsvLake shop = new CsvLake();
    shop.creator(1, "aoi").creator(2, "sora").creator(3, "hoshi");
    shop.item(1, "t-shirt", "2500").item(2, "mug", "1500").item(3, "sticker", "300").item(4, "sticker", "350").item(5, "tote-bag", "2000");
    shop.product(11, 1, 1, "3000").product(12, 2, 2, "1800").product(13, 3, 3, "400").product(14, 3, 4, "450").product(15, 1, 5, "2500");
    shop.order(1, "paid", jst(D.minusDays(3), 20, 15), line(11, 1, "3000"), line(13, 2, "400"));
    shop.order(2, "shipped", jst(D.minusDays(2), 9, 0), line(12, 1, "1800"));
    shop.order(3, "cancelled", jst(D.minusDays(2), 10, 0), line(11, 1, "3000"));
    // 2024-03-19T15:00:00Z is 2024-03-20 00:00 in Tokyo: D, not D-1.
    shop.order(4, "paid", Instant.parse("2024-03-19T15:00:00Z"), line(14, 3, "450"));
    shop.order(5, "refunded", jst(D, 13, 0), line(12, 1, "1800"));
    shop.order(6, "cancelled", jst(D.minusDays(5), 13, 0), line(12, 2, "1800"));
    return shop;
  }

  @Test
  void datesWithNoOrdersGiveZerosAndAnEmptyAov() {
    smallShop().writeTo(lake);
    Cli.Result run = ok("run", "--date", D.toString());

    String zeros = "gmv, orders, aov IS NULL, items_sold, active_creators FROM mart.kpi_daily WHERE business_date = DATE ";
    // No orders at all.
    assertThat(Duck.query(data, "SELECT " + zeros + "'" + D.minusDays(1) + "'")).containsExactly("0E-9|0|true|0|0");
    // Only a cancelled order.
    assertThat(Duck.query(data, "SELECT " + zeros + "'" + D.minusDays(5) + "'")).containsExactly("0E-9|0|true|0|0");
    // Dates before the lake's first order.
    assertThat(Duck.query(data, "SELECT " + zeros + "'" + D.minusDays(10) + "'")).containsExactly("0E-9|0|true|0|0");
    // The empty day still counts the creators of the 28 days before it (c1 and c3 on D-3, c2 on D-2).
    assertThat(Duck.value(data, "SELECT active_creators_28d FROM mart.kpi_daily WHERE business_date = DATE '" + D.minusDays(1) + "'"))
        .isEqualTo("3");
    // The days around it.
    assertThat(daily(D.minusDays(3))).isEqualTo("3800.000000000|1|3800.000000000|2|2");
    assertThat(daily(D.minusDays(2))).isEqualTo("1800.000000000|1|1800.000000000|1|3");
    assertThat(daily(D)).isEqualTo("1350.000000000|1|1350.000000000|1|3");
    assertThat(Duck.query(data, "SELECT business_date FROM mart.kpi_daily ORDER BY 1"))
        .as("a first run builds the run date, its lookback and the week before")
        .hasSize(11)
        .startsWith(D.minusDays(10).toString())
        .endsWith(D.toString());
    // The run prints the empty AOV as a dash for the previous day.
    Cli.Result show = Cli.run("show", "--date", D.minusDays(1).toString(), "--data-dir", data.toString());
    assertThat(show.exitCode).as(show.toString()).isZero();
    assertThat(show.out).containsPattern("AOV[^\\n]*  —  ");
    assertThat(run.out).contains("KPIs of " + D);
  }

  @Test
  void everyItemTypeHasARowOnEveryDate() {
    smallShop().writeTo(lake);
    ok("run", "--date", D.toString());

    List<String> dates = Duck.query(data, "SELECT business_date FROM mart.kpi_daily ORDER BY 1");
    List<String> types = Duck.query(data, "SELECT DISTINCT item_type FROM warehouse.dim_items ORDER BY 1");
    assertThat(types).containsExactly("mug", "sticker", "t-shirt", "tote-bag");
    assertThat(dates).hasSize(11);
    assertThat(Duck.value(data, "SELECT count(*) FROM mart.kpi_daily_by_item_type")).isEqualTo(String.valueOf(dates.size() * types.size()));
    assertThat(Duck.query(data, "SELECT DISTINCT business_date FROM mart.kpi_daily_by_item_type ORDER BY 1")).isEqualTo(dates);
    assertThat(Duck.query(data, "SELECT business_date, count(*), count(DISTINCT item_type) FROM mart.kpi_daily_by_item_type GROUP BY 1 HAVING count(*) <> 4 OR count(DISTINCT item_type) <> 4"))
        .isEmpty();
    assertThat(Duck.query(data, "SELECT DISTINCT items_sold, gmv FROM mart.kpi_daily_by_item_type WHERE item_type = 'tote-bag'"))
        .containsExactly("0|0E-9");
    // Both sticker items count as one item type.
    assertThat(byItemType(D.minusDays(3))).containsExactly("mug|0|0E-9", "sticker|2|800.000000000", "t-shirt|1|3000.000000000", "tote-bag|0|0E-9");
    assertThat(byItemType(D)).containsExactly("mug|0|0E-9", "sticker|3|1350.000000000", "t-shirt|0|0E-9", "tote-bag|0|0E-9");
    assertThat(byItemType(D.minusDays(1))).containsExactly("mug|0|0E-9", "sticker|0|0E-9", "t-shirt|0|0E-9", "tote-bag|0|0E-9");
    // The item types add up to the day.
    assertThat(
            Duck.query(
                data,
                "SELECT d.business_date FROM mart.kpi_daily d JOIN (SELECT business_date, SUM(items_sold) AS items_sold, SUM(gmv) AS gmv"
                    + " FROM mart.kpi_daily_by_item_type GROUP BY 1) t USING (business_date) WHERE d.items_sold <> t.items_sold OR d.gmv <> t.gmv"))
        .isEmpty();
  }

  private List<String> byItemType(LocalDate date) {
    return Duck.query(data, "SELECT item_type, items_sold, gmv FROM mart.kpi_daily_by_item_type WHERE business_date = DATE '" + date + "' ORDER BY 1");
  }

  // -------------------------------------------------------------------------- rolling windows

  @Test
  void rollingActiveCreatorsAreRightAcrossMonthAndYearBoundaries() {
    LocalDate from = LocalDate.parse("2021-12-01");
    LocalDate to = LocalDate.parse("2022-03-10");
    SampleLake.of(from, to, 0.1, 11).writeTo(lake);
    ok("backfill", "--from", from.toString(), "--to", to.toString());

    // Straight from the lake files, in Java: countable order items by business date (JST).
    String file = lake.toAbsolutePath() + "/";
    List<String> rows =
        Duck.scratchQuery(
            "SELECT epoch_us(o.ordered_at), o.status, p.creator_id, o.order_id, oi.quantity * oi.unit_price"
                + " FROM read_parquet('" + file + "order_items.parquet') oi"
                + " JOIN read_parquet('" + file + "orders.parquet') o ON o.order_id = oi.order_id"
                + " LEFT JOIN read_parquet('" + file + "products.parquet') p ON p.product_id = oi.product_id");
    Map<LocalDate, Set<String>> creatorsByDate = new HashMap<>();
    Map<LocalDate, Set<String>> ordersByDate = new HashMap<>();
    Map<LocalDate, BigDecimal> gmvByDate = new HashMap<>();
    for (String row : rows) {
      String[] v = row.split("\\|");
      String status = v[1];
      if (!status.equals("paid") && !status.equals("shipped")) {
        continue;
      }
      long micros = Long.parseLong(v[0]);
      LocalDate date = Instant.EPOCH.plusNanos(micros * 1000).atZone(CsvLake.JST).toLocalDate();
      if (!v[2].equals("null")) {
        creatorsByDate.computeIfAbsent(date, d -> new HashSet<>()).add(v[2]);
      }
      ordersByDate.computeIfAbsent(date, d -> new HashSet<>()).add(v[3]);
      gmvByDate.merge(date, new BigDecimal(v[4]), BigDecimal::add);
    }

    Map<String, String> expected = new TreeMap<>();
    Set<Long> distinctValues = new TreeSet<>();
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      Set<String> window = new HashSet<>();
      for (LocalDate d = date.minusDays(27); !d.isAfter(date); d = d.plusDays(1)) {
        window.addAll(creatorsByDate.getOrDefault(d, Set.of()));
      }
      distinctValues.add((long) window.size());
      expected.put(
          date.toString(),
          window.size() + "|" + creatorsByDate.getOrDefault(date, Set.of()).size() + "|" + ordersByDate.getOrDefault(date, Set.of()).size()
              + "|" + gmvByDate.getOrDefault(date, BigDecimal.ZERO).stripTrailingZeros().toPlainString());
    }
    Map<String, String> actual = new TreeMap<>();
    for (String row :
        Duck.query(
            data,
            "SELECT business_date, active_creators_28d, active_creators, orders, gmv FROM mart.kpi_daily"
                + " WHERE business_date BETWEEN DATE '" + from + "' AND DATE '" + to + "'")) {
      String[] v = row.split("\\|");
      actual.put(v[0], v[1] + "|" + v[2] + "|" + v[3] + "|" + new BigDecimal(v[4]).stripTrailingZeros().toPlainString());
    }
    // The boundaries first, for a clear message; then every date.
    for (String date : List.of("2021-12-28", "2021-12-30", "2021-12-31", "2022-01-01", "2022-01-02", "2022-01-27", "2022-01-28",
        "2022-02-27", "2022-02-28", "2022-03-01", "2022-03-02")) {
      assertThat(actual.get(date)).as("active creators (28 days)|active creators|orders|gmv on " + date).isEqualTo(expected.get(date));
    }
    assertThat(actual).hasSize(100).isEqualTo(expected);
    System.out.println("active creators (28 days) from " + distinctValues.stream().findFirst().orElse(0L) + " to "
        + ((TreeSet<Long>) distinctValues).last() + " over " + distinctValues.size() + " distinct values");
    assertThat(distinctValues).as("the 28-day counts vary (the check is not trivially constant)").hasSizeGreaterThan(5);
  }

  // ------------------------------------------------------------------- keys and NOT NULL

  @Test
  void aRunChecksTheLakeRowsItReadsSoItsCheckCostsTheSameAtAnyHistory() throws IOException {
    SampleLake.of(LocalDate.parse("2023-06-01"), D, 0.1, 7).writeTo(lake);
    // orders as a folder of two files: the extract's and a second load that repeats the first
    // order (June 2023, long before the run's dates).
    Path orders = Files.createDirectories(lake.resolve("orders"));
    Files.move(lake.resolve("orders.parquet"), orders.resolve("part-1.parquet"));
    String first = Duck.scratchQuery("SELECT min(order_id) FROM read_parquet('" + orders.resolve("part-1.parquet") + "')").get(0);
    Duck.scratch(
        "COPY (SELECT * FROM read_parquet('" + orders.resolve("part-1.parquet") + "') WHERE order_id = " + first + ") TO '"
            + orders.resolve("part-2.parquet") + "' (FORMAT parquet)");

    // The run reads orders of its dates only (by ordered_at): the old duplicate is not its
    // rows, and is no reason to stop the morning's KPIs.
    ok("run", "--date", D.toString());
    // check-lake reads everything.
    Cli.Result check = kpi("check-lake");
    assertThat(check.exitCode).as(check.toString()).isEqualTo(1);
    assertThat(check.err).contains("the primary key order_id of lake table 'orders' is not unique: 1 value occurs more than once, in 2 rows (e.g. order_id = " + first);

    // A duplicate among the run's dates stops it.
    String recent =
        Duck.scratchQuery(
                "SELECT max(order_id) FROM read_parquet('" + orders.resolve("part-1.parquet") + "') WHERE ordered_at < TIMESTAMPTZ '" + D + " 00:00:00+09'")
            .get(0);
    Duck.scratch(
        "COPY (SELECT * FROM read_parquet('" + orders.resolve("part-1.parquet") + "') WHERE order_id IN (" + first + ", " + recent + ")) TO '"
            + orders.resolve("part-2.parquet") + "' (FORMAT parquet)");
    Cli.Result run = kpi("run", "--date", D.toString());
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err).contains("order_id = " + recent).doesNotContain("order_id = " + first + ",");

    // Products are read whole by every run: an old duplicated product stops it too.
    Files.delete(orders.resolve("part-2.parquet"));
    Path products = Files.createDirectories(lake.resolve("products"));
    Files.move(lake.resolve("products.parquet"), products.resolve("part-1.parquet"));
    Duck.scratch(
        "COPY (SELECT * FROM read_parquet('" + products.resolve("part-1.parquet") + "') ORDER BY created_at LIMIT 1) TO '"
            + products.resolve("part-2.parquet") + "' (FORMAT parquet)");
    Cli.Result product = kpi("run", "--date", D.toString());
    assertThat(product.exitCode).as(product.toString()).isEqualTo(1);
    assertThat(product.err).contains("the primary key product_id of lake table 'products' is not unique");
  }

  @Test
  void duplicatedOrNullOrderIdsFailTheLakeCheckInsteadOfInflatingGmv() throws IOException {
    CsvLake shop = new CsvLake();
    shop.creator(1, "aoi");
    shop.item(1, "mug", "800");
    shop.product(11, 1, 1, "1000");
    for (long id = 1; id <= 60; id++) {
      shop.order(id, "paid", jst(D.minusDays(id % 5), 12, 0), line(11, 1, "1000"));
    }
    shop.writeTo(lake);
    ok("run", "--date", D.toString());
    Map<String, List<String>> before = contents();

    // The extract appended the first 50 orders again: every join with order_items would
    // count their items twice.
    Path orders = lake.resolve("orders.csv");
    List<String> lines = Files.readAllLines(orders, StandardCharsets.UTF_8);
    List<String> doubled = new ArrayList<>(lines);
    doubled.addAll(lines.subList(1, 51));
    Files.write(orders, doubled, StandardCharsets.UTF_8);
    String duplicated =
        ": the primary key order_id of lake table 'orders' is not unique: 50 values occur more than once, in 100 rows"
            + " (e.g. order_id = 1 in 2 rows, order_id = 2 in 2 rows); every join would count those rows more than once: fix the extract (the Embulk load)"
            + " so that it writes each row once";

    Cli.Result check = kpi("check-lake");
    assertThat(check.exitCode).as(check.toString()).isEqualTo(1);
    assertThat(check.err).contains(orders + duplicated);
    assertThat(check.out).doesNotContain("match the lake contract");
    Cli.Result run = kpi("run", "--date", D.toString());
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    // A run checks the rows of its dates: the file, then which rows.
    assertThat(run.err).contains(orders + " (the rows with ordered_at from ").contains(duplicated).contains("nothing was written");
    assertThat(contents()).isEqualTo(before);

    // An order without its id.
    List<String> nullId = new ArrayList<>(lines);
    nullId.add("," + 7001 + ",paid," + jst(D, 13, 0));
    Files.write(orders, nullId, StandardCharsets.UTF_8);
    Cli.Result backfill = kpi("backfill", "--from", D.minusDays(2).toString(), "--to", D.toString(), "--force");
    assertThat(backfill.exitCode).as(backfill.toString()).isEqualTo(1);
    assertThat(backfill.err)
        .contains(orders + " (the rows with ordered_at from ")
        .contains(": column 'order_id' of lake table 'orders' is NULL in 1 row, but the lake contract declares it NOT NULL");
    assertThat(contents()).isEqualTo(before);

    Files.write(orders, lines, StandardCharsets.UTF_8);
    assertThat(ok("check-lake").out).contains("match the lake contract");
  }

  // --------------------------------------------------------------------------- no lake given

  @Test
  void firstRunWithoutALakeUsesTheSampleLakeAndPrintsTheKpis() throws IOException {
    Cli.Result first = Cli.run("run", "--date", "2026-11-24", "--data-dir", data.toString());
    assertThat(first.exitCode).as(first.toString()).isZero();
    assertThat(first.err).contains("generating a sample lake");
    assertThat(first.out).contains("KPIs of 2026-11-24 (Tue)").contains("GMV").contains("Orders").contains("¥");
    assertThat(first.out).doesNotContain("not built");
    Path sample = data.resolve("sample-lake");
    assertThat(sample.resolve("manifest.properties")).exists();
    Map<String, FileTime> written = modified(sample);
    assertThat(written).containsKeys("orders.parquet", "order_items.parquet");

    Cli.Result second = Cli.run("run", "--date", "2026-11-24", "--data-dir", data.toString());
    assertThat(second.exitCode).as(second.toString()).isZero();
    assertThat(second.err).doesNotContain("generating");
    assertThat(modified(sample)).isEqualTo(written);
    assertThat(second.out).isEqualTo(first.out);
  }

  private static Map<String, FileTime> modified(Path folder) throws IOException {
    Map<String, FileTime> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        out.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
      }
    }
    return out;
  }

  // ----------------------------------------------------------------------------------- show

  @Test
  void showComparesWithThePreviousDayAndTheSameWeekdayAWeekBefore() {
    CsvLake shop = new CsvLake();
    shop.creator(1, "aoi").creator(2, "sora");
    shop.item(1, "mug", "800");
    shop.product(11, 1, 1, "1000").product(12, 2, 1, "1000");
    long id = 1;
    // D: 3 orders, D-1: 2, D-7: 4, each of ¥1,000; D-2 one by creator 2.
    for (int i = 0; i < 3; i++) {
      shop.order(id++, "paid", jst(D, 10 + i, 0), line(11, 1, "1000"));
    }
    for (int i = 0; i < 2; i++) {
      shop.order(id++, "shipped", jst(D.minusDays(1), 10 + i, 0), line(11, 1, "1000"));
    }
    for (int i = 0; i < 4; i++) {
      shop.order(id++, "shipped", jst(D.minusDays(7), 10 + i, 0), line(11, 1, "1000"));
    }
    shop.order(id++, "shipped", jst(D.minusDays(2), 10, 0), line(12, 1, "1000"));
    shop.writeTo(lake);
    ok("run", "--date", D.toString());

    Cli.Result show = Cli.run("show", "--date", D.toString(), "--format", "json", "--data-dir", data.toString());
    assertThat(show.exitCode).as(show.toString()).isZero();
    JsonObject json = JsonParser.parseString(show.out).getAsJsonObject();
    assertThat(json.get("date").getAsString()).isEqualTo(D.toString());
    assertThat(json.get("built").getAsBoolean()).isTrue();
    Map<String, JsonObject> metrics = new HashMap<>();
    for (JsonElement mart : json.getAsJsonArray("marts")) {
      if (mart.getAsJsonObject().get("mart").getAsString().equals("kpi_daily")) {
        for (JsonElement metric : mart.getAsJsonObject().getAsJsonArray("metrics")) {
          metrics.put(metric.getAsJsonObject().get("name").getAsString(), metric.getAsJsonObject());
        }
      }
    }
    assertThat(metrics).containsKeys("gmv", "orders", "aov", "active_creators", "active_creators_28d", "items_sold");
    assertComparison(metrics.get("gmv"), "3000", "2000", "0.5", "4000", "-0.25");
    assertComparison(metrics.get("orders"), "3", "2", "0.5", "4", "-0.25");
    assertComparison(metrics.get("aov"), "1000", "1000", "0", "1000", "0");
    assertComparison(metrics.get("items_sold"), "3", "2", "0.5", "4", "-0.25");
    // Creator 2 sold on D-2: in the 28 days of D and of D-1, not of D-7.
    assertComparison(metrics.get("active_creators_28d"), "2", "2", "0", "1", "1");
    assertThat(metrics.get("gmv").get("previous_day").getAsJsonObject().get("date").getAsString()).isEqualTo(D.minusDays(1).toString());
    assertThat(metrics.get("gmv").get("same_weekday_last_week").getAsJsonObject().get("date").getAsString()).isEqualTo(D.minusDays(7).toString());
    assertThat(metrics.get("gmv").get("unit").getAsString()).isEqualTo("JPY");

    Cli.Result table = Cli.run("show", "--date", D.toString(), "--data-dir", data.toString());
    assertThat(table.exitCode).as(table.toString()).isZero();
    assertThat(table.out).contains("¥3,000").contains("¥2,000").contains("+50.0%").contains("\u221225.0%").contains("(Wed)");
  }

  private static void assertComparison(JsonObject metric, String value, String previous, String previousChange, String lastWeek, String lastWeekChange) {
    String name = metric.get("name").getAsString();
    assertThat(metric.get("value").getAsBigDecimal()).as(name).isEqualByComparingTo(value);
    JsonObject prev = metric.getAsJsonObject("previous_day");
    assertThat(prev.get("value").getAsBigDecimal()).as(name + " previous day").isEqualByComparingTo(previous);
    assertThat(prev.get("change").getAsBigDecimal()).as(name + " change from the previous day").isEqualByComparingTo(previousChange);
    JsonObject week = metric.getAsJsonObject("same_weekday_last_week");
    assertThat(week.get("value").getAsBigDecimal()).as(name + " a week before").isEqualByComparingTo(lastWeek);
    assertThat(week.get("change").getAsBigDecimal()).as(name + " change from a week before").isEqualByComparingTo(lastWeekChange);
  }

  // -------------------------------------------------------------------------------- compile

  private static final List<String> PLAN =
      List.of(
          "lake.creators.create",
          "lake.items.create",
          "lake.products.create",
          "lake.orders.create",
          "lake.order_items.create",
          "warehouse.dim_items.create",
          "warehouse.dim_items.build",
          "warehouse.fct_order_items.create",
          "warehouse.fct_order_items.build",
          "mart.kpi_daily.create",
          "mart.kpi_daily.build",
          "mart.kpi_daily_by_item_type.create",
          "mart.kpi_daily_by_item_type.build",
          "mart.kpi_weekly.create",
          "mart.kpi_weekly.build",
          "mart.kpi_monthly.create",
          "mart.kpi_monthly.build");

  @Test
  void compileWritesEveryStatementForBothDialects() throws IOException {
    List<String> expectedNames = new ArrayList<>();
    for (int i = 0; i < PLAN.size(); i++) {
      expectedNames.add(String.format("%03d-%s.sql", i + 1, PLAN.get(i)));
    }
    Path golden = Path.of(System.getProperty("basedir", "."), "..", "definitions", "src", "test", "golden", "bigquery").normalize();
    Path bigquery = temp.resolve("bigquery");
    Path duckdb = temp.resolve("duckdb");
    // A file of an earlier compile that no statement writes any more goes; other files stay.
    Files.createDirectories(bigquery);
    Files.writeString(bigquery.resolve("999-mart.old_mart.build.sql"), "SELECT 1;");
    Files.writeString(bigquery.resolve("README.txt"), "notes");

    Cli.Result bq = Cli.run("compile", "--dialect", "bigquery", "--out", bigquery.toString());
    assertThat(bq.exitCode).as(bq.toString()).isZero();
    assertThat(bq.out).contains("wrote 17");
    Cli.Result duck = Cli.run("compile", "--dialect", "duckdb", "--out", duckdb.toString());
    assertThat(duck.exitCode).as(duck.toString()).isZero();

    assertThat(sqlFiles(bigquery)).isEqualTo(expectedNames);
    assertThat(sqlFiles(duckdb)).isEqualTo(expectedNames);
    assertThat(bigquery.resolve("README.txt")).exists();

    assertThat(read(bigquery.resolve("011-mart.kpi_daily.build.sql"))).isEqualTo(read(golden.resolve("mart/kpi_daily.build.sql")));
    for (String name : expectedNames) {
      String[] id = name.substring(4, name.length() - 4).split("\\.");
      Path goldenFile = golden.resolve(id[0]).resolve(id[1] + "." + id[2] + ".sql");
      assertThat(read(bigquery.resolve(name))).as(name + " vs " + goldenFile).isEqualTo(read(goldenFile));
      String duckSql = read(duckdb.resolve(name));
      assertThat(duckSql).as(name).isNotBlank().doesNotContain("`");
      if (id[2].equals("build") && !id[1].equals("dim_items")) {
        assertThat(duckSql).as(name).contains("$1").contains("$2");
        assertThat(read(bigquery.resolve(name))).as(name).contains("@start_date").contains("@end_date").doesNotContain("$1");
      }
    }
  }

  private static List<String> sqlFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().collect(Collectors.toList());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // -------------------------------------------------------------------------------- helpers

  private Cli.Result kpi(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", data.toString(), "--lake", lake.toString()));
    return Cli.run(all.toArray(new String[0]));
  }

  private Cli.Result ok(String... args) {
    Cli.Result result = kpi(args);
    assertThat(result.exitCode).as("kpi " + String.join(" ", args) + "\n" + result).isZero();
    return result;
  }

  /** Every table's rows, ordered by all columns. */
  private Map<String, List<String>> contents() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String table : KEYS.keySet()) {
      out.put(table, Duck.query(data, "SELECT * FROM " + table + " ORDER BY ALL"));
    }
    return out;
  }

  /** Per table, per date (the whole table for dimensions): the row count and a hash of the rows. */
  private Map<String, Map<String, String>> digests() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String table : KEYS.keySet()) {
      String date = DATE_COLUMN.getOrDefault(table, "'all'");
      Map<String, String> byDate = new TreeMap<>();
      for (String row :
          Duck.query(
              data,
              "SELECT CAST(" + date + " AS VARCHAR), count(*), md5(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR)))"
                  + " FROM " + table + " AS t GROUP BY 1")) {
        int bar = row.indexOf('|');
        byDate.put(row.substring(0, bar), row.substring(bar + 1));
      }
      out.put(table, byDate);
    }
    return out;
  }

  private void assertNoDuplicateKeys() {
    for (Map.Entry<String, String> table : KEYS.entrySet()) {
      assertThat(
              Duck.query(
                  data, "SELECT " + table.getValue() + ", count(*) FROM " + table.getKey() + " GROUP BY ALL HAVING count(*) > 1 LIMIT 10"))
          .as("duplicate keys (" + table.getValue() + ") in " + table.getKey())
          .isEmpty();
    }
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file)) {
          Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteFolder(Path folder) throws IOException {
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
            Files.delete(directory);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
