package dev.kpi.model.target;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A month's target on a date: the month to date (the sum of its built days up to the date),
 * what share of the target it is, what is left, and the pace per day the rest of the month needs
 * against the pace so far. When some days up to the date are not built, the month to date misses
 * them, {@link #daysMissing()} says how many, and there is no pace: one from missing days would
 * be wrong both ways.
 */
public record TargetProgress(
    MonthlyTarget target,
    LocalDate date,
    BigDecimal monthToDate,
    int daysMissing,
    BigDecimal achieved,
    BigDecimal remaining,
    int daysLeft,
    Optional<BigDecimal> neededPerDay,
    Optional<BigDecimal> pacePerDay) {

  public static TargetProgress of(MonthlyTarget target, LocalDate date, BigDecimal monthToDate, int daysBuilt) {
    int elapsed = date.getDayOfMonth();
    int daysLeft = target.month().lengthOfMonth() - elapsed;
    BigDecimal remaining = target.value().subtract(monthToDate).max(BigDecimal.ZERO);
    BigDecimal achieved = target.value().signum() == 0 ? BigDecimal.ZERO : monthToDate.divide(target.value(), 6, RoundingMode.HALF_UP);
    boolean complete = daysBuilt == elapsed;
    Optional<BigDecimal> needed = daysLeft == 0 || !complete ? Optional.empty() : Optional.of(remaining.divide(BigDecimal.valueOf(daysLeft), 6, RoundingMode.HALF_UP));
    Optional<BigDecimal> pace = complete ? Optional.of(monthToDate.divide(BigDecimal.valueOf(elapsed), 6, RoundingMode.HALF_UP)) : Optional.empty();
    return new TargetProgress(target, date, monthToDate, elapsed - daysBuilt, achieved, remaining, daysLeft, needed, pace);
  }

  /** Whether the pace so far, kept up, reaches the target by the month's end. */
  public boolean onTrack() {
    return remaining.signum() == 0 || (neededPerDay.isPresent() && pacePerDay.isPresent() && pacePerDay.get().compareTo(neededPerDay.get()) >= 0);
  }
}
