package dev.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.catalog.Catalog;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kpi command on a small test catalog and a CSV lake. */
class CliTest {
  @TempDir Path temp;
  Path lake;
  Path data;

  @BeforeEach
  void lake() throws IOException {
    lake = Files.createDirectories(temp.resolve("lake"));
    data = temp.resolve("data");
    // 2024-03-09T15:30Z is 2024-03-10 in Tokyo; 14:59:59Z is still 2024-03-09.
    writeSales(
        "sale_id,shop,amount,sold_at",
        "1,shibuya,1000.5,2024-03-08T03:00:00Z",
        "2,shibuya,200,2024-03-09T14:59:59Z",
        "3,ginza,300,2024-03-09T15:30:00Z",
        "4,ginza,400.25,2024-03-10T10:00:00Z");
  }

  @AfterEach
  void resetCatalog() {
    TestCatalogProvider.use(TestCatalogs::v1);
  }

  private void writeSales(String... lines) throws IOException {
    Files.writeString(lake.resolve("sales.csv"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private Cli.Result kpi(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = data.toString();
    all[args.length + 2] = "--lake";
    all[args.length + 3] = lake.toString();
    return Cli.run(all);
  }

  private List<String> daily() {
    return Duck.query(data, "SELECT business_date, revenue, sales FROM mart.daily_sales ORDER BY 1");
  }

  @Test
  void runBuildsTheWindowAndPrintsTheKpis() {
    Cli.Result result = kpi("run", "--date", "2024-03-10");
    assertThat(result.exitCode).as(result.toString()).isZero();
    assertThat(result.out).contains("KPIs of 2024-03-10").contains("revenue").contains("¥700");
    // Lookback 1: the run date and the day before, after the 7 days before them (a first run
    // builds the week the KPIs are compared with).
    assertThat(daily())
        .hasSize(9)
        .startsWith("2024-03-02|0E-9|0")
        .endsWith("2024-03-08|1000.500000000|1", "2024-03-09|200.000000000|1", "2024-03-10|700.250000000|2");
  }

  @Test
  void aDatePastTheLakesLastSaleGetsANoteInsteadOfLookingLikeADayWithoutSales() {
    Cli.Result covered = kpi("run", "--date", "2024-03-10");
    assertThat(covered.err).doesNotContain("note:");
    Cli.Result past = kpi("run", "--date", "2024-03-12");
    assertThat(past.exitCode).as(past.toString()).isZero();
    assertThat(past.err)
        .contains("kpi: note: the lake's sales end on 2024-03-10 (by sold_at, business dates in Asia/Tokyo), before 2024-03-12:"
            + " the dates after it count nothing until the extract delivers them");
  }

  @Test
  void rerunningADateLeavesIdenticalTables() {
    assertThat(kpi("run", "--date", "2024-03-10").exitCode).isZero();
    List<String> first = Duck.query(data, "SELECT * FROM warehouse.fct_sales ORDER BY sale_id");
    List<String> firstMart = daily();
    assertThat(kpi("run", "--date", "2024-03-10").exitCode).isZero();
    assertThat(Duck.query(data, "SELECT * FROM warehouse.fct_sales ORDER BY sale_id")).isEqualTo(first);
    assertThat(daily()).isEqualTo(firstMart);
  }

  @Test
  void showPrintsJsonWithExactValues() {
    assertThat(kpi("run", "--date", "2024-03-10").exitCode).isZero();
    Cli.Result result = Cli.run("show", "--date", "2024-03-10", "--format", "json", "--data-dir", data.toString());
    assertThat(result.exitCode).as(result.toString()).isZero();
    assertThat(result.out).contains("\"value\": 700.25").contains("\"previous_day\"").contains("\"change\": 2.5");
  }

  @Test
  void backfillIsResumableAndForceRebuilds() {
    Cli.Result first = kpi("backfill", "--from", "2024-03-07", "--to", "2024-03-10");
    assertThat(first.exitCode).as(first.toString()).isZero();
    assertThat(daily()).hasSize(11); // 2024-03-07..10 and the 7 days before
    Cli.Result again = kpi("backfill", "--from", "2024-03-07", "--to", "2024-03-10");
    assertThat(again.out).contains("every date was already up to date");
    Cli.Result forced = kpi("backfill", "--from", "2024-03-07", "--to", "2024-03-10", "--force");
    assertThat(forced.out).contains("mart.daily_sales 2024-03-07..2024-03-10");
  }

  @Test
  void aChangedDefinitionMakesItsDatesStaleAndBackfillStaleRebuildsThem() {
    assertThat(kpi("backfill", "--from", "2024-03-07", "--to", "2024-03-10").exitCode).isZero();
    TestCatalogProvider.use(TestCatalogs::v2WithTax);

    Cli.Result status = Cli.run("status", "--data-dir", data.toString());
    assertThat(status.out).contains("warehouse.fct_sales: 11 dates built (2024-02-29..2024-03-10); 11 stale (2024-02-29..2024-03-10)");

    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.err).contains("added column amount_with_tax to warehouse.fct_sales");
    // The run rebuilt its window and the stale week before it.
    Cli.Result stillStale = Cli.run("status", "--data-dir", data.toString());
    assertThat(stillStale.out)
        .contains("2 stale (2024-02-29..2024-03-01)")
        .contains("rebuild them with kpi backfill --stale --data-dir " + data);

    Cli.Result stale = kpi("backfill", "--stale");
    assertThat(stale.exitCode).as(stale.toString()).isZero();
    assertThat(stale.out).contains("warehouse.fct_sales 2024-02-29..2024-03-01");
    assertThat(Cli.run("status", "--data-dir", data.toString()).out).contains("everything built is up to date");
    Cli.Result nothing = kpi("backfill", "--stale");
    assertThat(nothing.out).isEqualTo("nothing is stale: every date built was built by the current definitions\n");
    assertThat(Duck.query(data, "SELECT revenue_with_tax FROM mart.daily_sales WHERE business_date = DATE '2024-03-08'"))
        .containsExactly("1100.550000000");
  }

  @Test
  void aColumnWhoseTypeChangedRecreatesTheTableAndSaysSo() {
    assertThat(kpi("run", "--date", "2024-03-10").exitCode).isZero();
    TestCatalogProvider.use(TestCatalogs::v3ShopAsNumber);
    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.err).contains("recreating warehouse.fct_sales empty: the type of shop VARCHAR -> BIGINT changed");
    assertThat(Duck.query(data, "SELECT DISTINCT shop FROM warehouse.fct_sales")).containsExactly("1");
  }

  @Test
  void readingCommandsOnAFolderWhereNothingWasBuiltSaySoAndCreateNothing() {
    for (String[] command : List.of(
        new String[] {"show", "--date", "2024-03-10"},
        new String[] {"status"},
        new String[] {"notify", "--date", "2024-03-10", "--dry-run"})) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 2);
      args[command.length] = "--data-dir";
      args[command.length + 1] = data.toString();
      Cli.Result result = Cli.run(args);
      assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
      assertThat(result.err).as(command[0]).contains("no embedded warehouse in " + data.toAbsolutePath()).contains("kpi run --date");
      assertThat(data).as(command[0] + " leaves no data folder behind").doesNotExist();
    }
  }

  @Test
  void showOnAWarehouseWhereTheMartWasNeverBuiltNamesTheMart() {
    TestCatalogProvider.use(TestCatalogs::v1);
    assertThat(kpi("run", "--date", "2024-03-10").exitCode).isZero();
    Duck.execute(data, "DROP TABLE mart.daily_sales");
    Cli.Result show = Cli.run("show", "--date", "2024-03-10", "--data-dir", data.toString());
    assertThat(show.exitCode).isEqualTo(1);
    assertThat(show.err)
        // The hint repeats --data-dir: pasted as it is, it builds the same folder.
        .contains("mart.daily_sales has never been built in this embedded warehouse; build it first with: kpi run --date 2024-03-10 --data-dir " + data)
        .doesNotContain("pg_catalog");
  }

  @Test
  void aFolderRemembersItsLakeAndRefusesAnotherUnlessSwitchedOnPurpose() throws IOException {
    assertThat(kpi("run", "--date", "2024-03-10").exitCode).isZero();
    List<String> before = daily();

    // --lake forgotten: the folder's own lake is read again (never the sample lake).
    Cli.Result forgotten = Cli.run("run", "--date", "2024-03-10", "--data-dir", data.toString());
    assertThat(forgotten.exitCode).as(forgotten.toString()).isZero();
    assertThat(forgotten.err).contains("no --lake given: reading " + lake.toAbsolutePath() + ", the lake this data folder was built from");
    assertThat(data.resolve("sample-lake")).doesNotExist();
    assertThat(daily()).isEqualTo(before);
    Cli.Result check = Cli.run("check-lake", "--data-dir", data.toString());
    assertThat(check.exitCode).as(check.toString()).isZero();
    assertThat(check.out).contains("the lake files in " + lake.toAbsolutePath() + " match the lake contract");

    Path other = Files.createDirectories(temp.resolve("other-lake"));
    Files.copy(lake.resolve("sales.csv"), other.resolve("sales.csv"));
    Cli.Result otherLake = Cli.run("run", "--date", "2024-03-10", "--data-dir", data.toString(), "--lake", other.toString());
    assertThat(otherLake.exitCode).isEqualTo(2);
    assertThat(otherLake.err)
        .contains("the data folder " + data.toAbsolutePath() + " was built from the lake " + lake.toAbsolutePath())
        .contains("but this command reads " + other.toAbsolutePath() + ";")
        .contains("--switch-lake");
    assertThat(daily()).isEqualTo(before);

    Cli.Result switched = Cli.run("run", "--date", "2024-03-10", "--data-dir", data.toString(), "--lake", other.toString(), "--switch-lake");
    assertThat(switched.exitCode).as(switched.toString()).isZero();
    assertThat(switched.err)
        .contains("switching the data folder " + data.toAbsolutePath() + " from the lake " + lake.toAbsolutePath() + " to " + other.toAbsolutePath())
        .contains("the dates built before keep the old lake's numbers until rebuilt: kpi backfill --from 2024-03-02 --to 2024-03-10 --force --data-dir "
            + data + " --lake " + other + " --switch-lake\n");
    assertThat(Duck.query(data, "SELECT lake FROM kpi.runs WHERE lake IS NOT NULL ORDER BY started_at"))
        .containsExactly(lake.toAbsolutePath().toString(), lake.toAbsolutePath().toString(), other.toAbsolutePath().toString());
    // From now on the folder is the other lake's: the first one needs the switch in turn.
    assertThat(kpi("run", "--date", "2024-03-10").exitCode).isEqualTo(2);
  }

  @Test
  void aDataFolderThatIsAFileIsAUsageError() throws IOException {
    Files.writeString(data, "not a folder");
    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("the data folder " + data.toAbsolutePath() + " is a file, not a folder; name a folder with --data-dir");
  }

  @Test
  void anInvalidCatalogFailsTheRunListingItsProblems() {
    TestCatalogProvider.use(() -> Catalog.builder().from(TestCatalogs.v1()).timeZone("Mars/Olympus").build());
    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("catalog 'test' is invalid").contains("time zone 'Mars/Olympus'");
    assertThat(data.resolve("embedded.duckdb")).doesNotExist();
  }

  @Test
  void badDatesAreUsageErrors() {
    Cli.Result malformed = kpi("run", "--date", "yesterday");
    assertThat(malformed.exitCode).isEqualTo(2);
    assertThat(malformed.err).contains("'yesterday' is not a date; write it as YYYY-MM-DD");
    Cli.Result impossible = kpi("run", "--date", "2024-02-30");
    assertThat(impossible.exitCode).isEqualTo(2);
    assertThat(impossible.err).contains("'2024-02-30' is not a day of the calendar (").contains("FEBRUARY 30").contains("check the month and the day");
    Cli.Result mistyped = kpi("backfill", "--from", "0001-01-01", "--to", "2024-03-01");
    assertThat(mistyped.exitCode).isEqualTo(2);
    assertThat(mistyped.err).contains("'0001-01-01' is outside the business dates kpi builds (2000-01-01 to 2999-12-31); check the year");
    Cli.Result reversed = kpi("backfill", "--from", "2024-03-10", "--to", "2024-03-01");
    assertThat(reversed.exitCode).isEqualTo(2);
    assertThat(reversed.err).contains("starts on 2024-03-10, after it ends on 2024-03-01");
    assertThat(kpi("run").exitCode).isEqualTo(2);
    assertThat(data.resolve("embedded.duckdb")).doesNotExist();
  }

  @Test
  void aMissingLakeTableIsNamedAndNothingIsWritten() throws IOException {
    Files.delete(lake.resolve("sales.csv"));
    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("the lake is missing a table").contains("table 'sales': expected sales.parquet, sales.csv or a folder sales/");
    assertThat(data.resolve("embedded.duckdb")).doesNotExist();
  }

  @Test
  void aLakeFileMissingAColumnIsNamed() throws IOException {
    writeSales("sale_id,shop,sold_at", "1,shibuya,2024-03-08T03:00:00Z");
    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("sales.csv: column 'amount' (NUMERIC) of lake table 'sales' is missing");
  }

  @Test
  void aParquetColumnOfTheWrongTypeIsNamed() throws IOException {
    Files.delete(lake.resolve("sales.csv"));
    Duck.scratch(
        "COPY (SELECT 1::BIGINT AS sale_id, 'ginza' AS shop, 12.5::DOUBLE AS amount, TIMESTAMPTZ '2024-03-10 01:00:00+00' AS sold_at) TO '"
            + lake.resolve("sales.parquet") + "' (FORMAT parquet)");
    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("column 'amount' is DOUBLE, but the lake contract says NUMERIC").contains("DECIMAL(38, 9)");
  }

  @Test
  void anUnreadableLakeFileIsNamed() throws IOException {
    Files.delete(lake.resolve("sales.csv"));
    Files.write(lake.resolve("sales.parquet"), new byte[] {1, 2, 3, 4});
    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err)
        .contains("cannot read the lake file " + lake.resolve("sales.parquet") + " of lake table 'sales' as Parquet: File ")
        .contains("too small to be a Parquet file; write it again as Parquet with the contract's columns (sale_id INT64, shop STRING, amount NUMERIC, sold_at TIMESTAMP)")
        // Not DuckDB's echo of the SQL it ran.
        .doesNotContain("LINE 1")
        .doesNotContain("DESCRIBE");
  }

  @Test
  void aBadCsvValueFailsTheRunAndLeavesTheTablesAsTheyWere() throws IOException {
    assertThat(kpi("run", "--date", "2024-03-10").exitCode).isZero();
    List<String> before = daily();
    writeSales("sale_id,shop,amount,sold_at", "1,shibuya,lots,2024-03-10T03:00:00Z");
    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    // Found by the lake check, before anything is written.
    assertThat(run.err)
        .contains(
            lake.resolve("sales.csv") + ": column 'amount' of lake table 'sales' is NUMERIC in the lake contract, but 1 row holds a value"
                + " that is not: \"lots\"; fix the extract (the Embulk load) so that it writes NUMERIC values as a decimal number such as 1234.5")
        .contains("nothing was written")
        .doesNotContain("Conversion Error");
    assertThat(daily()).isEqualTo(before);
  }

  @Test
  void checkLakeSaysTheLakeMatches() {
    Cli.Result check = kpi("check-lake");
    assertThat(check.exitCode).as(check.toString()).isZero();
    assertThat(check.out).contains("the lake files in " + lake + " match the lake contract");
  }

  @Test
  void duplicatedKeysFailCheckLakeAndEveryBuildBeforeAnythingIsWritten() throws IOException {
    // Sale 2 loaded twice: its amount would count twice in revenue.
    writeSales(
        "sale_id,shop,amount,sold_at",
        "1,shibuya,1000.5,2024-03-08T03:00:00Z",
        "2,shibuya,200,2024-03-09T14:59:59Z",
        "2,shibuya,200,2024-03-09T14:59:59Z",
        "4,ginza,400.25,2024-03-10T10:00:00Z");
    String problem =
        ": the primary key sale_id of lake table 'sales' is not unique: 1 value occurs more than once, in 2 rows"
            + " (e.g. sale_id = 2 in 2 rows); every join would count those rows more than once: fix the extract (the Embulk load)";

    Cli.Result check = kpi("check-lake");
    assertThat(check.exitCode).as(check.toString()).isEqualTo(1);
    assertThat(check.err).contains(lake.resolve("sales.csv") + problem);
    for (String[] build : List.of(
        new String[] {"run", "--date", "2024-03-10"},
        new String[] {"backfill", "--from", "2024-03-08", "--to", "2024-03-10"},
        new String[] {"daily", "--date", "2024-03-10", "--dry-run"})) {
      Cli.Result result = kpi(build);
      assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
      assertThat(result.err).contains(problem).contains("nothing was written");
      assertThat(data.resolve("embedded.duckdb")).as(build[0]).doesNotExist();
    }
  }

  @Test
  void aNullKeyFailsTheRunAndLeavesTheTablesAsTheyWere() throws IOException {
    assertThat(kpi("run", "--date", "2024-03-10").exitCode).isZero();
    List<String> before = daily();
    writeSales("sale_id,shop,amount,sold_at", "1,shibuya,1000.5,2024-03-08T03:00:00Z", ",shibuya,999,2024-03-10T03:00:00Z");

    Cli.Result run = kpi("run", "--date", "2024-03-10");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err)
        .contains(
            lake.resolve("sales.csv") + " (the rows with sold_at from 2024-03-08T00:00:00Z until 2024-03-12T00:00:00Z):"
                + " column 'sale_id' of lake table 'sales' is NULL in 1 row, but the lake contract declares it NOT NULL; a row"
                + " without it would drop out of every number that reads it: fix the extract (the Embulk load) so that every row has a value in sale_id");
    assertThat(daily()).isEqualTo(before);
  }

  @Test
  void aTableFoundTwiceIsAnErrorNamingBoth() throws IOException {
    Duck.scratch(
        "COPY (SELECT 1::BIGINT AS sale_id, 'ginza' AS shop, 12.5::DECIMAL(38, 9) AS amount, TIMESTAMPTZ '2024-03-10 01:00:00+00' AS sold_at) TO '"
            + lake.resolve("sales.parquet") + "' (FORMAT parquet)");
    Cli.Result check = kpi("check-lake");
    assertThat(check.exitCode).as(check.toString()).isEqualTo(1);
    assertThat(check.err)
        .contains(
            "table 'sales' is in more than one place: " + lake.resolve("sales.parquet") + " and " + lake.resolve("sales.csv")
                + "; keep one and remove the other");
  }

  @Test
  void aLakeFolderThatDoesNotExistIsAUsageError() {
    Path nowhere = temp.resolve("no-lake");
    lake = nowhere;
    for (Cli.Result result : List.of(kpi("check-lake"), kpi("run", "--date", "2024-03-10"))) {
      assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
      assertThat(result.err).contains("the lake folder " + nowhere + " does not exist; pass the folder holding the lake files with --lake");
    }
    assertThat(data.resolve("embedded.duckdb")).doesNotExist();
  }

  @Test
  void theCommandsAreListedSuggestedAndHelpedWhicheverTheArgumentsName() {
    Cli.Result help = Cli.run("--help");
    assertThat(help.exitCode).as(help.toString()).isZero();
    for (String command : List.of("run", "backfill", "notify", "daily", "show", "list", "query", "docs", "dashboard", "status", "check-lake", "compile", "sample-lake", "help")) {
      assertThat(help.out).as(command).containsPattern("(?m)^  " + command + " ");
    }
    Cli.Result helpOfStatus = Cli.run("help", "status");
    assertThat(helpOfStatus.exitCode).as(helpOfStatus.toString()).isZero();
    assertThat(helpOfStatus.out).startsWith("Usage: kpi status");

    Cli.Result misspelt = Cli.run("statsu");
    assertThat(misspelt.exitCode).isEqualTo(2);
    assertThat(misspelt.err).startsWith("kpi: error: Unmatched argument at index 0: 'statsu'").contains("Did you mean: kpi status");

    Cli.Result version = Cli.run("status", "-V");
    assertThat(version.exitCode).isZero();
    assertThat(version.out).startsWith("kpi ");

    Cli.Result badOption = Cli.run("status", "--bogus");
    assertThat(badOption.exitCode).isEqualTo(2);
    assertThat(badOption.err).startsWith("kpi: error: Unknown option: '--bogus'").contains("Try 'kpi status --help' for the options.");
  }

  @Test
  void theLakeOptionsHelpNamesEveryLayout() {
    Cli.Result help = Cli.run("run", "--help");
    assertThat(help.out.replaceAll("\\s+", " ")).contains("<table>.parquet, <table>.csv, or a folder <table>/ of .parquet files or of .csv files");
  }

  @Test
  void aDataFolderInUseByAnotherRunIsRefused() throws IOException {
    Files.createDirectories(data);
    try (FileChannel channel = FileChannel.open(data.resolve("kpi.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      Cli.Result run = kpi("run", "--date", "2024-03-10");
      assertThat(run.exitCode).isEqualTo(1);
      assertThat(run.err).contains("is in use by another kpi command").contains("--data-dir");
    }
  }

  @Test
  void compileWritesOneFilePerStatementInBuildOrder() throws IOException {
    Path out = temp.resolve("sql");
    Cli.Result result = Cli.run("compile", "--dialect", "duckdb", "--out", out.toString());
    assertThat(result.exitCode).as(result.toString()).isZero();
    try (var files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .containsExactly(
              "001-lake.sales.create.sql",
              "002-warehouse.fct_sales.create.sql",
              "003-warehouse.fct_sales.build.sql",
              "004-mart.daily_sales.create.sql",
              "005-mart.daily_sales.build.sql");
    }
    Cli.Result bad = Cli.run("compile", "--dialect", "bigquery", "--project", "Bad_Project", "--out", out.toString());
    assertThat(bad.exitCode).isEqualTo(2);
    assertThat(bad.err).contains("BigQuery project id 'Bad_Project' is not valid");
  }
}
