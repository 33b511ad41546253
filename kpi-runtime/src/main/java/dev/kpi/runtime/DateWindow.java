package dev.kpi.runtime;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;

/** An inclusive range of business dates. */
public final class DateWindow {
  private final LocalDate start;
  private final LocalDate end;

  private DateWindow(LocalDate start, LocalDate end) {
    this.start = start;
    this.end = end;
  }

  public static DateWindow of(LocalDate start, LocalDate end) {
    if (start.isAfter(end)) {
      throw KpiException.usage("the window starts on " + start + ", after it ends on " + end + "; give --from on or before --to");
    }
    return new DateWindow(start, end);
  }

  /** The run date and the {@code lookbackDays} before it. */
  public static DateWindow endingOn(LocalDate date, int lookbackDays) {
    return new DateWindow(date.minusDays(lookbackDays), date);
  }

  /** Parses an ISO date (2026-11-24), naming the option when it is not one. */
  public static LocalDate parseDate(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw KpiException.usage(
          option + " '" + text + "' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24");
    }
  }

  /** The shortest list of windows covering exactly the given dates. */
  public static List<DateWindow> covering(SortedSet<LocalDate> dates) {
    List<DateWindow> out = new ArrayList<>();
    LocalDate from = null;
    LocalDate to = null;
    for (LocalDate date : dates) {
      if (from != null && date.equals(to.plusDays(1))) {
        to = date;
        continue;
      }
      if (from != null) {
        out.add(new DateWindow(from, to));
      }
      from = date;
      to = date;
    }
    if (from != null) {
      out.add(new DateWindow(from, to));
    }
    return out;
  }

  public LocalDate start() {
    return start;
  }

  public LocalDate end() {
    return end;
  }

  /** Whether {@code date} is one of the window's dates. */
  public boolean contains(LocalDate date) {
    return !date.isBefore(start) && !date.isAfter(end);
  }

  public List<LocalDate> dates() {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
      out.add(d);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DateWindow && ((DateWindow) o).start.equals(start) && ((DateWindow) o).end.equals(end);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end);
  }

  @Override
  public String toString() {
    return start.equals(end) ? start.toString() : start + ".." + end;
  }
}
