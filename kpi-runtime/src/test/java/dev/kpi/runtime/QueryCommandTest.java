package dev.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.Duck;
import dev.kpi.runtime.testing.TestCatalogProvider;
import dev.kpi.runtime.testing.TestCatalogs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kpi query} on the test catalog (revenue, sales, the shop dimension) and a lake small
 * enough to add up by hand: 2024-03-08 shibuya 1000.5; 2024-03-09 shibuya 200 (14:59:59Z, still
 * the 9th in Tokyo); 2024-03-10 ginza 300 (15:30Z on the 9th) and ginza 400.25.
 */
class QueryCommandTest {
  @TempDir Path temp;
  Path lake;
  Path data;

  @BeforeEach
  void lakeAndWarehouse() throws IOException {
    lake = Files.createDirectories(temp.resolve("lake"));
    data = temp.resolve("data");
    Files.writeString(
        lake.resolve("sales.csv"),
        String.join(
                "\n",
                "sale_id,shop,amount,sold_at",
                "1,shibuya,1000.5,2024-03-08T03:00:00Z",
                "2,shibuya,200,2024-03-09T14:59:59Z",
                "3,ginza,300,2024-03-09T15:30:00Z",
                "4,ginza,400.25,2024-03-10T10:00:00Z")
            + "\n",
        StandardCharsets.UTF_8);
    Cli.Result backfill = Cli.run("backfill", "--from", "2024-03-04", "--to", "2024-03-10", "--data-dir", data.toString(), "--lake", lake.toString());
    assertThat(backfill.exitCode).as(backfill.toString()).isZero();
  }

  @AfterEach
  void resetCatalog() {
    TestCatalogProvider.use(TestCatalogs::v1);
  }

  private Cli.Result query(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = data.toString();
    return Cli.run(all);
  }

  private JsonObject json(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--format";
    all[args.length + 1] = "json";
    Cli.Result result = query(all);
    assertThat(result.exitCode).as(result.toString()).isZero();
    return JsonParser.parseString(result.out).getAsJsonObject();
  }

  private static List<String> rows(JsonObject answer) {
    JsonArray rows = answer.getAsJsonArray("rows");
    return rows.asList().stream().map(r -> r.getAsJsonObject().entrySet().stream().map(e -> e.getValue().isJsonNull() ? "NULL" : e.getValue().getAsString()).reduce((a, b) -> a + "|" + b).orElse("")).toList();
  }

  @Test
  void aQueryAMartHoldsIsReadFromTheMartAndEqualsItsRows() {
    JsonObject answer = json("query", "--metrics", "revenue,sales", "--from", "2024-03-04", "--to", "2024-03-10");
    assertThat(answer.get("source").getAsString()).isEqualTo("mart daily_sales");
    assertThat(answer.get("reason").getAsString()).isEqualTo("mart daily_sales holds revenue, sales per day, and its rows of 2024-03-04..2024-03-10 are current by the ledger");
    List<String> mart =
        Duck.query(data, "SELECT business_date, revenue, sales FROM mart.daily_sales WHERE business_date BETWEEN '2024-03-04' AND '2024-03-10' ORDER BY 1").stream()
            .map(r -> {
              String[] cells = r.split("\\|");
              return cells[0] + "|" + new java.math.BigDecimal(cells[1]).stripTrailingZeros().toPlainString() + "|" + cells[2];
            })
            .toList();
    assertThat(rows(answer)).isEqualTo(mart);
    assertThat(rows(answer)).contains("2024-03-08|1000.5|1", "2024-03-09|200|1", "2024-03-10|700.25|2", "2024-03-04|0|0");
  }

  @Test
  void aQueryNoMartHoldsIsCompiledAndAddsUpAsTheDefinitionsSay() {
    JsonObject weekly = json("query", "--metrics", "revenue,sales", "--by", "shop", "--grain", "week", "--from", "2024-03-04", "--to", "2024-03-10");
    assertThat(weekly.get("source").getAsString()).isEqualTo("the warehouse tables");
    assertThat(weekly.get("reason").getAsString()).isEqualTo("no mart holds revenue, sales per week by shop");
    assertThat(rows(weekly)).containsExactly("2024-03-04|ginza|700.25|2", "2024-03-04|shibuya|1200.5|2");
    assertThat(weekly.getAsJsonArray("warnings")).isEmpty();

    JsonObject ginza = json("query", "--metrics", "revenue", "--grain", "month", "--where", "shop = 'ginza'", "--from", "2024-01-15", "--to", "2024-03-10");
    assertThat(rows(ginza)).containsExactly("2024-01-01|0", "2024-02-01|0", "2024-03-01|700.25");
    assertThat(ginza.get("query").getAsJsonObject().get("filter").getAsString()).isEqualTo("shop = 'ginza'");
    assertThat(ginza.getAsJsonArray("warnings").get(0).getAsString())
        .startsWith("warehouse.fct_sales does not hold 2024-01-01..2024-")
        .contains(" by the current definitions: the answer may miss or miscount their rows; build them with: kpi backfill --from 2024-01-01 --to 2024-")
        .endsWith(" --data-dir " + data);
  }

