package dev.kpi.runtime.contract;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.runtime.warehouse.LakeQueries;
import dev.kpi.runtime.warehouse.LakeScope;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.render.LakeCheckSql;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How many rows the lake holds on each business date of a run's window, per table read by range
 * ({@link LakeCheckSql#volume}, the same query on every engine): what each warehouse build of a
 * date records in the ledger, and what {@link ShrinkGuard} compares with that record before a
 * date is replaced.
 */
public final class LakeVolume {
  private static final LakeVolume NONE = new LakeVolume(Set.of(), Map.of());

  /** The tables counted (read by range, in the scope). */
  private final Set<String> tables;
  /** Per date, per table, the rows; a table without rows on a date is absent (0). */
  private final Map<LocalDate, Map<String, Long>> rows;

  private LakeVolume(Set<String> tables, Map<LocalDate, Map<String, Long>> rows) {
    this.tables = tables;
    this.rows = rows;
  }

  /** The rows per date and table as counted elsewhere; every table named is counted (0 where absent). */
  static LakeVolume of(Map<LocalDate, Map<String, Long>> rows) {
    Set<String> tables = new TreeSet<>();
    rows.values().forEach(r -> tables.addAll(r.keySet()));
    return new LakeVolume(tables, rows);
  }

  /** Counts the rows per date of {@code scope}'s tables read by range; none without dates. */
  public static LakeVolume read(Catalog catalog, SqlDialect dialect, LakeQueries queries, LakeScope scope, Clock clock) {
    if (scope.dates() == null) {
      return NONE;
    }
    LakeCheckSql sql = new LakeCheckSql(dialect, catalog);
    Map<String, String> ranged = LakeReads.rangeColumns(catalog);
    Set<String> tables = new TreeSet<>();
    Map<LocalDate, Map<String, Long>> rows = new TreeMap<>();
    for (LakeTable table : catalog.lakeTables()) {
      String column = ranged.get(table.name());
      if (column == null || !scope.tables().contains(table.name())) {
        continue;
      }
      tables.add(table.name());
      for (Map<String, String> row :
          queries.rows("counting the rows per date of lake table " + table.name(), table.name(), sql.volume(table, column), LakeContractCheck.parameters(scope, clock))) {
        LocalDate date = LocalDate.parse(row.get(LakeCheckSql.BUSINESS_DATE));
        if (scope.dates().contains(date)) {
          rows.computeIfAbsent(date, d -> new TreeMap<>()).put(table.name(), Long.parseLong(row.get(LakeCheckSql.ROW_COUNT)));
        }
      }
    }
    return new LakeVolume(tables, rows);
  }

  /** Whether {@code table} was counted (it is read by range and in the scope). */
  public boolean counts(String table) {
    return tables.contains(table);
  }

  /** The rows of {@code table} on {@code date} (0 for none). */
  public long rows(LocalDate date, String table) {
    return rows.getOrDefault(date, Map.of()).getOrDefault(table, 0L);
  }

  /**
   * The ledger's record of what a build reading {@code reads} read on {@code date}: "table=rows"
   * for each of them counted here, by name, separated by commas; null when none is counted.
   */
  public String format(LocalDate date, Collection<String> reads) {
    Map<String, Long> read = new TreeMap<>();
    for (String table : reads) {
      if (tables.contains(table)) {
        read.put(table, rows(date, table));
      }
    }
    if (read.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    read.forEach((table, count) -> out.append(out.length() == 0 ? "" : ",").append(table).append('=').append(count));
    return out.toString();
  }

  /** A record {@link #format} wrote, table → rows; an unreadable entry is skipped (nothing to compare with). */
  public static Map<String, Long> parse(String recorded) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (recorded == null || recorded.isEmpty()) {
      return out;
    }
    for (String entry : recorded.split(",")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        try {
          out.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
        } catch (NumberFormatException e) {
          // Not a count kpi wrote: skip it.
        }
      }
    }
    return out;
  }
}
