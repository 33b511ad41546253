package dev.kpi.model.catalog;

import static dev.kpi.model.catalog.TestCatalogs.BUYERS_7D;
import static dev.kpi.model.catalog.TestCatalogs.COUNTRY;
import static dev.kpi.model.catalog.TestCatalogs.EVENTS;
import static dev.kpi.model.catalog.TestCatalogs.FCT_EVENTS;
import static dev.kpi.model.catalog.TestCatalogs.OWNER;
import static dev.kpi.model.catalog.TestCatalogs.REVENUE;
import static dev.kpi.model.catalog.TestCatalogs.USERS;
import static dev.kpi.model.catalog.TestCatalogs.documented;
import static dev.kpi.model.catalog.TestCatalogs.problemsOf;
import static dev.kpi.model.catalog.TestCatalogs.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.WarehouseTable;
import java.time.LocalDate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mistakes an analyst makes when defining KPIs, each caught when the catalog is built with
 * a message that names the object and says what to fix.
 */
class CatalogValidationTest {

  @Test
  void validCatalogBuildsWithoutProblems() {
    Catalog catalog = valid().build();

    assertThat(new CatalogValidator(catalog).problems()).isEmpty();
    assertThat(catalog.metrics()).hasSize(6);
    assertThat(catalog.marts()).hasSize(2);
  }

  @Test
  void allProblemsAreReportedAtOnce() {
    Catalog.Builder catalog =
        valid()
            .addMetrics(
                documented(Metric.sum("kind_total", FCT_EVENTS.column("kind"))).build(),
                documented(Metric.rolling("buyers_0d", "buyers", 0)).build());

    assertThatThrownBy(catalog::build)
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageStartingWith("catalog 'test_app' is invalid (2 problems):")
        .satisfies(
            e ->
                assertThat(((InvalidCatalogException) e).problems())
                    .containsExactly(
                        "metric 'kind_total': SUM of fct_events.kind of type STRING is not possible;"
                            + " SUM needs a numeric column (INT64, NUMERIC or FLOAT64)",
                        "metric 'buyers_0d': has a rolling window of 0 days;"
                            + " the window must be 1 day or more"));
  }

  /** The analyst's typos: each named once, with the closest name, and no Java error at class loading. */
  @Nested
  class Typos {
    @Test
    void aMisspelledColumnIsOneProblemNamingTheMetricAndTheClosestColumn() {
      Metric total = documented(Metric.sum("amount_total", FCT_EVENTS.column("amuont"))).build();
      assertThat(problemsOf(valid().addMetrics(total)))
          .containsExactly("metric 'amount_total': reads fct_events.amuont, which the table does not have (did you mean 'amount'?)");
    }

    @Test
    void aMisspelledMetricInAMartSaysWhichMetricWasMeant() {
      Mart mart = documented(Mart.builder().daily("typo_mart").addMetrics("revenu")).build();
      assertThat(problemsOf(valid().addMarts(mart)))
          .containsExactly("mart 'typo_mart': metric 'revenu' does not exist (did you mean 'revenue'?); name a metric of the catalog");
    }

    @Test
    void aMetricDefinedButNotRegisteredSaysSo() {
      Metric forgotten = documented(Metric.sum("forgotten_total", FCT_EVENTS.column("amount"))).build();
      Mart mart = documented(Mart.builder().daily("forgetful_mart").metrics(forgotten)).build();
      assertThat(problemsOf(valid().addMarts(mart)))
          .containsExactly(
              "mart 'forgetful_mart': metric 'forgotten_total' is defined but not registered in catalog 'test_app': add it to the catalog's .addMetrics(...)");
    }

    @Test
    void aNulInADescriptionIsAProblemNamingTheObject() {
      Metric nul = Metric.sum("nul_total", FCT_EVENTS.column("amount")).description("Amount\0total.").owner("growth").build();
      assertThat(problemsOf(valid().addMetrics(nul))).containsExactly("metric 'nul_total': holds the NUL character (\\0) in its description or owner; remove it");
    }

    @Test
    void farOffNamesGetNoSuggestion() {
      assertThat(Suggestion.didYouMean("zzzzzz", java.util.List.of("revenue", "buyers"))).isEmpty();
      assertThat(Suggestion.closest("reveune", java.util.List.of("revenue", "buyers"))).contains("revenue");
      assertThat(Suggestion.distance("ab", "ba")).isEqualTo(1);
    }
  }

