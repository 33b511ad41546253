package dev.kpi.sql.plan;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.warehouse.Join;
import dev.kpi.model.warehouse.TableKind;
import dev.kpi.model.warehouse.WarehouseTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the builds read each lake table: by a range of one timestamp, or whole. A lake table that
 * every build reading it reads through a fact's window (orders by {@code ordered_at}, order items
 * by {@code created_at}: the window filters of {@link dev.kpi.sql.render.WarehouseTableSql}) is
 * read by range; a table any build reads whole (products, creators, items), or by two different
 * timestamps, is read whole. Both engines' lake checks restrict their rows by this, so that a
 * daily run's check costs the same at any history.
 */
public final class LakeReads {
  private LakeReads() {}

  /** Lake table → the timestamp column every build reads it by; tables read whole are absent. */
  public static Map<String, String> rangeColumns(Catalog catalog) {
    Map<String, Set<String>> ranged = new HashMap<>();
    Set<String> whole = new HashSet<>();
    for (WarehouseTable table : catalog.warehouseTables()) {
      Map<String, String> pruned = prunedBy(table);
      for (String lake : reads(table)) {
        if (pruned.containsKey(lake)) {
          ranged.computeIfAbsent(lake, l -> new HashSet<>()).add(pruned.get(lake));
        } else {
          whole.add(lake);
        }
      }
    }
    Map<String, String> columns = new TreeMap<>();
    ranged.forEach(
        (lake, timestamps) -> {
          if (!whole.contains(lake) && timestamps.size() == 1) {
            columns.put(lake, timestamps.iterator().next());
          }
        });
    return Map.copyOf(columns);
  }

  /** The lake tables a build of {@code table} reads: its source and the tables it joins. */
  public static Set<String> reads(WarehouseTable table) {
    Set<String> reads = new java.util.TreeSet<>();
    reads.add(table.source().name());
    table.joins().stream().map(Join::table).forEach(t -> reads.add(t.name()));
    return reads;
  }

  /**
   * The first instant of the rows that builds of business dates from {@code first} read (a day
   * early, so that any catalog time zone's dates fall inside the range).
   */
  public static Instant rangeStart(LocalDate first) {
    return first.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The end (exclusive) of the rows that builds of business dates up to {@code last} read (a day late). */
  public static Instant rangeEnd(LocalDate last) {
    return last.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * The lake timestamps a windowed build of {@code table} reads by a range of instants: where its
   * partition column is the business date of a lake timestamp, that timestamp and those listed
   * as also pruning; none otherwise (the build then filters on the partition column itself).
   * {@link dev.kpi.sql.render.WarehouseTableSql} writes its window filters from this list.
   */
  public static List<Expr.ColumnRef> rangeTimestamps(WarehouseTable table) {
    Expr expression = table.partitionColumn().flatMap(table::findColumn).map(c -> c.expression()).orElse(null);
    if (!(expression instanceof Expr.BusinessDate) || !(((Expr.BusinessDate) expression).timestamp() instanceof Expr.ColumnRef)) {
      return List.of();
    }
    List<Expr.ColumnRef> timestamps = new ArrayList<>();
    timestamps.add((Expr.ColumnRef) ((Expr.BusinessDate) expression).timestamp());
    timestamps.addAll(table.alsoPrunedBy());
    return timestamps;
  }

  /** Lake table → the timestamp a fact's build reads it by. */
  private static Map<String, String> prunedBy(WarehouseTable table) {
    Map<String, String> pruned = new HashMap<>();
    if (table.kind() == TableKind.FACT) {
      rangeTimestamps(table).forEach(c -> pruned.put(c.table(), c.column()));
    }
    return pruned;
  }
}