  @Test
  void theTableShowsTheValuesAsTheSummaryDoesAndTheWarningsUnderThem() {
    Cli.Result table = query("query", "--metrics", "revenue", "--by", "shop", "--grain", "week", "--from", "2024-01-29", "--to", "2024-03-10", "--order", "-revenue,week_start");
    assertThat(table.exitCode).as(table.toString()).isZero();
    assertThat(table.out)
        .startsWith(
            "revenue per week by shop, from the warehouse tables\n\n"
                + "week_start  shop     revenue\n"
                + "----------------------------\n"
                + "2024-03-04  shibuya   ¥1,201\n"
                + "2024-03-04  ginza       ¥700\n"
                + "(2 rows)\n\nwarning: the numbers may be incomplete:\n  - warehouse.fct_sales does not hold 2024-01-29..");
    Cli.Result csv = query("query", "--metrics", "revenue,sales", "--by", "shop", "--grain", "week", "--from", "2024-03-04", "--to", "2024-03-10", "--format", "csv", "--limit", "1");
    assertThat(csv.out).isEqualTo("week_start,shop,revenue,sales\n2024-03-04,ginza,700.25,2\n");
  }

  @Test
  void explainSaysWhereTheAnswerComesFromAndPrintsItsSqlWithoutRunningIt() {
    Cli.Result explain = query("query", "--metrics", "revenue", "--by", "shop", "--dense", "--from", "2024-03-09", "--to", "2024-03-10", "--explain");
    assertThat(explain.exitCode).as(explain.toString()).isZero();
    assertThat(explain.out)
        .startsWith("answered from: the warehouse tables\nwhy: no mart holds revenue per day by shop (dense)\n")
        .contains("bytes processed: not estimated (this warehouse bills no bytes)\n")
        .contains("parameters: start_date = 2024-03-09, end_date = 2024-03-10\n\n-- query: revenue per day by shop (dense)\n-- compiled from the warehouse tables\nWITH\n")
        .contains("ORDER BY business_date ASC NULLS LAST, shop ASC NULLS LAST\n")
        .doesNotContain("700.25");
    Cli.Result fromMart = query("query", "--metrics", "sales", "--from", "2024-03-09", "--to", "2024-03-10", "--explain");
    assertThat(fromMart.out).startsWith("answered from: mart daily_sales\nwhy: mart daily_sales holds sales per day, and its rows of 2024-03-09..2024-03-10 are current by the ledger\n");
  }

  /** A mart answers only while its rows are current: built by an older definition, or before its facts were rebuilt, the query is compiled. */
  @Test
  void aMartWhoseRowsAreNotCurrentIsNotRead() {
    String[] daily = {"query", "--metrics", "revenue", "--from", "2024-03-08", "--to", "2024-03-09"};
    assertThat(json(daily).get("source").getAsString()).isEqualTo("mart daily_sales");

    // A run that stopped between the fact and the mart: the fact's 2024-03-09 is newer than the mart's.
    Duck.execute(data, "UPDATE kpi.built_dates SET built_at = built_at + INTERVAL 1 HOUR WHERE table_name = 'warehouse.fct_sales' AND business_date = DATE '2024-03-09'");
    JsonObject behind = json(daily);
    assertThat(behind.get("source").getAsString()).isEqualTo("the warehouse tables");
    assertThat(behind.get("reason").getAsString()).isEqualTo("mart daily_sales holds them, but not as current: 2024-03-09 behind its facts");
    assertThat(rows(behind)).containsExactly("2024-03-08|1000.5", "2024-03-09|200");
    Cli.Result shown = query("show", "--mart", "daily_sales", "--from", "2024-03-08", "--to", "2024-03-09", "--format", "csv");
    assertThat(shown.out).isEqualTo("business_date,revenue,sales,status\n2024-03-08,1000.5,1,current\n2024-03-09,200,1,behind its facts\n");
    assertThat(shown.err)
        .isEqualTo("kpi: warning: 2024-03-09 was built before its facts were rebuilt (a run that stopped between them): their numbers are of the facts' earlier rows;"
            + " rebuild with: kpi backfill --from 2024-03-09 --to 2024-03-09 --force --data-dir " + data + "\n");

    TestCatalogProvider.use(TestCatalogs::v3ShopAsNumber);
    JsonObject stale = json(daily);
    assertThat(stale.get("reason").getAsString()).isEqualTo("mart daily_sales holds them, but not as current: 2024-03-08 stale, 2024-03-09 stale");
    assertThat(stale.getAsJsonArray("warnings").get(0).getAsString()).startsWith("warehouse.fct_sales does not hold 2024-03-08..2024-03-09 by the current definitions");
  }