  @Nested
  class Names {
    @Test
    void metricDefinedTwiceIsRejected() {
      Metric secondRevenue =
          documented(Metric.sum("revenue", FCT_EVENTS.column("amount"))).build();

      assertThat(problemsOf(valid().addMetrics(secondRevenue)))
          .containsExactly(
              "metric 'revenue': is defined 2 times; names must be unique, rename or remove the copies");
    }

    @Test
    void nameThatIsNotAValidIdentifierIsRejected() {
      Metric gmv = documented(Metric.sum("Gross-GMV", FCT_EVENTS.column("amount"))).build();

      assertThat(problemsOf(valid().addMetrics(gmv)))
          .containsExactly(
              "metric 'Gross-GMV': name 'Gross-GMV' is not a valid name; use lower snake_case:"
                  + " a letter a-z, then letters a-z, digits or underscores, at most 128 characters");
    }
  }

  @Nested
  class Documentation {
    @Test
    void aDescriptionLongerThanAWarehouseColumnKeepsIsRejected() {
      Metric events =
          Metric.count("events", FCT_EVENTS.column("event_id")).description("x".repeat(1020)).displayName("Events").owner(OWNER).build();

      assertThat(problemsOf(valid().addMetrics(events)))
          .containsExactly(
              "metric 'events': has a description of 1028 characters with its display name; a warehouse column keeps at most 1024"
                  + " (BigQuery's limit): shorten it");
    }

    @Test
    void metricWithoutDescriptionIsRejected() {
      Metric events =
          Metric.count("events", FCT_EVENTS.column("event_id")).owner(OWNER).build();

      assertThat(problemsOf(valid().addMetrics(events)))
          .containsExactly(
              "metric 'events': has no description; say what it means in .description(\"...\")");
    }

    @Test
    void metricWithoutOwnerIsRejected() {
      Metric events =
          Metric.count("events", FCT_EVENTS.column("event_id"))
              .description("Number of events.")
              .build();

      assertThat(problemsOf(valid().addMetrics(events)))
          .containsExactly(
              "metric 'events': has no owner; name who answers questions about it in .owner(\"...\")");
    }
  }

  @Nested
  class Types {
    @Test
    void sumOfAStringColumnIsRejected() {
      Metric kindTotal = documented(Metric.sum("kind_total", FCT_EVENTS.column("kind"))).build();

      assertThat(problemsOf(valid().addMetrics(kindTotal)))
          .containsExactly(
              "metric 'kind_total': SUM of fct_events.kind of type STRING is not possible;"
                  + " SUM needs a numeric column (INT64, NUMERIC or FLOAT64)");
    }

    @Test
    void averageOfAStringColumnIsRejected() {
      Metric kindAverage =
          documented(Metric.average("kind_average", FCT_EVENTS.column("kind"))).build();

      assertThat(problemsOf(valid().addMetrics(kindAverage)))
          .containsExactly(
              "metric 'kind_average': AVG of fct_events.kind of type STRING is not possible;"
                  + " AVG needs a numeric column (INT64, NUMERIC or FLOAT64)");
    }

    @Test
    void sumOfAStringColumnReferredToAsANumberIsRejected() {
      // Expr.column(...) states a type; the table's own column type must win, or SUM(kind)
      // would reach SQL.
      Metric kindTotal =
          documented(
                  Metric.sum("kind_total", Expr.column("fct_events", "kind", LogicalType.INT64)))
              .build();

      assertThat(problemsOf(valid().addMetrics(kindTotal)))
          .containsExactly(
              "metric 'kind_total': reads fct_events.kind as INT64, but the table declares it"
                  + " STRING");
    }

    @Test
    void stringColumnComparedWithANumberIsRejected() {
      Metric kindFive =
          documented(
                  Metric.count("kind_five", FCT_EVENTS.column("event_id"))
                      .where(FCT_EVENTS.column("kind").eq(5)))
              .build();

      assertThat(problemsOf(valid().addMetrics(kindFive)))
          .containsExactly(
              "metric 'kind_five', filter: cannot compare fct_events.kind (STRING) with 5 (INT64);"
                  + " compare values of the same type");
    }

    @Test
    void dateComparedWithAStringIsRejected() {
      Metric recentRevenue =
          documented(
                  Metric.sum("recent_revenue", FCT_EVENTS.column("amount"))
                      .where(FCT_EVENTS.column("business_date").ge("2024-01-01")))
              .build();

      assertThat(problemsOf(valid().addMetrics(recentRevenue)))
          .containsExactly(
              "metric 'recent_revenue', filter: cannot compare fct_events.business_date (DATE)"
                  + " with '2024-01-01' (STRING); compare values of the same type");
    }

