package dev.kpi.model.mart;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** The period one row of a mart covers, made of business dates in the catalog's time zone. */
public enum Grain {
  DAY("business_date"),
  /** Monday to Sunday. */
  WEEK("week_start"),
  MONTH("month_start");

  private final String dateColumn;

  Grain(String dateColumn) {
    this.dateColumn = dateColumn;
  }

  /** The name of the mart's DATE column: the first business date of the period. */
  public String dateColumn() {
    return dateColumn;
  }

  /** The first business date of the period holding {@code date}: itself, its Monday, the 1st. */
  public LocalDate periodStart(LocalDate date) {
    switch (this) {
      case WEEK:
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH:
        return date.withDayOfMonth(1);
      default:
        return date;
    }
  }

  /** The first date of the next period. */
  public LocalDate next(LocalDate periodStart) {
    switch (this) {
      case WEEK:
        return periodStart.plusWeeks(1);
      case MONTH:
        return periodStart.plusMonths(1);
      default:
        return periodStart.plusDays(1);
    }
  }

  /** The last business date of the period holding {@code date}. */
  public LocalDate periodEnd(LocalDate date) {
    return next(periodStart(date)).minusDays(1);
  }
}
