package dev.kpi.runtime.lake;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.sql.plan.LakeReads;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Which rows of each lake table a run reads, so that its data check reads no more — a daily run
 * must cost the same at any history. A lake table that every build reads through a fact's window
 * (orders by {@code ordered_at}, order items by {@code created_at}) is checked on the window's
 * rows only, plus rows without a timestamp; a table any build reads whole (products, creators,
 * items) is checked whole ({@link LakeReads} says which, for both engines). {@code kpi
 * check-lake} checks everything.
 */
public final class LakeCheckScope {
  private static final LakeCheckScope EVERYTHING = new LakeCheckScope(Map.of(), null, null);

  private final Map<String, String> rangeColumns;
  private final Instant from;
  private final Instant until;

  private LakeCheckScope(Map<String, String> rangeColumns, Instant from, Instant until) {
    this.rangeColumns = rangeColumns;
    this.from = from;
    this.until = until;
  }

  /** Every row of every table. */
  public static LakeCheckScope everything() {
    return EVERYTHING;
  }

  /**
   * The rows builds of business dates {@code first}..{@code last} read. The range is widened by
   * a day on each side, so any catalog time zone's dates fall inside it.
   */
  public static LakeCheckScope forDates(Catalog catalog, LocalDate first, LocalDate last) {
    return new LakeCheckScope(
        LakeReads.rangeColumns(catalog),
        LakeReads.rangeStart(first),
        LakeReads.rangeEnd(last));
  }

  /** The timestamp column the table's check is restricted by, if it is. */
  Optional<String> rangeColumn(String lakeTable) {
    return Optional.ofNullable(rangeColumns.get(lakeTable));
  }

  /** The first instant checked (inclusive). */
  Instant from() {
    return from;
  }

  /** The end of the instants checked (exclusive). */
  Instant until() {
    return until;
  }
}