    @Test
    void dateComparedWithADateIsAccepted() {
      Metric recentRevenue =
          documented(
                  Metric.sum("recent_revenue", FCT_EVENTS.column("amount"))
                      .where(FCT_EVENTS.column("business_date").ge(LocalDate.of(2024, 1, 1))))
              .build();

      assertThat(valid().addMetrics(recentRevenue).build().metrics()).contains(recentRevenue);
    }

    @Test
    void inWithValuesOfTheWrongTypeIsRejected() {
      Metric purchases =
          documented(
                  Metric.count("odd_purchases", FCT_EVENTS.column("event_id"))
                      .where(FCT_EVENTS.column("kind").in("purchase", 3)))
              .build();

      assertThat(problemsOf(valid().addMetrics(purchases)))
          .containsExactly(
              "metric 'odd_purchases', filter: cannot compare fct_events.kind (STRING) with 3 (INT64)"
                  + " in IN; compare values of the same type");
    }

    @Test
    void warehouseFilterWithInOfTheWrongTypeIsRejected() {
      WarehouseTable purchasesOnly =
          documented(
                  WarehouseTable.builder()
                      .fact("fct_purchases")
                      .from(EVENTS)
                      .where(EVENTS.column("kind").in(1, 2))
                      .column(
                          "business_date",
                          Expr.businessDate(EVENTS.column("happened_at")),
                          "The business date.")
                      .partitionedBy("business_date"))
              .build();

      assertThat(problemsOf(valid().addWarehouseTables(purchasesOnly)))
          .containsExactly(
              "warehouse table 'fct_purchases', filter: cannot compare events.kind (STRING) with 1"
                  + " (INT64) in IN; compare values of the same type",
              "warehouse table 'fct_purchases', filter: cannot compare events.kind (STRING) with 2"
                  + " (INT64) in IN; compare values of the same type");
    }
  }

  @Nested
  class MetricReferences {
    @Test
    void ratioWhoseDenominatorIsADimensionIsRejected() {
      Metric perCountry =
          documented(Metric.ratio("revenue_per_country", "revenue", "country")).build();

      assertThat(problemsOf(valid().addMetrics(perCountry)))
          .containsExactly(
              "metric 'revenue_per_country': denominator 'country' is a dimension, not a metric;"
                  + " name a metric of the catalog");
    }

    @Test
    void ratioWhoseNumeratorIsADimensionIsRejected() {
      Metric countryPerPurchase =
          documented(Metric.ratio("country_per_purchase", "country", "purchases")).build();

      assertThat(problemsOf(valid().addMetrics(countryPerPurchase)))
          .containsExactly(
              "metric 'country_per_purchase': numerator 'country' is a dimension, not a metric;"
                  + " name a metric of the catalog");
    }

    @Test
    void ratioOverAnUnknownNameIsRejected() {
      Metric typo = documented(Metric.ratio("aov", "revenu", "purchases")).build();

      assertThat(problemsOf(valid().addMetrics(typo)))
          .containsExactly(
              "metric 'aov': numerator 'revenu' does not exist (did you mean 'revenue'?); name a metric of the catalog");
    }

    @Test
    void derivedMetricOverSomethingThatIsNotAMetricIsRejected() {
      Metric mixed =
          documented(
                  Metric.derived(
                      "revenue_plus_kind",
                      Expr.metric("revenue")
                          .plus(Expr.metric("event_kind"))
                          .plus(Expr.metric("fct_events"))))
              .build();

      assertThat(problemsOf(valid().addMetrics(mixed)))
          .containsExactly(
              "metric 'revenue_plus_kind': input 'event_kind' is a dimension, not a metric;"
                  + " name a metric of the catalog",
              "metric 'revenue_plus_kind': input 'fct_events' is a table, not a metric;"
                  + " name a metric of the catalog");
    }

    @Test
    void derivedMetricReadingAColumnIsRejected() {
      Metric withFee =
          documented(
                  Metric.derived(
                      "revenue_with_fee",
                      Expr.metric("revenue").plus(FCT_EVENTS.column("amount"))))
              .build();

      assertThat(problemsOf(valid().addMetrics(withFee)))
          .containsExactly(
              "metric 'revenue_with_fee': reads column fct_events.amount directly; a derived metric"
                  + " combines metrics only, define a simple metric for it");
    }

