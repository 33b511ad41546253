package dev.kpi.runtime.lake;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.warehouse.Join;
import dev.kpi.model.warehouse.TableKind;
import dev.kpi.model.warehouse.WarehouseTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which rows of each lake table a run reads, so that its data check reads no more — a daily run
 * must cost the same at any history. A lake table that every build reads through a fact's window
 * (orders by {@code ordered_at}, order items by {@code created_at}) is checked on the window's
 * rows only, plus rows without a timestamp; a table any build reads whole (products, creators,
 * items) is checked whole. {@code kpi check-lake} checks everything.
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
    Map<String, Set<String>> ranged = new HashMap<>();
    Set<String> whole = new HashSet<>();
    for (WarehouseTable table : catalog.warehouseTables()) {
      Map<String, String> pruned = prunedBy(table);
      Set<String> reads = new HashSet<>();
      reads.add(table.source().name());
      table.joins().stream().map(Join::table).forEach(t -> reads.add(t.name()));
      for (String lake : reads) {
        if (pruned.containsKey(lake)) {
          ranged.computeIfAbsent(lake, l -> new HashSet<>()).add(pruned.get(lake));
        } else {
          whole.add(lake);
        }
      }
    }
    Map<String, String> columns = new HashMap<>();
    ranged.forEach(
        (lake, timestamps) -> {
          if (!whole.contains(lake) && timestamps.size() == 1) {
            columns.put(lake, timestamps.iterator().next());
          }
        });
    return new LakeCheckScope(
        Map.copyOf(columns),
        first.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        last.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** The lake timestamps a fact's build reads by range (see WarehouseTableSql's window filters). */
  private static Map<String, String> prunedBy(WarehouseTable table) {
    Map<String, String> pruned = new HashMap<>();
    if (table.kind() != TableKind.FACT || table.partitionColumn().isEmpty()) {
      return pruned;
    }
    Expr expression = table.findColumn(table.partitionColumn().get()).orElseThrow().expression();
    if (expression instanceof Expr.BusinessDate && ((Expr.BusinessDate) expression).timestamp() instanceof Expr.ColumnRef) {
      Expr.ColumnRef timestamp = (Expr.ColumnRef) ((Expr.BusinessDate) expression).timestamp();
      pruned.put(timestamp.table(), timestamp.column());
      table.alsoPrunedBy().forEach(c -> pruned.put(c.table(), c.column()));
    }
    return pruned;
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
