package dev.kpi.model.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** A month's target on a date, by hand: November has 30 days. */
class TargetProgressTest {
  private static final MonthlyTarget GMV = new MonthlyTarget("gmv", YearMonth.of(2026, 11), new BigDecimal("30000000"));

  @Test
  void behindTheTargetTheRestOfTheMonthNeedsMoreThanThePaceSoFar() {
    TargetProgress p = TargetProgress.of(GMV, LocalDate.parse("2026-11-24"), new BigDecimal("21600000"), 24);
    assertThat(p.achieved()).isEqualByComparingTo("0.72");
    assertThat(p.remaining()).isEqualByComparingTo("8400000");
    assertThat(p.daysLeft()).isEqualTo(6);
    assertThat(p.neededPerDay()).hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("1400000"));
    assertThat(p.pacePerDay()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("900000"));
    assertThat(p.onTrack()).isFalse();
    assertThat(p.daysMissing()).isZero();
  }

  @Test
  void aheadOfItThePaceSoFarIsEnough() {
    assertThat(TargetProgress.of(GMV, LocalDate.parse("2026-11-10"), new BigDecimal("12000000"), 10).onTrack()).isTrue();
  }

  @Test
  void withDaysMissingThereIsNoPaceEitherWay() {
    TargetProgress p = TargetProgress.of(GMV, LocalDate.parse("2026-11-10"), new BigDecimal("12000000"), 9);
    assertThat(p.daysMissing()).isEqualTo(1);
    assertThat(p.pacePerDay()).isEmpty();
    assertThat(p.neededPerDay()).isEmpty();
    assertThat(p.onTrack()).isFalse();
  }

  @Test
  void onTheLastDayNothingIsLeftToPace() {
    TargetProgress p = TargetProgress.of(GMV, LocalDate.parse("2026-11-30"), new BigDecimal("31000000"), 30);
    assertThat(p.neededPerDay()).isEmpty();
    assertThat(p.remaining()).isEqualByComparingTo("0");
    assertThat(p.onTrack()).isTrue();
  }
}