    @Test
    void cycleAmongDerivedMetricsIsRejectedWithItsPath() {
      Metric a = documented(Metric.derived("a", Expr.metric("b").plus(Expr.literal(1)))).build();
      Metric b = documented(Metric.derived("b", Expr.metric("a").times(Expr.literal(2)))).build();

      assertThat(problemsOf(valid().addMetrics(a, b)))
          .containsExactly("metric 'a': is defined in terms of itself: a -> b -> a; break the cycle");
    }

    @Test
    void twoCyclesSharingAMetricAreBothReported() {
      Metric a = documented(Metric.derived("a", Expr.metric("b").plus(Expr.literal(1)))).build();
      Metric b = documented(Metric.derived("b", Expr.metric("a").plus(Expr.metric("c")))).build();
      Metric c = documented(Metric.derived("c", Expr.metric("b").times(Expr.literal(2)))).build();

      assertThat(problemsOf(valid().addMetrics(a, b, c)))
          .containsExactly(
              "metric 'a': is defined in terms of itself: a -> b -> a; break the cycle",
              "metric 'c': is defined in terms of itself: c -> b -> c; break the cycle");
    }

    @Test
    void aMetricOnItsOwnLoopIsReportedOnce() {
      Metric a = documented(Metric.derived("a", Expr.metric("a").plus(Expr.literal(1)))).build();

      assertThat(problemsOf(valid().addMetrics(a)))
          .containsExactly("metric 'a': is defined in terms of itself: a -> a; break the cycle");
    }

    @Test
    void rollingWindowOverANonSimpleMetricIsRejected() {
      Metric rolling =
          documented(Metric.rolling("revenue_per_purchase_7d", "revenue_per_purchase", 7))
              .build();

      assertThat(problemsOf(valid().addMetrics(rolling)))
          .containsExactly(
              "metric 'revenue_per_purchase_7d': rolls up metric 'revenue_per_purchase', which is"
                  + " not a simple metric; a rolling window needs SUM, COUNT or COUNT DISTINCT of a"
                  + " fact");
    }

    @ParameterizedTest(name = "{0} days")
    @ValueSource(ints = {0, -3})
    void rollingWindowOfLessThanOneDayIsRejected(int days) {
      Metric rolling = documented(Metric.rolling("buyers_window", "buyers", days)).build();

      assertThat(problemsOf(valid().addMetrics(rolling)))
          .containsExactly(
              "metric 'buyers_window': has a rolling window of "
                  + days
                  + " days; the window must be 1 day or more");
    }
  }

  @Nested
  class Marts {
    @Test
    void dimensionNotReachableFromTheMetricsFactIsRejected() {
      LakeTable plans =
          documented(
                  LakeTable.builder()
                      .name("plans")
                      .addColumns(
                          LakeColumn.of("plan_id", LogicalType.INT64, false, "The plan."),
                          LakeColumn.of("tier", LogicalType.STRING, false, "free or pro.")))
              .build();
      WarehouseTable dimPlans =
          documented(
                  WarehouseTable.builder()
                      .dimension("dim_plans")
                      .from(plans)
                      .column("plan_id", plans.column("plan_id"), "The plan.")
                      .column("tier", plans.column("tier"), "free or pro."))
              .build();
      Dimension tier = documented(Dimension.of("plan_tier", dimPlans.column("tier"))).build();
      Mart byTier =
          documented(Mart.builder().daily("revenue_by_tier").metrics(REVENUE).by(tier)).build();

      assertThat(
              problemsOf(
                  valid()
                      .addLakeTables(plans)
                      .addWarehouseTables(dimPlans)
                      .addDimensions(tier)
                      .addMarts(byTier)))
          .containsExactly(
              "mart 'revenue_by_tier': dimension 'plan_tier' (from dim_plans) is not reachable from"
                  + " metric 'revenue' (fact fct_events); add a reference from fct_events to"
                  + " dim_plans or drop the dimension");
    }

    @Test
    void martWithoutMetricsIsRejected() {
      Mart empty = documented(Mart.builder().daily("empty_mart").by(COUNTRY)).build();

      assertThat(problemsOf(valid().addMarts(empty)))
          .containsExactly("mart 'empty_mart': has no metrics; add at least one with .metrics(...)");
    }

