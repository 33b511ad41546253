package dev.kpi.slack;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the runtime read for one business date: the headline KPIs, the breakdown, when the data
 * was built, and the data checks that failed (then the message is a warning, never numbers).
 */
public final class SummaryData {
  private final LocalDate date;
  private final String timeZone;
  private final Optional<Instant> builtAt;
  private final List<HeadlineValue> headline;
  private final Optional<BreakdownData> breakdown;
  private final List<String> failedChecks;
  private final List<String> lakeWarnings;

  public SummaryData(
      LocalDate date,
      String timeZone,
      Optional<Instant> builtAt,
      List<HeadlineValue> headline,
      Optional<BreakdownData> breakdown,
      List<String> failedChecks) {
    this(date, timeZone, builtAt, headline, breakdown, failedChecks, List.of());
  }

  /**
   * @param lakeWarnings the lake check's warnings the date was built with: the numbers are shown,
   *     and the warnings with them
   */
  public SummaryData(
      LocalDate date,
      String timeZone,
      Optional<Instant> builtAt,
      List<HeadlineValue> headline,
      Optional<BreakdownData> breakdown,
      List<String> failedChecks,
      List<String> lakeWarnings) {
    this.date = date;
    this.timeZone = timeZone;
    this.builtAt = builtAt;
    this.headline = List.copyOf(headline);
    this.breakdown = breakdown;
    this.failedChecks = List.copyOf(failedChecks);
    this.lakeWarnings = List.copyOf(lakeWarnings);
  }

  /** A warning about a date whose data could not be trusted. */
  public static SummaryData failed(LocalDate date, String timeZone, List<String> failedChecks) {
    return new SummaryData(date, timeZone, Optional.empty(), List.of(), Optional.empty(), failedChecks);
  }

  public LocalDate date() {
    return date;
  }

  public String timeZone() {
    return timeZone;
  }

  public Optional<Instant> builtAt() {
    return builtAt;
  }

  public List<HeadlineValue> headline() {
    return headline;
  }

  public Optional<BreakdownData> breakdown() {
    return breakdown;
  }

  /** Empty when every data check passed. */
  public List<String> failedChecks() {
    return failedChecks;
  }

  /** The lake check's warnings the date's numbers were built with; empty for none. */
  public List<String> lakeWarnings() {
    return lakeWarnings;
  }

  public boolean isWarning() {
    return !failedChecks.isEmpty();
  }
}
