package dev.kpi.runtime.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * ISO dates only (2026-11-24), with a message that shows how to write one; and plausible ones:
 * a year typed wrong (0001-01-01) would start a backfill of two thousand years.
 */
final class DateConverter implements ITypeConverter<LocalDate> {
  static final LocalDate FIRST = LocalDate.of(2000, 1, 1);
  static final LocalDate LAST = LocalDate.of(2999, 12, 31);

  @Override
  public LocalDate convert(String value) {
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
        // Written as YYYY-MM-DD, but no such day: say which part is wrong (month 13, 2026-02-30).
        String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        throw new TypeConversionException("'" + value + "' is not a day of the calendar (" + why + "); check the month and the day");
      }
      throw new TypeConversionException("'" + value + "' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24");
    }
    if (date.isBefore(FIRST) || date.isAfter(LAST)) {
      throw new TypeConversionException("'" + value + "' is outside the business dates kpi builds (" + FIRST + " to " + LAST + "); check the year");
    }
    return date;
  }
}
