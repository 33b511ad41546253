package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Mart;
import dev.kpi.runtime.testing.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every mart of the shop, {@code kpi query} of its metrics, grain, dimensions and density
 * over the backfilled range is the mart's rows: read from the mart (routed), and compiled from
 * the warehouse tables (--compile), both, on the embedded engine and the fixture lake.
 */
@ExtendWith(ShopCatalogIsValid.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopQueryTest {
  private static final String FROM = "2021-02-01";
  private static final String TO = "2021-03-05";
  private final Catalog shop = ShopCatalog.build();
  private Path data;

  @BeforeAll
  void backfill(@TempDir Path folder) throws Exception {
    data = folder.resolve("data");
    Path lake = MartDifferentialTest.handCheckableLake().writeParquet(folder.resolve("lake"));
    Cli.Result backfill = Cli.run("backfill", "--from", FROM, "--to", TO, "--data-dir", data.toString(), "--lake", lake.toString());
    assertThat(backfill.exitCode).as(backfill.toString()).isZero();
  }

  Stream<String> marts() {
    return shop.marts().stream().map(Mart::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("marts")
  void aQueryOfAMartsColumnsIsTheMartRoutedAndCompiled(String name) {
    Mart mart = shop.findMart(name).orElseThrow();
    List<String> args = new ArrayList<>(List.of("query", "--metrics", String.join(",", mart.metrics()), "--grain", mart.grain().name().toLowerCase(), "--from", FROM, "--to", TO, "--format", "json", "--data-dir", data.toString()));
    if (!mart.dimensions().isEmpty()) {
      args.addAll(List.of("--by", String.join(",", mart.dimensions())));
    }
    if (mart.dense()) {
      args.add("--dense");
    }
    JsonObject routed = answer(args);
    assertThat(routed.get("source").getAsString()).isEqualTo("mart " + name);
    args.add("--compile");
    JsonObject compiled = answer(args);
    assertThat(compiled.get("source").getAsString()).isEqualTo("the warehouse tables");
    assertThat(warnings(compiled)).isEqualTo(partialLastPeriod(mart.grain()));
    assertThat(warnings(routed)).isEqualTo(partialLastPeriod(mart.grain()));
    assertThat(compiled.getAsJsonArray("rows")).isNotEmpty().isEqualTo(routed.getAsJsonArray("rows"));
    List<String> martRows =
        dev.kpi.runtime.testing.Duck.query(data, "SELECT * FROM mart." + name + " WHERE " + mart.grain().dateColumn() + " BETWEEN '" + mart.grain().periodStart(java.time.LocalDate.parse(FROM)) + "' AND '" + TO + "' ORDER BY ALL");
    assertThat(routed.getAsJsonArray("rows")).hasSize(martRows.size());
    assertThat(text(routed.getAsJsonArray("rows"))).isEqualTo(martRows.stream().map(ShopQueryTest::plain).toList());
  }

  /** After the backfill every row of every mart was last built by the current definitions, and every period has a build. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("marts")
  void showMartSaysEveryRowIsCurrent(String name) {
    JsonObject shown = answer(List.of("show", "--mart", name, "--from", FROM, "--to", TO, "--format", "json", "--data-dir", data.toString()));
    assertThat(warnings(shown)).isEqualTo(partialLastPeriod(shop.findMart(name).orElseThrow().grain()));
    assertThat(shown.getAsJsonArray("rows")).isNotEmpty().allMatch(r -> r.getAsJsonObject().get("status").getAsString().equals("current"));
  }

  Stream<String> savedQueries() {
    return shop.queries().stream().map(q -> q.name());
  }

  /** A saved query answers as the same question given by options, from its facts, with no warning after the backfill. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("savedQueries")
  void aSavedQueryIsTheQuestionItDeclares(String name) {
    var query = shop.findQuery(name).orElseThrow();
    JsonObject saved = answer(List.of("query", "--saved", name, "--from", FROM, "--to", TO, "--format", "json", "--data-dir", data.toString()));
    assertThat(warnings(saved)).isEqualTo(partialLastPeriod(query.grain()));
    assertThat(saved.getAsJsonArray("rows")).isNotEmpty();
    List<String> args = new ArrayList<>(List.of("query", "--metrics", String.join(",", query.metrics()), "--grain", query.grain().name().toLowerCase(), "--from", FROM, "--to", TO, "--format", "json", "--data-dir", data.toString()));
    if (!query.dimensions().isEmpty()) {
      args.addAll(List.of("--by", String.join(",", query.dimensions())));
    }
    if (query.dense()) {
      args.add("--dense");
    }
    // The filter in its text form, which --where reads back into the same expression.
    query.filter().ifPresent(f -> args.addAll(List.of("--where", dev.kpi.model.query.FilterText.text(f, shop))));
    JsonObject asked = answer(args);
    assertThat(saved.getAsJsonArray("rows")).isEqualTo(asked.getAsJsonArray("rows"));
  }

  private static List<String> warnings(JsonObject answer) {
    return answer.getAsJsonArray("warnings").asList().stream().map(JsonElement::getAsString).toList();
  }

  /** The one warning a backfill to TO leaves: a week or month that runs past it holds the dates up to it only. */
  private static List<String> partialLastPeriod(dev.kpi.model.mart.Grain grain) {
    java.time.LocalDate to = java.time.LocalDate.parse(TO);
    if (grain == dev.kpi.model.mart.Grain.DAY || grain.periodEnd(to).equals(to)) {
      return List.of();
    }
    return List.of("the " + grain.name().toLowerCase() + " of " + grain.periodStart(to) + " holds the business dates up to " + TO + " only (warehouse.fct_order_items is built up to it)");
  }

  private static JsonObject answer(List<String> args) {
    Cli.Result result = Cli.run(args.toArray(String[]::new));
    assertThat(result.exitCode).as(result.toString()).isZero();
    return JsonParser.parseString(result.out).getAsJsonObject();
  }

  /** Each row as Duck.query writes one: values joined by |, NULL as null. */
  private static List<String> text(JsonArray rows) {
    List<String> out = new ArrayList<>();
    for (JsonElement row : rows) {
      List<String> values = new ArrayList<>();
      row.getAsJsonObject().entrySet().forEach(e -> values.add(e.getValue().isJsonNull() ? "null" : plain(e.getValue().getAsString())));
      out.add(String.join("|", values));
    }
    return out;
  }

  /** Numbers without trailing zeros, so 1000.000000000 and 1000 read alike. */
  private static String plain(String row) {
    List<String> out = new ArrayList<>();
    for (String value : row.split("\\|", -1)) {
      out.add(value.matches("-?\\d+(\\.\\d+)?(E-?\\d+)?") ? new java.math.BigDecimal(value).stripTrailingZeros().toPlainString() : value);
    }
    return String.join("|", out);
  }
}
