package dev.kpi.model.catalog;

import static dev.kpi.model.catalog.TestCatalogs.BUYERS;
import static dev.kpi.model.catalog.TestCatalogs.BUYERS_7D;
import static dev.kpi.model.catalog.TestCatalogs.COUNTRY;
import static dev.kpi.model.catalog.TestCatalogs.FCT_EVENTS;
import static dev.kpi.model.catalog.TestCatalogs.REVENUE;
import static dev.kpi.model.catalog.TestCatalogs.problemsOf;
import static dev.kpi.model.catalog.TestCatalogs.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.model.expr.Expr;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.query.FilterText;
import dev.kpi.model.query.SavedQuery;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Saved and ad-hoc queries: the rules of a mart, a filter on dimensions, and the filter's text form. */
class QueryValidationTest {
  private final Catalog catalog = valid().build();

  private static SavedQuery.Builder query(String name) {
    return SavedQuery.builder().name(name).description(TestCatalogs.DESCRIPTION).owner(TestCatalogs.OWNER);
  }

  @Nested
  class Rules {
    @Test
    void aSavedQueryIsValidatedAsTheMartItWouldBe() {
      SavedQuery weekly = query("buyers_weekly").grain(Grain.WEEK).metrics(BUYERS, BUYERS_7D).by(COUNTRY).build();
      assertThat(problemsOf(valid().addQueries(weekly)))
          .containsExactly(
              "query 'buyers_weekly': metric 'buyers_7d' is a rolling window over days; it belongs in a daily mart, not a weekly one");
    }

    @Test
    void aFilterIsAConditionOnDimensionColumns() {
      SavedQuery onFact = query("big_revenue").metrics(REVENUE).where(FCT_EVENTS.column("amount").gt(100L)).build();
      assertThat(catalog.queryProblems(onFact))
          .containsExactly(
              "query 'big_revenue': filters on fct_events.amount, which is not a dimension's column; filter on a dimension (event_kind, country) or give the column a dimension");
      SavedQuery notACondition = query("countries").metrics(REVENUE).where(COUNTRY.column()).build();
      assertThat(catalog.queryProblems(notACondition)).containsExactly("query 'countries': dim_users.country is STRING, not a condition (BOOL)");
      SavedQuery good = query("japan").metrics(REVENUE, BUYERS).where(COUNTRY.column().eq("JP")).build();
      assertThat(catalog.queryProblems(good)).isEmpty();
      assertThat(valid().addQueries(good).build().findQuery("japan")).contains(good);
    }

    @Test
    void anAdHocQueryNamesItsMistakesWithTheClosestName() {
      SavedQuery misspelled = query("query").addMetrics("revenu").addDimensions("contry").build();
      assertThat(catalog.queryProblems(misspelled))
          .containsExactly(
              "query 'query': dimension 'contry' is not a dimension of the catalog (did you mean 'country'?)",
              "query 'query': metric 'revenu' does not exist (did you mean 'revenue'?); name a metric of the catalog");
    }

    @Test
    void twoQueriesOfOneNameAreOneProblem() {
      SavedQuery first = query("japan").metrics(REVENUE).build();
      assertThat(problemsOf(valid().addQueries(first, first))).containsExactly("query 'japan': is defined 2 times; names must be unique, rename or remove the copies");
    }
  }

  @Nested
  class Text {
    @Test
    void aFilterReadsAsTheExpressionADefinitionWouldWrite() {
      assertThat(FilterText.parse("country = 'JP'", catalog)).isEqualTo(COUNTRY.column().eq("JP"));
      assertThat(FilterText.parse("country in ('JP', 'it''s') and not event_kind = 'view'", catalog))
          .isEqualTo(Expr.and(COUNTRY.column().in("JP", "it's"), Expr.not(TestCatalogs.EVENT_KIND.column().eq("view"))));
      assertThat(FilterText.parse("(country IS NOT NULL OR event_kind <> 'x') AND country NOT IN ('US')", catalog))
          .hasToString("((NOT (dim_users.country IS NULL)) OR (fct_events.kind <> 'x')) AND (NOT (dim_users.country IN ('US')))");
    }

    @Test
    void aFilterIsWrittenBackInItsTextForm() {
      for (String text : List.of("country = 'JP'", "(country IN ('JP', 'it''s')) AND (NOT (event_kind = 'view'))", "NOT (country IS NULL)")) {
        Expr filter = FilterText.parse(text, catalog);
        assertThat(FilterText.text(filter, catalog)).isEqualTo(text);
        assertThat(FilterText.parse(FilterText.text(filter, catalog), catalog)).isEqualTo(filter);
      }
    }

    @Test
    void everyMistakeNamesWhatToWrite() {
      assertThatThrownBy(() -> FilterText.parse("contry = 'JP'", catalog))
          .hasMessage("the filter \"contry = 'JP'\" names 'contry', which is not a dimension (did you mean 'country'?); the dimensions are event_kind, country");
      assertThatThrownBy(() -> FilterText.parse("country = 5", catalog))
          .hasMessage("the filter \"country = 5\" compares country (STRING) with the number 5; write a text in single quotes, as 'value'");
      assertThatThrownBy(() -> FilterText.parse("country = 'JP", catalog))
          .hasMessage("the filter \"country = 'JP\" has a text that starts at column 11 but has no closing quote");
      assertThatThrownBy(() -> FilterText.parse("country = 'JP' 'US'", catalog))
          .hasMessage("the filter \"country = 'JP' 'US'\" has 'US' where the condition should end, at column 16; join conditions with AND or OR");
      assertThatThrownBy(() -> FilterText.parse("country =", catalog)).hasMessage("the filter \"country =\" ends where a value for country should be");
      assertThatThrownBy(() -> FilterText.parse("  ", catalog)).hasMessage("the filter \"  \" is empty; write a condition such as event_kind = '...'");
      assertThatThrownBy(() -> FilterText.parse("country IN ('JP'", catalog)).hasMessage("the filter \"country IN ('JP'\" ends where ')' should be to close the IN list");
      assertThatThrownBy(() -> FilterText.parse("country ; drop", catalog)).hasMessage("the filter \"country ; drop\" has ';' at column 9, which a filter cannot hold; quote texts with single quotes");
    }
  }
}