  /** A filter's value the warehouse has none of would quietly count nothing: the answer says so, with the closest value. */
  @Test
  void aFilterValueTheWarehouseHasNoneOfIsAWarning() {
    JsonObject answer = json("query", "--metrics", "revenue", "--where", "shop IN ('Ginza', 'shibuya')", "--from", "2024-03-04", "--to", "2024-03-10");
    assertThat(answer.getAsJsonArray("warnings").get(0).getAsString())
        .isEqualTo("shop 'Ginza' is not a value the warehouse has in these dates (did you mean 'ginza'?): the answer counts no rows for it");
    assertThat(answer.getAsJsonArray("warnings")).hasSize(1);
    assertThat(json("query", "--metrics", "revenue", "--where", "shop = 'ginza'", "--from", "2024-03-04", "--to", "2024-03-10").getAsJsonArray("warnings")).isEmpty();
    JsonObject excluded = json("query", "--metrics", "revenue", "--where", "NOT shop = 'Ginza'", "--from", "2024-03-04", "--to", "2024-03-10");
    assertThat(excluded.getAsJsonArray("warnings").get(0).getAsString())
        .isEqualTo("shop 'Ginza' is not a value the warehouse has in these dates (did you mean 'ginza'?): excluding it excludes nothing");
  }

  /** Dates after the facts' last built date show 0 in a compiled answer: it says so. */
  @Test
  void datesPastTheFactsAreAWarning() {
    JsonObject daily = json("query", "--metrics", "revenue", "--from", "2024-03-09", "--to", "2024-03-12");
    assertThat(daily.get("source").getAsString()).isEqualTo("the warehouse tables");
    assertThat(daily.getAsJsonArray("warnings").asList().stream().map(w -> w.getAsString()).toList())
        .contains("warehouse.fct_sales is built up to 2024-03-10: the dates after it show 0, not their numbers");
    JsonObject weekly = json("query", "--metrics", "revenue", "--grain", "week", "--from", "2024-03-04", "--to", "2024-03-20");
    // 2024-03-10 is a Sunday: its week is whole, the weeks after it are empty.
    assertThat(weekly.getAsJsonArray("warnings").asList().stream().map(w -> w.getAsString()).toList())
        .containsExactly("warehouse.fct_sales is built up to 2024-03-10: the weeks after it show 0, not their numbers");
    JsonObject monthly = json("query", "--metrics", "revenue", "--grain", "month", "--from", "2024-03-04", "--to", "2024-03-10");
    assertThat(monthly.getAsJsonArray("warnings").asList().stream().map(w -> w.getAsString()).toList())
        .containsExactly("the month of 2024-03-01 holds the business dates up to 2024-03-10 only (warehouse.fct_sales is built up to it)");
  }

  @Test
  void everyCommandSaysItsVersion() {
    for (String command : List.of("query", "list", "show", "docs")) {
      Cli.Result version = Cli.run(command, "-V");
      assertThat(version.exitCode).isZero();
      assertThat(version.out).as(command).startsWith("kpi ");
    }
  }

  @Test
  void aSavedQueryIsAskedByName() {
    JsonObject saved = json("query", "--saved", "sales_by_shop_weekly", "--from", "2024-03-04", "--to", "2024-03-10");
    assertThat(saved.get("query").getAsJsonObject().get("name").getAsString()).isEqualTo("sales_by_shop_weekly");
    assertThat(rows(saved)).containsExactly("2024-03-04|ginza|700.25|2", "2024-03-04|shibuya|1200.5|2");
  }

