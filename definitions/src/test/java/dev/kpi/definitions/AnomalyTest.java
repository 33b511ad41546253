package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.summary.AnomalyCheck;
import dev.kpi.model.summary.Summary;
import dev.kpi.runtime.lake.SampleLake;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.Duck;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop's anomaly checks on two lakes that differ on one day: as generated (a normal week: the
 * morning message says nothing unusual) and with 75 % of that day's orders gone (a real drop:
 * the message and kpi show flag it, with the baseline the mart's own rows give).
 */
@ExtendWith(ShopCatalogIsValid.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnomalyTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-24");
  private static final String FROM = "2026-09-15";
  private final Summary summary = ShopCatalog.build().summaries().get(0);
  private Path normal;
  private Path dropped;

  @BeforeAll
  void buildBoth(@TempDir Path folder) throws Exception {
    Path lake = folder.resolve("lake");
    SampleLake.of(LocalDate.parse("2026-09-01"), DAY, 0.3, 7).writeTo(lake);
    Path thinned = Files.createDirectories(folder.resolve("thinned"));
    for (String table : List.of("creators", "items", "products")) {
      Files.copy(lake.resolve(table + ".parquet"), thinned.resolve(table + ".parquet"));
    }
    // The day's orders with order_id % 20 below 15 (about 75 %), and their items, are gone.
    String gone = "(CAST(ordered_at AT TIME ZONE 'Asia/Tokyo' AS DATE) = DATE '" + DAY + "' AND order_id % 20 < 15)";
    Duck.scratch(
        "COPY (SELECT * FROM '" + lake.resolve("orders.parquet") + "' WHERE NOT " + gone + ") TO '" + thinned.resolve("orders.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT i.* FROM '" + lake.resolve("order_items.parquet") + "' i WHERE i.order_id IN (SELECT order_id FROM '" + thinned.resolve("orders.parquet") + "'))"
            + " TO '" + thinned.resolve("order_items.parquet") + "' (FORMAT parquet)");
    normal = backfill(folder.resolve("normal"), lake);
    dropped = backfill(folder.resolve("dropped"), thinned);
  }

  private static Path backfill(Path data, Path lake) {
    Cli.Result result = Cli.run("backfill", "--from", FROM, "--to", DAY.toString(), "--data-dir", data.toString(), "--lake", lake.toString());
    assertThat(result.exitCode).as(result.toString()).isZero();
    return data;
  }

  @Test
  void aNormalWeekSaysNothingUnusual() {
    Cli.Result message = Cli.run("notify", "--date", DAY.toString(), "--dry-run", "--data-dir", normal.toString());
    assertThat(message.exitCode).as(message.toString()).isZero();
    assertThat(message.out).doesNotContain("いつもと違う");
    for (AnomalyCheck check : summary.anomalyChecks()) {
      assertThat(anomaly(normal, check.metric()).get("flagged").getAsBoolean()).as(check.metric()).isFalse();
    }
  }

  @Test
  void aRealDropIsFlaggedInTheMessageAndInShowWithItsBaseline() {
    Cli.Result message = Cli.run("notify", "--date", DAY.toString(), "--dry-run", "--data-dir", dropped.toString());
    assertThat(message.exitCode).as(message.toString()).isZero();
    AnomalyCheck gmv = summary.anomalyChecks().stream().filter(c -> c.metric().equals(summary.headline().get(0))).findFirst().orElseThrow();
    assertThat(message.out).contains("⚠️ いつもと違う: 過去" + gmv.weeks() + "週の同曜日の中央値 ¥");
    assertThat(message.out).contains("(⚠️ いつもと違う: ");

    JsonObject flagged = anomaly(dropped, gmv.metric());
    assertThat(flagged.get("flagged").getAsBoolean()).isTrue();
    // The baseline is the median of the mart's own values on the previous same weekdays.
    List<BigDecimal> weeks = new ArrayList<>();
    for (int week = 1; week <= gmv.weeks(); week++) {
      weeks.add(new BigDecimal(Duck.value(dropped, "SELECT " + gmv.metric() + " FROM mart." + summary.mart() + " WHERE business_date = DATE '" + DAY.minusWeeks(week) + "'")));
    }
    weeks.sort(BigDecimal::compareTo);
    BigDecimal median = weeks.get(weeks.size() / 2 - 1).add(weeks.get(weeks.size() / 2)).divide(BigDecimal.valueOf(2));
    assertThat(flagged.getAsJsonObject("baseline").get("median").getAsBigDecimal()).isEqualByComparingTo(median);
    assertThat(flagged.getAsJsonObject("baseline").getAsJsonArray("dates")).hasSize(gmv.weeks());
    assertThat(flagged.get("change_from_median").getAsBigDecimal()).isLessThan(gmv.minChange().negate());

    Cli.Result table = Cli.run("show", "--date", DAY.toString(), "--data-dir", dropped.toString());
    assertThat(table.out).contains("anomaly checks (against the same weekday of the previous weeks):").contains("  UNUSUAL ");
  }

  @Test
  void eachTargetOfTheMonthShowsTheMonthToDateAndThePaceTheRestNeeds() {
    var shop = ShopCatalog.build();
    Cli.Result shown = Cli.run("show", "--date", DAY.toString(), "--format", "json", "--data-dir", normal.toString());
    assertThat(shown.exitCode).as(shown.toString()).isZero();
    int checked = 0;
    for (var mart : JsonParser.parseString(shown.out).getAsJsonObject().getAsJsonArray("marts")) {
      for (var element : mart.getAsJsonObject().getAsJsonArray("metrics")) {
        JsonObject metric = element.getAsJsonObject();
        var target = shop.targetOf(metric.get("name").getAsString(), DAY);
        if (target.isEmpty()) {
          assertThat(metric.has("target")).isFalse();
          continue;
        }
        // Independently: the mart's days of the month so far, added up.
        BigDecimal sum = new BigDecimal(Duck.value(normal, "SELECT SUM(" + target.get().metric() + ") FROM mart." + mart.getAsJsonObject().get("mart").getAsString()
            + " WHERE business_date BETWEEN DATE '" + DAY.withDayOfMonth(1) + "' AND DATE '" + DAY + "'"));
        JsonObject t = metric.getAsJsonObject("target");
        assertThat(t.get("month_to_date").getAsBigDecimal()).isEqualByComparingTo(sum);
        assertThat(t.get("target").getAsBigDecimal()).isEqualByComparingTo(target.get().value());
        int daysLeft = DAY.lengthOfMonth() - DAY.getDayOfMonth();
        assertThat(t.get("days_left").getAsInt()).isEqualTo(daysLeft);
        assertThat(t.get("needed_per_day").getAsBigDecimal())
            .isEqualByComparingTo(target.get().value().subtract(sum).max(BigDecimal.ZERO).divide(BigDecimal.valueOf(daysLeft), 6, java.math.RoundingMode.HALF_UP));
        assertThat(t.get("days_not_built").getAsInt()).isZero();
        checked++;
      }
    }
    assertThat(checked).isEqualTo(shop.targets().stream().filter(x -> x.month().equals(java.time.YearMonth.from(DAY))).count());
    Cli.Result message = Cli.run("notify", "--date", DAY.toString(), "--dry-run", "--data-dir", normal.toString());
    assertThat(message.out).contains("🎯 月目標 ¥");
  }

  private static JsonObject anomaly(Path data, String metric) {
    Cli.Result shown = Cli.run("show", "--date", DAY.toString(), "--format", "json", "--data-dir", data.toString());
    assertThat(shown.exitCode).as(shown.toString()).isZero();
    return StreamSupport.stream(JsonParser.parseString(shown.out).getAsJsonObject().getAsJsonArray("marts").spliterator(), false)
        .flatMap(m -> StreamSupport.stream(m.getAsJsonObject().getAsJsonArray("metrics").spliterator(), false))
        .map(m -> m.getAsJsonObject())
        .filter(m -> m.get("name").getAsString().equals(metric) && m.has("anomaly"))
        .findFirst()
        .orElseThrow()
        .getAsJsonObject("anomaly");
  }
}
