package dev.kpi.model.catalog;

import static dev.kpi.model.catalog.TestCatalogs.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.MetricGraph.Kind;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.metric.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricGraphTest {
  private final MetricGraph graph = TestCatalogs.valid().build().graph();

  @Test
  void everyMetricHasAKindThatSaysWhatMayBeAddedUp() {
    assertThat(graph.kind("revenue")).isEqualTo(Kind.ADDITIVE);
    assertThat(graph.kind("buyers")).isEqualTo(Kind.DISTINCT);
    assertThat(graph.kind("revenue_per_purchase")).isEqualTo(Kind.RATIO);
    assertThat(graph.kind("purchases_per_buyer")).isEqualTo(Kind.DERIVED);
    assertThat(graph.kind("buyers_7d")).isEqualTo(Kind.ROLLING);
  }

  @Test
  void typesFollowBigQueryOnEveryEngine() {
    assertThat(graph.type("revenue")).isEqualTo(LogicalType.NUMERIC);
    assertThat(graph.type("purchases")).isEqualTo(LogicalType.INT64);
    assertThat(graph.type("revenue_per_purchase")).as("NUMERIC ÷ INT64").isEqualTo(LogicalType.NUMERIC);
    assertThat(graph.type("purchases_per_buyer")).as("INT64 ÷ INT64 in an expression").isEqualTo(LogicalType.FLOAT64);
    assertThat(graph.type("buyers_7d")).isEqualTo(LogicalType.INT64);
  }

  @Test
  void aFactIsThatOfTheSimpleMetricOrOfARollingMetricsBase() {
    assertThat(graph.fact("revenue")).contains("fct_events");
    assertThat(graph.fact("buyers_7d")).contains("fct_events");
    assertThat(graph.fact("revenue_per_purchase")).isEmpty();
  }

  @Test
  void walksGiveEachMetricOnceInFirstUseOrder() {
    List<String> wanted = List.of("purchases_per_buyer", "revenue_per_purchase", "buyers_7d");
    assertThat(graph.closure(wanted))
        .extracting(Metric::name)
        .containsExactly("purchases_per_buyer", "purchases", "buyers", "revenue_per_purchase", "revenue", "buyers_7d");
    assertThat(graph.simpleInputs(wanted)).extracting(Metric::name).containsExactly("purchases", "buyers", "revenue");
    assertThat(graph.simpleInputs(List.of("buyers_7d"))).extracting(Metric::name).as("a rolling base is read").containsExactly("buyers");
    assertThat(graph.aggregates(List.of("buyers_7d", "revenue_per_purchase")))
        .extracting(Metric::name)
        .as("what a mart aggregates: the rolling metric, not its base per period")
        .containsExactly("buyers_7d", "revenue", "purchases");
    assertThat(graph.usesRolling("buyers_7d")).isTrue();
    assertThat(graph.usesRolling("revenue_per_purchase")).isFalse();
  }

  @Test
  void cyclesAreListedOnceEachWhileTypingGoesOn() {
    Metric a = derived("a", "b");
    Metric b = derived("b", "a");
    Metric c = derived("c", "c");
    Catalog.Builder catalog = TestCatalogs.valid().addMetrics(a, b, c);
    List<String> problems = TestCatalogs.problemsOf(catalog);
    assertThat(problems)
        .contains(
            "metric 'a': is defined in terms of itself: a -> b -> a; break the cycle",
            "metric 'c': is defined in terms of itself: c -> c; break the cycle")
        .noneMatch(p -> p.startsWith("metric 'b': is defined in terms of itself"));
  }

  @Test
  void unknownInputsAreLeftOutOfTheWalks() {
    MetricGraph graph =
        MetricGraph.of(
            List.of(TestCatalogs.REVENUE, Metric.ratio("broken", "revenue", "nowhere").description("x").owner(OWNER).build()));
    assertThat(graph.closure(List.of("broken"))).extracting(Metric::name).containsExactly("broken", "revenue");
    assertThat(graph.type("nowhere")).isEqualTo(LogicalType.NUMERIC);
  }

  private static Metric derived(String name, String input) {
    return Metric.derived(name, Expr.metric(input).plus(Expr.literal(1))).description(name).owner(OWNER).build();
  }
}
