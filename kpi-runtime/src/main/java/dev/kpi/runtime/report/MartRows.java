package dev.kpi.runtime.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of daily marts read back from a warehouse (embedded DuckDB or BigQuery), for
 * {@code kpi show} and the Slack summary.
 */
public interface MartRows {
  /**
   * The mart's rows on the dates, by date; in each row, column name → value: a BigDecimal for
   * numbers, a String for text, null for NULL.
   */
  Map<LocalDate, List<Map<String, Object>>> rows(String mart, Collection<LocalDate> dates);

  /** The fingerprint of the definition that built the mart's date; empty when the date is not built. */
  Optional<String> builtBy(String mart, LocalDate date);

  /** The warnings of the lake check that the run which built the mart's date passed; empty for none. */
  List<String> lakeWarnings(String mart, LocalDate date);

  /** When the mart's date was built, if the warehouse knows. */
  Optional<Instant> builtAt(String mart, LocalDate date);

  /** A numeric value of a row, empty for NULL. */
  static Optional<BigDecimal> number(Object value) {
    return value == null ? Optional.empty() : Optional.of(value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString()));
  }
}
