package dev.kpi.runtime.warehouse;

import dev.kpi.runtime.DateWindow;
import java.util.List;

/**
 * The lake rows a run's builds read, which its lake check reads too (so a daily run's check costs
 * the same at any history): the lake tables read, and the business dates of those read by range
 * (through a fact's window).
 *
 * @param tables the lake tables read, by name
 * @param dates the business dates the tables read by range are read on; null when no build reads
 *     them by range (then they are not in {@code tables})
 */
public record LakeScope(List<String> tables, DateWindow dates) {
  public LakeScope {
    tables = List.copyOf(tables);
  }

  /** Whether this scope reads nothing {@code checked} did not. */
  public boolean within(LakeScope checked) {
    if (!checked.tables.containsAll(tables)) {
      return false;
    }
    return dates == null
        || checked.dates != null && !dates.start().isBefore(checked.dates.start()) && !dates.end().isAfter(checked.dates.end());
  }
}