    @Test
    void rollingMetricInAWeeklyMartIsRejected() {
      Mart weekly = documented(Mart.builder().weekly("weekly_buyers").metrics(BUYERS_7D)).build();

      assertThat(problemsOf(valid().addMarts(weekly)))
          .containsExactly(
              "mart 'weekly_buyers': metric 'buyers_7d' is a rolling window over days; it belongs"
                  + " in a daily mart, not a weekly one");
    }
  }

  @Nested
  class LakeTables {
    private LakeTable.Builder plans() {
      return documented(
          LakeTable.builder()
              .name("plans")
              .addColumns(
                  LakeColumn.of("plan_id", LogicalType.INT64, false, "The plan."),
                  LakeColumn.of("tier", LogicalType.STRING, true, "free or pro.")));
    }

    @Test
    void aPrimaryKeyOfItsOwnNotNullColumnsIsValid() {
      Catalog keyed = valid().addLakeTables(plans().addPrimaryKey("plan_id").build()).build();
      assertThat(keyed.findLakeTable("plans").orElseThrow().primaryKey()).containsExactly("plan_id");
      assertThat(keyed.findLakeTable("events").orElseThrow().primaryKey()).containsExactly("event_id");
      // A key is optional: a table without one is checked for NOT NULL columns only.
      assertThat(new CatalogValidator(valid().addLakeTables(plans().build()).build()).problems()).isEmpty();
    }

    @Test
    void aPrimaryKeyColumnThatIsNotOneOfItsColumnsIsRejected() {
      assertThat(problemsOf(valid().addLakeTables(plans().addPrimaryKey("id").build())))
          .containsExactly(
              "lake table 'plans': primary key column 'id' is not one of its columns;"
                  + " name columns of the table in .primaryKey(...)");
    }

    @Test
    void aNullablePrimaryKeyColumnIsRejected() {
      assertThat(problemsOf(valid().addLakeTables(plans().addPrimaryKey("plan_id", "tier").build())))
          .containsExactly(
              "lake table 'plans': primary key column 'tier' is nullable; declare it NOT NULL (nullable false)");
    }

    @Test
    void aPrimaryKeyNamingAColumnTwiceIsRejected() {
      assertThat(problemsOf(valid().addLakeTables(plans().addPrimaryKey("plan_id", "plan_id").build())))
          .containsExactly("lake table 'plans': primary key names column 'plan_id' twice; name each key column once");
    }
  }

  @Nested
  class WarehouseTables {
    @Test
    void factWithoutPartitionColumnIsRejected() {
      WarehouseTable fact =
          documented(
                  WarehouseTable.builder()
                      .fact("fct_raw_events")
                      .from(EVENTS)
                      .column("event_id", EVENTS.column("event_id"), "The event."))
              .build();

      assertThat(problemsOf(valid().addWarehouseTables(fact)))
          .containsExactly(
              "warehouse table 'fct_raw_events': is a fact without a partition column; name its"
                  + " business-date column with .partitionedBy(\"...\")");
    }

    @Test
    void partitionColumnThatIsNotADateIsRejected() {
      WarehouseTable fact =
          documented(
                  WarehouseTable.builder()
                      .fact("fct_raw_events")
                      .from(EVENTS)
                      .column("event_id", EVENTS.column("event_id"), "The event.")
                      .column("happened_at", EVENTS.column("happened_at"), "When (UTC).")
                      .partitionedBy("happened_at"))
              .build();

      assertThat(problemsOf(valid().addWarehouseTables(fact)))
          .containsExactly(
              "warehouse table 'fct_raw_events': partition column 'happened_at' is TIMESTAMP; it"
                  + " must be a DATE (e.g. Expr.businessDate(events.happened_at))");
    }

    @Test
    void columnReadingALakeTableThatIsNotJoinedIsRejected() {
      WarehouseTable fact =
          documented(
                  WarehouseTable.builder()
                      .fact("fct_events_by_country")
                      .from(EVENTS)
                      .column(
                          "business_date",
                          Expr.businessDate(EVENTS.column("happened_at")),
                          "The business date.")
                      .column("country", USERS.column("country"), "The user's country.")
                      .partitionedBy("business_date"))
              .build();

      assertThat(problemsOf(valid().addWarehouseTables(fact)))
          .containsExactly(
              "warehouse table 'fct_events_by_country', column 'country': reads users.country, but"
                  + " only events can be read here; join the table or use a column of those");
    }
  }
}
