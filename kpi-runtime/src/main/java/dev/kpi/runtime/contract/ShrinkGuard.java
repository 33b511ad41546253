package dev.kpi.runtime.contract;

import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.sql.render.BuiltDatesSql;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps an extract that shrank from overwriting good days: before a warehouse build replaces a
 * date, the lake rows it would read now ({@link LakeVolume}) are compared with those the ledger
 * recorded when the date was last built. A table that drops to no rows on a date that had some,
 * or falls by more than the allowed share, is a shrink — far more often an empty or partial
 * extract than a real change — and the run refuses it unless told to accept it.
 */
public final class ShrinkGuard {
  /** The share a date's rows may fall by before the run refuses it, unless given: 50 %. */
  public static final int DEFAULT_MAX_SHRINK_PERCENT = 50;

  /** One lake table on one date: the rows when the date was last built, and now. */
  public record Shrink(String lakeTable, LocalDate date, long before, long after) {
    @Override
    public String toString() {
      return "lake table '" + lakeTable + "' on " + date + ": " + before + (before == 1 ? " row" : " rows") + " when the date was last built, " + after + " now";
    }
  }

  private final int maxShrinkPercent;

  /** @param maxShrinkPercent the share (0–99) a date's rows may fall by; a fall to none is always a shrink */
  public ShrinkGuard(int maxShrinkPercent) {
    if (maxShrinkPercent < 0 || maxShrinkPercent > 99) {
      throw new IllegalArgumentException("the share must be 0 to 99 percent: " + maxShrinkPercent);
    }
    this.maxShrinkPercent = maxShrinkPercent;
  }

  /**
   * The shrinks among the dates of {@code window} that the ledger recorded lake rows for
   * ({@code recorded}, the table's built dates), against the rows of {@code now}: only of the lake
   * tables the build reads now ({@code reads}) that {@code now} counted, so a table that a changed
   * definition no longer reads by range is not taken for one that emptied. A date of a table
   * recreated empty holds nothing to protect.
   */
  public List<Shrink> shrinks(DateWindow window, Map<LocalDate, BuiltDate> recorded, LakeVolume now, Set<String> reads) {
    List<Shrink> out = new ArrayList<>();
    for (LocalDate date : window.dates()) {
      BuiltDate built = recorded.get(date);
      if (built == null || BuiltDatesSql.RECREATED.equals(built.fingerprint())) {
        continue;
      }
      LakeVolume.parse(built.lakeRows()).forEach((table, before) -> {
        if (!reads.contains(table) || !now.counts(table)) {
          return;
        }
        long after = now.rows(date, table);
        if (shrank(before, after)) {
          out.add(new Shrink(table, date, before, after));
        }
      });
    }
    return out;
  }

  private boolean shrank(long before, long after) {
    return before > 0 && (after == 0 || (before - after) * 100 > before * maxShrinkPercent);
  }

  /** The error of a run refused for {@code shrinks}: every date, the counts, the likely cause, and the command that proceeds. */
  public String refusal(Collection<Shrink> shrinks, String acceptCommand) {
    List<String> lines = new ArrayList<>();
    shrinks.stream().distinct().forEach(s -> lines.add(s.toString()));
    return "the lake holds fewer rows than when these dates were last built (by more than " + maxShrinkPercent
        + " %, or none at all), so they were not replaced; nothing was written:\n  - " + String.join("\n  - ", lines)
        + "\nan empty or partial extract is the likely cause: load the missing rows into the lake and run again;"
        + " if the lake really holds fewer rows now (orders deleted upstream), replace the dates anyway with: " + acceptCommand
        + " (or allow a larger fall with --max-shrink PERCENT)";
  }
}
