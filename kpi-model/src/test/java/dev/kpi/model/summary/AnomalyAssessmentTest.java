package dev.kpi.model.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The check on hand-computable weeks: a seasonal week, a real drop, a holiday-like dip, a quiet series. */
class AnomalyAssessmentTest {
  private static final AnomalyCheck GMV_DROP = AnomalyCheck.drop("gmv", "0.2");

  private static List<Optional<BigDecimal>> weeks(String... values) {
    return Arrays.stream(values).map(v -> v.equals("-") ? Optional.<BigDecimal>empty() : Optional.of(new BigDecimal(v))).toList();
  }

  private static Optional<BigDecimal> value(String v) {
    return Optional.of(new BigDecimal(v));
  }

  @Test
  void aSaturdayAsBusyAsSaturdaysAreIsNotFlaggedThoughItIsFarAboveAWeekday() {
    // Saturdays sell twice a weekday; against Saturdays, this one is ordinary.
    AnomalyAssessment a = AnomalyAssessment.of(AnomalyCheck.builder().metric("gmv").build(), value("205"), weeks("200", "210", "190", "205", "195", "200", "215", "185"));
    assertThat(a.median()).contains(new BigDecimal("200"));
    assertThat(a.flagged()).isFalse();
    assertThat(a.weeksUsed()).isEqualTo(8);
  }

  @Test
  void aRealDropIsFlaggedWithItsBaseline() {
    AnomalyAssessment a = AnomalyAssessment.of(GMV_DROP, value("120"), weeks("200", "210", "190", "205", "195", "200", "215", "185"));
    // median 200; |deviations| 0,10,10,5,5,0,15,15 → MAD 7.5, spread 11.1195; z = -80 / 11.1195 = -7.19
    assertThat(a.median()).contains(new BigDecimal("200"));
    assertThat(a.spread().orElseThrow()).isCloseTo(11.1195, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(a.score().orElseThrow()).isCloseTo(-7.1946, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(a.change()).contains(new BigDecimal("-0.400000"));
    assertThat(a.flagged()).isTrue();
  }

  @Test
  void aHolidayLikeDipFarInSpreadsButUnderTheMinimumChangeIsNotFlagged() {
    // A very steady series: 15 % down is many spreads away, but under the 20 % that matters.
    AnomalyAssessment a = AnomalyAssessment.of(GMV_DROP, value("170"), weeks("200", "201", "199", "200", "202", "198", "200", "200"));
    assertThat(a.score().orElseThrow()).isLessThan(-3.5);
    assertThat(a.flagged()).isFalse();
    assertThat(a.note()).isEqualTo("within 20 % of the median");
  }

  @Test
  void oneOddWeekInTheBaselineMovesNeitherTheMedianNorHidesADrop() {
    AnomalyAssessment a = AnomalyAssessment.of(GMV_DROP, value("120"), weeks("200", "20", "190", "205", "195", "200", "215", "185"));
    assertThat(a.median()).contains(new BigDecimal("197.5"));
    assertThat(a.flagged()).isTrue();
  }

  @Test
  void aRiseIsNotWhatADropCheckLooksFor() {
    AnomalyAssessment a = AnomalyAssessment.of(GMV_DROP, value("400"), weeks("200", "210", "190", "205", "195"));
    assertThat(a.flagged()).isFalse();
    assertThat(a.note()).isEqualTo("no move the check looks for");
    assertThat(AnomalyAssessment.of(AnomalyCheck.builder().metric("gmv").build(), value("400"), weeks("200", "210", "190", "205", "195")).flagged()).isTrue();
  }

  @Test
  void withFewerThanThreeBuiltWeeksNothingIsFlaggedAndItSaysWhy() {
    AnomalyAssessment a = AnomalyAssessment.of(GMV_DROP, value("1"), weeks("200", "-", "-", "210", "-", "-", "-", "-"));
    assertThat(a.flagged()).isFalse();
    assertThat(a.note()).isEqualTo("not enough history: 2 of the 8 previous same weekdays are built (3 needed)");
  }

  @Test
  void aSeriesWithNoSpreadIsJudgedByTheSizeOfTheChangeAlone() {
    assertThat(AnomalyAssessment.of(GMV_DROP, value("150"), weeks("200", "200", "200")).flagged()).isTrue();
    assertThat(AnomalyAssessment.of(GMV_DROP, value("190"), weeks("200", "200", "200")).flagged()).isFalse();
  }
}