  @Test
  void everyMistakeIsAUsageErrorNamingWhatToWrite() {
    assertUsage(query("query", "--metrics", "revenu", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: the query cannot be answered (1 problem):\n  - metric 'revenu' does not exist (did you mean 'revenue'?); name a metric of the catalog\n");
    assertUsage(query("query", "--metrics", "revenue", "--by", "shopp", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: the query cannot be answered (1 problem):\n  - dimension 'shopp' is not a dimension of the catalog (did you mean 'shop'?)\n");
    assertUsage(query("query", "--metrics", "revenue", "--where", "shop = 3", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: --where: the filter \"shop = 3\" compares shop (STRING) with the number 3; write a text in single quotes, as 'value'\n");
    assertUsage(query("query", "--metrics", "revenue", "--order", "-revenu", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: --order -revenu: the answer has no column 'revenu' (did you mean 'revenue'?); it has business_date, revenue\n");
    assertUsage(query("query", "--metrics", "revenue", "--from", "2024-03-10", "--to", "2024-03-04"),
        "kpi: error: --from 2024-03-10 is after --to 2024-03-04; give --from on or before --to\n");
    assertUsage(query("query", "--metrics", "revenue", "--grain", "year", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: --grain year is not a grain; use day, week or month\n");
    assertUsage(query("query", "--saved", "weekly", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: there is no saved query 'weekly'; the definitions declare sales_by_shop_weekly\n");
    assertUsage(query("query", "--saved", "sales_by_shop_weekly", "--metrics", "revenue", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: --saved sales_by_shop_weekly is the whole question; leave out --metrics, --by, --grain, --where and --dense (or leave out --saved)\n");
    assertUsage(query("query", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: name the metrics to answer with --metrics (kpi list metrics lists them), or a saved query with --saved\n");
    assertUsage(query("query", "--metrics", "revenue", "--limit", "0", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: --limit 0 gives no rows; give 1 or more\n");
    assertUsage(query("query", "--metrics", "revenue", "--where", "shop == 'ginza'", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: --where: the filter \"shop == 'ginza'\" has '==' at column 6, which is not a comparison; write = for equal\n");
    assertUsage(query("query", "--metrics", "revenue", "--dense", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: the query cannot be answered (1 problem):\n  - --dense needs a dimension to be dense over: add --by DIMENSION (every period has a row without one)\n");
    assertUsage(query("query", "--metrics", "REVENUE", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: the query cannot be answered (1 problem):\n  - metric 'REVENUE' does not exist (did you mean 'revenue'?); name a metric of the catalog\n");
    assertUsage(query("query", "--metrics", "revenue", "--explain", "--format", "json", "--from", "2024-03-04", "--to", "2024-03-10"),
        "kpi: error: --explain prints where the answer comes from, as text; leave out --format json (or --explain)\n");
    Cli.Result badDay = query("query", "--metrics", "revenue", "--from", "2024-13-01", "--to", "2024-03-10");
    assertThat(badDay.exitCode).isEqualTo(2);
    assertThat(badDay.err).contains("'2024-13-01' is not a day of the calendar (").contains("MonthOfYear");
  }

  private static void assertUsage(Cli.Result result, String err) {
    assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
    assertThat(result.err).isEqualTo(err);
    assertThat(result.out).isEmpty();
  }

  /** The embedded warehouse cannot be read while a build writes it: a reading command waits, and says so. */
  @Test
  void aQueryWaitsForABuildThatHoldsTheFolder() throws Exception {
    CompletableFuture<Cli.Result> answer;
    try (FileChannel channel = FileChannel.open(data.resolve("kpi.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      answer = CompletableFuture.supplyAsync(() -> query("query", "--metrics", "revenue", "--from", "2024-03-09", "--to", "2024-03-10", "--format", "csv"));
      Thread.sleep(1500);
      assertThat(answer).isNotDone();
    }
    Cli.Result result = answer.get(60, TimeUnit.SECONDS);
    assertThat(result.exitCode).as(result.toString()).isZero();
    assertThat(result.err).contains("kpi: waiting for " + data.toAbsolutePath().normalize() + ": another kpi command is using it");
    assertThat(result.out).isEqualTo("business_date,revenue\n2024-03-09,200\n2024-03-10,700.25\n");
  }
}
