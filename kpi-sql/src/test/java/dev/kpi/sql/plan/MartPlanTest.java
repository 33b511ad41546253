package dev.kpi.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import dev.kpi.sql.SessionsCatalog;
import dev.kpi.sql.render.query.Query;
import dev.kpi.sql.render.query.Select;
import dev.kpi.sql.render.query.With;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed mart plan of a test catalog's marts, and the builders that render it. */
class MartPlanTest {
  private static final Catalog CATALOG = SessionsCatalog.CATALOG;

  @Test
  void everyStepOfEveryMartHasANameOfItsOwn() {
    for (Mart mart : CATALOG.marts()) {
      MartPlan plan = MartPlanner.plan(CATALOG, mart);
      List<String> names = stepNames(plan);
      assertThat(new HashSet<>(names)).as(mart.name() + ": " + names).hasSameSizeAs(names);
    }
  }

  @Test
  void theKeysFollowTheMartsDimensionsAndDensity() {
    assertThat(MartPlanner.plan(CATALOG, mart("sessions_daily")).keys().kind()).isEqualTo(MartPlan.KeyKind.PERIODS);
    assertThat(MartPlanner.plan(CATALOG, mart("sessions_daily_by_country")).keys().kind()).isEqualTo(MartPlan.KeyKind.OBSERVED);
    MartPlan dense = MartPlanner.plan(CATALOG, mart("sessions_daily_by_plan"));
    assertThat(dense.keys().kind()).isEqualTo(MartPlan.KeyKind.DENSE);
    assertThat(dense.dimensionValues()).extracting(v -> v.dimension().name()).containsExactlyElementsOf(mart("sessions_daily_by_plan").dimensions());
  }

  @Test
  void everyAggregateTheMartNeedsHasTheStepHoldingItsValue() {
    for (Mart mart : CATALOG.marts()) {
      MartPlan plan = MartPlanner.plan(CATALOG, mart);
      Set<String> steps = new HashSet<>(stepNames(plan));
      for (Metric metric : CATALOG.graph().aggregates(mart.metrics())) {
        assertThat(plan.valueStep()).as(mart.name()).containsKey(metric.name());
        assertThat(steps).contains(plan.valueStep().get(metric.name()));
      }
      plan.rolling().forEach(r -> assertThat(r.distinct()).isEqualTo(r.base().aggregation() == dev.kpi.model.metric.Aggregation.COUNT_DISTINCT));
    }
  }

  @Test
  void aFragmentHoldingALineBreakIsNeverReindented() {
    String literal = "'new\nline\r\nand\rmore'";
    String text =
        new With(t -> t)
            .step("statuses", "one status", Select.of(literal + " AS status").from("t"))
            .select(Select.of("status").itemPerLine().from("statuses"))
            .text();
    assertThat(text).contains("SELECT " + literal + " AS status\n");
  }

  @Test
  void aStepNameCanBeUsedOnce() {
    With with = new With(t -> t).step("periods", "x", Query.line("SELECT 1"));
    assertThatThrownBy(() -> with.step("periods", "y", Query.line("SELECT 2"))).hasMessage("two steps named periods");
    assertThatThrownBy(() -> Query.line("SELECT 1\nSELECT 2")).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> stepNames(MartPlan plan) {
    List<String> names = new ArrayList<>();
    names.add(plan.periods());
    plan.dimensionValues().forEach(v -> names.add(v.step()));
    plan.facts().forEach(f -> names.add(f.step()));
    for (MartPlan.RollingValues r : plan.rolling()) {
      names.add(r.step());
      names.add(r.source());
      names.add(r.changes());
      r.spans().ifPresent(names::add);
    }
    if (plan.keys().kind() != MartPlan.KeyKind.PERIODS) {
      names.add(plan.keys().step());
    }
    return names;
  }

  private static Mart mart(String name) {
    return CATALOG.findMart(name).orElseThrow();
  }
}
