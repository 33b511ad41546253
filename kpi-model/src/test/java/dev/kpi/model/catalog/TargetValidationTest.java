package dev.kpi.model.catalog;

import static dev.kpi.model.catalog.TestCatalogs.problemsOf;
import static dev.kpi.model.catalog.TestCatalogs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.target.MonthlyTarget;
import java.math.BigDecimal;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** The mistakes an analyst can make in the monthly targets, all listed at once. */
class TargetValidationTest {
  @Test
  void aTargetOfAnAdditiveMetricBuilds() {
    assertThat(valid().addTargets(MonthlyTarget.of(TestCatalogs.REVENUE, "2026-11", "1000")).build().targetOf("revenue", java.time.LocalDate.parse("2026-11-24"))).isPresent();
  }

  @Test
  void everyMistakeIsListedNamingTheTarget() {
    assertThat(problemsOf(valid().addTargets(
            new MonthlyTarget("refunds", YearMonth.of(2026, 11), BigDecimal.TEN),
            MonthlyTarget.of(TestCatalogs.BUYERS, "2026-11", "100"),
            MonthlyTarget.of(TestCatalogs.REVENUE, "2026-11", "0"),
            MonthlyTarget.of(TestCatalogs.REVENUE, "2026-12", "10"),
            MonthlyTarget.of(TestCatalogs.REVENUE, "2026-12", "20"))))
        .containsExactly(
            "target of 'refunds' for 2026-11: names metric 'refunds', which the catalog does not have",
            "target of 'buyers' for 2026-11: 'buyers' is distinct: only an additive metric's month is the sum of its days, which a month-to-date pace needs;"
                + " set the target on an additive metric",
            "target of 'revenue' for 2026-11: is 0; give a positive value",
            "target of 'revenue' for 2026-12: is set twice; keep one");
  }
}
