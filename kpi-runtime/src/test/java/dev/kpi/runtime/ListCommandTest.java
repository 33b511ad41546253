package dev.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.TestCatalogProvider;
import dev.kpi.runtime.testing.TestCatalogs;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code kpi list}: what the definitions define, from the catalog alone (expectations derived from it). */
class ListCommandTest {
  private final Catalog catalog = TestCatalogs.v1();

  @AfterEach
  void resetCatalog() {
    TestCatalogProvider.use(TestCatalogs::v1);
  }

  @Test
  void metricsAreListedWithTheirKindUnitAndMarts() {
    Cli.Result list = Cli.run("list", "metrics");
    assertThat(list.exitCode).as(list.toString()).isZero();
    List<String> lines = list.out.lines().toList();
    assertThat(lines.get(0)).startsWith("name").contains("display name", "kind", "unit", "marts", "owner", "description");
    assertThat(lines.get(1)).matches("-+");
    assertThat(lines).hasSize(2 + catalog.metrics().size());
    for (Metric metric : catalog.metrics()) {
      String line = lines.stream().filter(l -> l.startsWith(metric.name() + " ")).findFirst().orElseThrow(() -> new AssertionError(list.out));
      assertThat(line).contains(catalog.graph().kind(metric.name()).label(), metric.owner());
      catalog.marts().stream().filter(m -> m.metrics().contains(metric.name())).forEach(m -> assertThat(line).contains(m.name()));
    }
  }

  @Test
  void jsonHasEveryMetricWithEveryField() {
    Cli.Result list = Cli.run("list", "metrics", "--format", "json");
    assertThat(list.exitCode).as(list.toString()).isZero();
    JsonArray metrics = JsonParser.parseString(list.out).getAsJsonObject().getAsJsonArray("metrics");
    assertThat(names(metrics)).containsExactlyElementsOf(catalog.metrics().stream().map(Metric::name).toList());
    for (JsonElement element : metrics) {
      JsonObject metric = element.getAsJsonObject();
      Metric defined = catalog.metric(metric.get("name").getAsString());
      assertThat(metric.keySet()).containsExactly("name", "display_name", "kind", "type", "unit", "grains", "marts", "owner", "description");
      assertThat(metric.get("display_name").getAsString()).isEqualTo(defined.displayName().orElse(defined.name()));
      assertThat(metric.get("description").getAsString()).isEqualTo(defined.description());
      assertThat(metric.get("type").getAsString()).isEqualTo(catalog.graph().type(defined.name()).name());
    }
  }

  @Test
  void martsDimensionsAndTablesAreListedToo() {
    JsonArray marts = json("marts");
    assertThat(names(marts)).containsExactlyElementsOf(catalog.marts().stream().map(Mart::name).toList());
    for (JsonElement element : marts) {
      Mart mart = catalog.marts().stream().filter(m -> m.name().equals(element.getAsJsonObject().get("name").getAsString())).findFirst().orElseThrow();
      assertThat(names(element.getAsJsonObject().getAsJsonArray("metrics"))).containsExactlyElementsOf(mart.metrics());
      assertThat(element.getAsJsonObject().get("dense").getAsBoolean()).isEqualTo(mart.dense());
    }
    assertThat(names(json("dimensions"))).containsExactlyElementsOf(catalog.dimensions().stream().map(d -> d.name()).toList());
    assertThat(names(json("queries"))).isNotEmpty().containsExactlyElementsOf(catalog.queries().stream().map(q -> q.name()).toList());
    List<String> tables = names(json("tables"));
    catalog.lakeTables().forEach(t -> assertThat(tables).contains("lake." + t.name()));
    catalog.warehouseTables().forEach(t -> assertThat(tables).contains("warehouse." + t.name()));
    catalog.marts().forEach(m -> assertThat(tables).contains("mart." + m.name()));
  }

  @Test
  void anUnknownSubjectIsAUsageErrorNamingTheChoices() {
    Cli.Result list = Cli.run("list", "metric");
    assertThat(list.exitCode).isEqualTo(2);
    assertThat(list.err).contains("metric").contains("metrics, dimensions, marts, queries, tables");
    assertThat(list.out).isEmpty();
    assertThat(Cli.run("list").exitCode).isEqualTo(2);
  }

  @Test
  void anInvalidCatalogIsAFailureListingItsProblems() {
    TestCatalogProvider.use(() -> Catalog.builder().from(TestCatalogs.v1()).timeZone("Mars/Olympus").build());
    Cli.Result list = Cli.run("list", "metrics");
    assertThat(list.exitCode).isEqualTo(1);
    assertThat(list.err).contains("catalog 'test' is invalid").contains("time zone 'Mars/Olympus'");
    assertThat(list.out).isEmpty();
  }

  private static JsonArray json(String subject) {
    Cli.Result list = Cli.run("list", subject, "--format", "json");
    assertThat(list.exitCode).as(list.toString()).isZero();
    return JsonParser.parseString(list.out).getAsJsonObject().getAsJsonArray(subject);
  }

  private static List<String> names(JsonArray array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(e -> e.isJsonObject() ? e.getAsJsonObject().get("name").getAsString() : e.getAsString())
        .toList();
  }
}
