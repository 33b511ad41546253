package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.MetricGraph;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.summary.Summary;
import dev.kpi.runtime.testing.Browser;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.Duck;
import dev.kpi.slack.KpiFormat;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop's dashboard and catalog site on the fixture lake, in a headless browser: they load with
 * no error and no network request, the charts draw, and every number on the dashboard is the
 * marts' row it says it is, formatted as the Slack message formats it. Screenshots go to
 * target/screenshots for review.
 */
@ExtendWith(ShopCatalogIsValid.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest {
  private static final String FROM = "2021-02-01";
  private static final LocalDate DATE = LocalDate.parse("2021-03-05");
  private final Catalog shop = ShopCatalog.build();
  private final Summary summary = shop.summaries().get(0);
  private Path data;
  private Path site;
  private Browser browser;

  @BeforeAll
  void buildAndWrite(@TempDir Path folder) throws Exception {
    data = folder.resolve("data");
    site = folder.resolve("site");
    Path lake = MartDifferentialTest.handCheckableLake().writeParquet(folder.resolve("lake"));
    Cli.Result backfill = Cli.run("backfill", "--from", FROM, "--to", DATE.toString(), "--data-dir", data.toString(), "--lake", lake.toString());
    assertThat(backfill.exitCode).as(backfill.toString()).isZero();
    Cli.Result docs = Cli.run("docs", "--out", site.toString());
    assertThat(docs.exitCode).as(docs.toString()).isZero();
    Cli.Result dashboard = Cli.run("dashboard", "--out", site.resolve("dashboard").toString(), "--data-dir", data.toString(), "--days", "28");
    assertThat(dashboard.exitCode).as(dashboard.toString()).isZero();
    assertThat(dashboard.out).isEmpty();
    assertThat(dashboard.err).startsWith("kpi: the dashboard of " + DATE + ", the last date built in mart " + summary.mart() + " (--date chooses another)\n");
  }

  /** Started on first use: the tests that read no page run without a browser. */
  private Browser browser() throws Exception {
    if (browser == null) {
      browser = Browser.start();
    }
    return browser;
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void theDashboardLoadsOfflineWithoutErrorsAndEveryChartDraws() throws Exception {
    try (Browser.Page page = browser().open(site.resolve("dashboard/index.html"), 1280, 900)) {
      assertThat(page.problems()).isEmpty();
      assertThat(page.networkRequests()).isEmpty();
      JsonArray charts = page.eval("[...document.querySelectorAll('.chart')].map(c => { const s = c.querySelector('svg');"
          + " const r = s ? s.getBoundingClientRect() : {width: 0, height: 0}; return {drawn: c.dataset.drawn === 'true', width: r.width, height: r.height,"
          + " marks: s ? s.querySelectorAll('path').length : 0}; })").getAsJsonArray();
      Mart daily = shop.findMart(summary.mart()).orElseThrow();
      assertThat(charts).hasSize(daily.metrics().size() + (summary.breakdown().isPresent() ? 1 : 0));
      for (JsonElement chart : charts) {
        JsonObject c = chart.getAsJsonObject();
        assertThat(c.get("drawn").getAsBoolean()).as(c.toString()).isTrue();
        assertThat(c.get("width").getAsDouble()).as(c.toString()).isGreaterThan(200);
        assertThat(c.get("height").getAsDouble()).as(c.toString()).isGreaterThan(100);
        assertThat(c.get("marks").getAsInt()).as(c.toString()).isGreaterThan(3);
      }
      assertThat(page.eval("document.querySelectorAll('.card').length").getAsInt()).isEqualTo(summary.headline().size());
      page.screenshot(Path.of("target/screenshots/dashboard.png"));
      assertThat(page.problems()).isEmpty();
    }
  }

  @Test
  void everyNumberOnTheDashboardIsItsMartRowFormattedAsInSlack() throws Exception {
    try (Browser.Page page = browser().open(site.resolve("dashboard/index.html"), 1280, 900)) {
      JsonArray cells = page.eval("[...document.querySelectorAll('table.mart tbody tr:not(.rest) td[data-metric]')].map(td => ({mart: td.closest('table').dataset.mart,"
          + " period: td.parentElement.dataset.period || null, label: td.parentElement.dataset.label || null, metric: td.dataset.metric,"
          + " value: td.dataset.value || null, text: td.textContent}))").getAsJsonArray();
      assertThat(cells).isNotEmpty();
      int checked = 0;
      for (JsonElement element : cells) {
        JsonObject cell = element.getAsJsonObject();
        Mart mart = shop.findMart(cell.get("mart").getAsString()).orElseThrow();
        String where = mart.grain().dateColumn() + " = '" + (cell.get("period").isJsonNull() ? DATE.toString() : cell.get("period").getAsString()) + "'";
        if (!cell.get("label").isJsonNull()) {
          where += " AND " + mart.dimensions().get(0) + " = '" + cell.get("label").getAsString() + "'";
        }
        Optional<BigDecimal> expected = martValue(mart.name(), cell.get("metric").getAsString(), where);
        assertThat(value(cell)).as(cell.toString()).isEqualTo(expected);
        assertThat(cell.get("text").getAsString()).as(cell.toString()).isEqualTo(KpiFormat.value(expected, shop.metric(cell.get("metric").getAsString()).unit()));
        checked++;
      }
      assertThat(checked).isEqualTo(cells.size());

      summary.breakdown().ifPresent(b -> {
        try {
          JsonObject rest = page.eval("(() => { const r = document.querySelector('tr.rest'); return r ? {count: +r.dataset.rest,"
              + " values: Object.fromEntries([...r.querySelectorAll('td[data-metric]')].map(td => [td.dataset.metric, td.dataset.value || null]))} : {count: 0, values: {}}; })()").getAsJsonObject();
          Mart mart = shop.findMart(b.mart()).orElseThrow();
          java.util.List<String> shown = page.eval("[...document.querySelectorAll('table[data-mart=\"" + b.mart() + "\"] tr[data-label]')].map(r => r.dataset.label)").getAsJsonArray()
              .asList().stream().map(JsonElement::getAsString).toList();
          String notShown = mart.grain().dateColumn() + " = '" + DATE + "' AND " + b.dimension() + " NOT IN ('" + String.join("', '", shown) + "')";
          // No "rest" row when every row is among the top ones (the fixture has few item types).
          assertThat(rest.get("count").getAsInt()).as("rows not among the top ones").isEqualTo(Integer.parseInt(Duck.value(data, "SELECT COUNT(*) FROM mart." + mart.name() + " WHERE " + notShown)));
          for (String metric : rest.getAsJsonObject("values").keySet()) {
            if (shop.graph().kind(metric) == MetricGraph.Kind.ADDITIVE) {
              BigDecimal sum = new BigDecimal(Duck.value(data, "SELECT SUM(" + metric + ") FROM mart." + mart.name() + " WHERE " + notShown));
              assertThat(value(rest.getAsJsonObject("values"), metric)).as("the rest's " + metric).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(sum));
            } else {
              assertThat(rest.getAsJsonObject("values").get(metric).isJsonNull()).as("a rest of " + metric + " does not add up").isTrue();
            }
          }
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });

      Mart daily = shop.findMart(summary.mart()).orElseThrow();
      JsonArray cards = page.eval("[...document.querySelectorAll('.card')].map(c => ({metric: c.dataset.metric, value: c.querySelector('.value').dataset.value || null,"
          + " text: c.querySelector('.value').textContent, compared: [...c.querySelectorAll('dd[data-compared]')].map(d => ({days: +d.dataset.compared, value: d.dataset.value || null})),"
          + " mtd: c.querySelector('.month-to-date').dataset.value || null}))").getAsJsonArray();
      for (JsonElement element : cards) {
        JsonObject card = element.getAsJsonObject();
        String metric = card.get("metric").getAsString();
        String dateColumn = daily.grain().dateColumn();
        Optional<BigDecimal> today = martValue(daily.name(), metric, dateColumn + " = '" + DATE + "'");
        assertThat(value(card)).as(card.toString()).isEqualTo(today);
        assertThat(card.get("text").getAsString()).isEqualTo(KpiFormat.value(today, shop.metric(metric).unit()));
        for (JsonElement compared : card.getAsJsonArray("compared")) {
          JsonObject c = compared.getAsJsonObject();
          assertThat(value(c)).as(card.toString()).isEqualTo(martValue(daily.name(), metric, dateColumn + " = '" + DATE.minusDays(c.get("days").getAsInt()) + "'"));
        }
        if (shop.graph().kind(metric) == MetricGraph.Kind.ADDITIVE) {
          // Independently of the router: the days of the month so far, added up.
          BigDecimal sum = new BigDecimal(Duck.value(data, "SELECT SUM(" + metric + ") FROM mart." + daily.name() + " WHERE " + dateColumn + " BETWEEN '" + DATE.withDayOfMonth(1) + "' AND '" + DATE + "'"));
          assertThat(value(card, "mtd")).as(card.toString()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(sum));
        } else if (shop.metric(metric) instanceof Metric.Rolling) {
          assertThat(card.get("mtd").isJsonNull()).as(card.toString()).isTrue();
        } else {
          Mart monthly = shop.marts().stream().filter(m -> m.grain() == dev.kpi.model.mart.Grain.MONTH && m.metrics().contains(metric) && m.dimensions().isEmpty()).findFirst().orElseThrow();
          assertThat(value(card, "mtd")).as(card.toString()).isEqualTo(martValue(monthly.name(), metric, "month_start = '" + DATE.withDayOfMonth(1) + "'"));
        }
      }
    }
  }

  @Test
  void anOlderDateSaysWhatIsNotBuiltAndWhyTheMonthToDateIsNotShown(@TempDir Path other) throws Exception {
    LocalDate date = LocalDate.parse("2021-02-10");
    Cli.Result dashboard = Cli.run("dashboard", "--out", other.toString(), "--data-dir", data.toString(), "--date", date.toString());
    assertThat(dashboard.exitCode).as(dashboard.toString()).isZero();
    LocalDate firstShown = date.minusDays(27);
    // The days before the backfill's (and its lookback's) first date.
    assertThat(dashboard.err)
        .containsPattern("kpi: warning: " + firstShown + "\\.\\.2021-01-\\d\\d are not built in mart " + summary.mart() + ": no row shows them; build with: kpi backfill --from "
            + firstShown + " --to 2021-01-\\d\\d --data-dir " + java.util.regex.Pattern.quote(data.toString()) + "\n")
        .contains("kpi: warning: the month to date is not shown: the facts already hold " + date.plusDays(1) + ", after " + date);
    String html = Files.readString(other.resolve("index.html"));
    assertThat(html).contains("<li>" + firstShown + "..").contains(" are not built in mart " + summary.mart());
    try (Browser.Page page = browser().open(other.resolve("index.html"), 1280, 900)) {
      assertThat(page.problems()).isEmpty();
      assertThat(page.eval("document.querySelectorAll('.notices li').length").getAsInt()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void everyKpiOfTheShopHasAPageThatLoadsClean() throws Exception {
    for (Metric metric : shop.metrics()) {
      try (Browser.Page page = browser().open(site.resolve("metrics/" + metric.name() + ".html"), 1280, 900)) {
        assertThat(page.problems()).as(metric.name()).isEmpty();
        assertThat(page.networkRequests()).as(metric.name()).isEmpty();
        assertThat(page.eval("document.querySelector('main h1').textContent").getAsString()).isEqualTo(metric.displayName().orElse(metric.name()));
        assertThat(page.eval("document.querySelectorAll('svg.lineage rect').length").getAsInt()).as(metric.name()).isGreaterThan(2);
        if (metric.name().equals(summary.headline().get(0))) {
          page.screenshot(Path.of("target/screenshots/kpi-page.png"));
        }
      }
    }
  }

  @Test
  void mistakesAreUsageErrorsThatNameTheOption(@TempDir Path other) {
    Cli.Result days = Cli.run("dashboard", "--out", other.toString(), "--data-dir", data.toString(), "--days", "3");
    assertThat(days.exitCode).isEqualTo(2);
    assertThat(days.err).isEqualTo("kpi: error: --days 3 is out of range; give 7 to 366 days\n");
    String misspelt = summary.name().substring(0, summary.name().length() - 1);
    Cli.Result unknown = Cli.run("dashboard", "--out", other.toString(), "--data-dir", data.toString(), "--summary", misspelt);
    assertThat(unknown.exitCode).isEqualTo(2);
    assertThat(unknown.err).startsWith("kpi: error: there is no summary '" + misspelt + "' (did you mean '" + summary.name() + "'?)");
    Cli.Result empty = Cli.run("dashboard", "--out", other.toString(), "--data-dir", other.resolve("new").toString());
    assertThat(empty.exitCode).as(empty.toString()).isEqualTo(1);
    assertThat(empty.err).startsWith("kpi: error: no embedded warehouse in " + other.resolve("new") + " (no embedded.duckdb there): nothing has been built in this folder; build a date first");
    assertThat(other.resolve("index.html")).doesNotExist();

    Cli.Result unbuilt = Cli.run("dashboard", "--out", other.toString(), "--data-dir", data.toString(), "--date", "2030-01-01");
    assertThat(unbuilt.exitCode).isEqualTo(1);
    assertThat(unbuilt.err).isEqualTo("kpi: error: mart " + summary.mart() + " has no row of 2030-01-01, so its dashboard would show no numbers; build the date with: kpi run --date 2030-01-01"
        + " --data-dir " + data + ", or give the last date built: --date " + DATE + "\n");
    assertThat(other.resolve("index.html")).doesNotExist();
  }

  @Test
  void insideTheCatalogSiteEachCardLinksToItsKpisPage() throws Exception {
    String html = Files.readString(site.resolve("dashboard/index.html"));
    for (String metric : summary.headline()) {
      assertThat(html).contains("<a href=\"../metrics/" + metric + ".html\">");
      assertThat(site.resolve("metrics/" + metric + ".html")).exists();
    }
    assertThat(html).contains("<a href=\"../index.html\">");
  }

  private Optional<BigDecimal> martValue(String mart, String metric, String where) {
    // A period no build wrote has no row: the page shows no value for it.
    java.util.List<String> rows = Duck.query(data, "SELECT " + metric + " FROM mart." + mart + " WHERE " + where);
    assertThat(rows.size()).as(mart + " where " + where).isLessThanOrEqualTo(1);
    String value = rows.isEmpty() ? "null" : rows.get(0);
    return value.equals("null") ? Optional.empty() : Optional.of(new BigDecimal(value).stripTrailingZeros());
  }

  private static Optional<BigDecimal> value(JsonObject json) {
    return value(json, "value");
  }

  private static Optional<BigDecimal> value(JsonObject json, String field) {
    return json.get(field).isJsonNull() ? Optional.empty() : Optional.of(new BigDecimal(json.get(field).getAsString()).stripTrailingZeros());
  }
}
