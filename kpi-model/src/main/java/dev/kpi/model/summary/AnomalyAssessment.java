package dev.kpi.model.summary;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an {@link AnomalyCheck} says of a day's value, with the baseline it compared against: the
 * median of the previous same weekdays, their spread (1.4826 × MAD, a standard deviation's worth
 * for normal data), the value's distance from the median in spreads (a robust z-score), and the
 * change from the median as a fraction. Weeks that were not built are left out of the baseline;
 * with fewer than {@value #MIN_BASELINE} of them, nothing is flagged, and {@link #note()} says why.
 */
public record AnomalyAssessment(
    AnomalyCheck check,
    Optional<BigDecimal> value,
    int weeksUsed,
    Optional<BigDecimal> median,
    Optional<Double> spread,
    Optional<Double> score,
    Optional<BigDecimal> change,
    boolean flagged,
    String note) {

  /** The fewest same weekdays a baseline is made of. */
  public static final int MIN_BASELINE = 3;
  private static final BigDecimal MAD_TO_SIGMA = new BigDecimal("1.4826");

  /**
   * Assesses {@code value} against {@code baseline}: the values of the previous same weekdays,
   * the nearest first, empty where that day was not built.
   */
  public static AnomalyAssessment of(AnomalyCheck check, Optional<BigDecimal> value, List<Optional<BigDecimal>> baseline) {
    List<BigDecimal> known = new ArrayList<>();
    baseline.forEach(b -> b.ifPresent(known::add));
    if (value.isEmpty()) {
      return new AnomalyAssessment(check, value, known.size(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, "no value on the day");
    }
    if (known.size() < MIN_BASELINE) {
      return new AnomalyAssessment(check, value, known.size(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
          "not enough history: " + known.size() + " of the " + check.weeks() + " previous same weekdays are built (" + MIN_BASELINE + " needed)");
    }
    BigDecimal median = median(known);
    List<BigDecimal> deviations = known.stream().map(b -> b.subtract(median).abs()).toList();
    BigDecimal spread = median(deviations).multiply(MAD_TO_SIGMA);
    BigDecimal difference = value.get().subtract(median);
    Optional<Double> score = spread.signum() == 0 ? Optional.empty() : Optional.of(difference.divide(spread, MathContext.DECIMAL64).doubleValue());
    Optional<BigDecimal> change = median.signum() == 0 ? Optional.empty() : Optional.of(difference.divide(median.abs(), 6, RoundingMode.HALF_UP));
    boolean rightWay = switch (check.direction()) {
      case DROP -> difference.signum() < 0;
      case RISE -> difference.signum() > 0;
      case EITHER -> difference.signum() != 0;
    };
    // With no spread (every week alike) any move is far; the size of the change decides alone.
    boolean far = score.map(z -> Math.abs(z) >= check.threshold().doubleValue()).orElse(difference.signum() != 0);
    boolean large = change.map(c -> c.abs().compareTo(check.minChange()) >= 0).orElse(difference.signum() != 0);
    boolean flagged = rightWay && far && large;
    String note = flagged ? "unusual" : !rightWay ? "no move the check looks for" : !large ? "within " + percent(check.minChange()) + " of the median" : "within " + check.threshold().toPlainString() + " spreads of the median";
    return new AnomalyAssessment(check, value, known.size(), Optional.of(median), Optional.of(spread.doubleValue()), score, change, flagged, note);
  }

  private static String percent(BigDecimal fraction) {
    return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
  }

  private static BigDecimal median(List<BigDecimal> values) {
    List<BigDecimal> sorted = new ArrayList<>(values);
    sorted.sort(BigDecimal::compareTo);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2));
  }
}
