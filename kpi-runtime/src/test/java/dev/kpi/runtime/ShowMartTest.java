package dev.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.TestCatalogProvider;
import dev.kpi.runtime.testing.TestCatalogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpi show --mart}: any mart's rows for a range, each marked by how its dates are built; and stale dates in {@code kpi show}. */
class ShowMartTest {
  @TempDir Path temp;
  Path lake;
  Path data;

  @BeforeEach
  void backfill() throws IOException {
    lake = Files.createDirectories(temp.resolve("lake"));
    data = temp.resolve("data");
    Files.writeString(
        lake.resolve("sales.csv"),
        "sale_id,shop,amount,sold_at\n1,shibuya,1000.5,2024-03-08T03:00:00Z\n2,shibuya,200,2024-03-09T14:59:59Z\n3,ginza,300,2024-03-09T15:30:00Z\n",
        StandardCharsets.UTF_8);
    Cli.Result backfill = Cli.run("backfill", "--from", "2024-03-07", "--to", "2024-03-09", "--data-dir", data.toString(), "--lake", lake.toString());
    assertThat(backfill.exitCode).as(backfill.toString()).isZero();
  }

  @AfterEach
  void resetCatalog() {
    TestCatalogProvider.use(TestCatalogs::v1);
  }

  private Cli.Result show(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "show";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = data.toString();
    return Cli.run(all);
  }

  @Test
  void aMartsRowsAreShownWithTheStatusOfTheirDates() {
    Cli.Result table = show("--mart", "daily_sales", "--from", "2024-03-07", "--to", "2024-03-10");
    assertThat(table.exitCode).as(table.toString()).isZero();
    assertThat(table.out)
        .isEqualTo(
            "revenue, sales per day, from mart daily_sales\n\n"
                + "business_date  revenue  sales  status\n"
                + "--------------------------------------\n"
                + "2024-03-07          ¥0      0  current\n"
                + "2024-03-08      ¥1,001      1  current\n"
                + "2024-03-09        ¥200      1  current\n"
                + "(3 rows)\n\n"
                + "warning: the numbers may be incomplete:\n"
                + "  - 2024-03-10 is not built in mart daily_sales: no row shows it; build with: kpi backfill --from 2024-03-10 --to 2024-03-10 --data-dir " + data + "\n");
    Cli.Result csv = show("--mart", "daily_sales", "--date", "2024-03-08", "--format", "csv");
    assertThat(csv.out).isEqualTo("business_date,revenue,sales,status\n2024-03-08,1000.5,1,current\n");
  }

  @Test
  void aDateBuiltByAnOlderDefinitionIsMarkedStale() {
    TestCatalogProvider.use(TestCatalogs::v3ShopAsNumber);
    Cli.Result shown = show("--mart", "daily_sales", "--from", "2024-03-08", "--to", "2024-03-09", "--format", "json");
    assertThat(shown.exitCode).as(shown.toString()).isZero();
    JsonObject json = JsonParser.parseString(shown.out).getAsJsonObject();
    assertThat(json.getAsJsonArray("rows").asList()).allMatch(r -> r.getAsJsonObject().get("status").getAsString().equals("stale"));
    assertThat(json.getAsJsonArray("warnings").get(0).getAsString())
        .isEqualTo("2024-03-08..2024-03-09 were last built by an older definition of mart daily_sales; rebuild with: kpi backfill --stale --data-dir " + data);
    TestCatalogProvider.use(TestCatalogs::v2WithTax);
    Cli.Result added = show("--mart", "daily_sales", "--date", "2024-03-09");
    assertThat(added.exitCode).isEqualTo(1);
    assertThat(added.err)
        .contains("revenue_with_tax")
        .endsWith("; mart daily_sales was built by an older definition, whose table may lack a column added since: rebuild it with kpi backfill --stale --data-dir " + data
            + " (or the next kpi run), which aligns the table\n");
    Cli.Result daily = show("--date", "2024-03-09");
    assertThat(daily.exitCode).as(daily.toString()).isZero();
    assertThat(daily.out).contains("¥200 (stale)").contains("(stale) 2024-03-02, 2024-03-08, 2024-03-09 were built by an older definition; rebuild with: kpi backfill --stale --data-dir " + data);
    JsonObject dailyJson = JsonParser.parseString(show("--date", "2024-03-09", "--format", "json").out).getAsJsonObject();
    assertThat(dailyJson.getAsJsonArray("marts").get(0).getAsJsonObject().getAsJsonArray("stale_dates").toString()).isEqualTo("[\"2024-03-02\",\"2024-03-08\",\"2024-03-09\"]");
  }

  @Test
  void mistakesAreUsageErrors() {
    assertUsage(show("--mart", "daily_sale", "--date", "2024-03-08"), "kpi: error: there is no mart 'daily_sale' (did you mean 'daily_sales'?); the marts are daily_sales\n");
    assertUsage(show("--mart", "daily_sales"), "kpi: error: give the dates of mart daily_sales to show: --date YYYY-MM-DD, or --from A --to B\n");
    assertUsage(show("--mart", "daily_sales", "--date", "2024-03-08", "--from", "2024-03-07"), "kpi: error: give either --date or --from and --to, not both\n");
    assertUsage(show("--from", "2024-03-07", "--to", "2024-03-08"), "kpi: error: --from and --to go with --mart (kpi show --mart NAME --from A --to B); for the KPIs of one date give --date\n");
    assertUsage(show("--date", "2024-03-08", "--format", "csv"), "kpi: error: --format csv goes with --mart; the KPIs of a date are a table or json\n");
    assertUsage(show(), "kpi: error: give the date with --date YYYY-MM-DD (or a mart and its dates with --mart NAME --from A --to B)\n");
  }

  private static void assertUsage(Cli.Result result, String err) {
    assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
    assertThat(result.err).isEqualTo(err);
    assertThat(result.out).isEmpty();
  }
}
