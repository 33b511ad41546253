package dev.kpi.sql.render;

import dev.kpi.model.LogicalType;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lake data check, for a warehouse whose lake is tables of its own (BigQuery): the rows of a
 * lake table against the lake contract — no NULL in a NOT NULL column, no primary key twice (an
 * Embulk load appended twice would make every join count those orders twice, and GMV with them).
 *
 * <p>{@link #counts} counts everything in one aggregate query per table, which groups the rows by
 * their key and reads only the key and NOT NULL columns (BigQuery bills the columns read). A
 * table read by range ({@link dev.kpi.sql.plan.LakeReads}) can be checked on the rows of {@code
 * [@check_from, @check_until)} of its timestamp only, plus the rows without a timestamp, whose
 * NULLs and keys count too: two scans of the table, each a plain filter on the partitioning
 * timestamp, so that BigQuery prunes the date partitions outside the range (and reads only the
 * NULL partition for the second). Only when something is wrong do {@link #repeatedKeys} and
 * {@link #nullExamples} find keys to show.
 */
public final class LakeCheckSql {
  /** The rows checked. */
  public static final String CHECKED_ROWS = "checked_rows";
  /** The primary-key values that occur in more than one row. */
  public static final String REPEATED_KEYS = "repeated_keys";
  /** The rows those values occur in. */
  public static final String REPEATED_ROWS = "repeated_rows";
  /** The example queries' count of rows of a repeated key. */
  public static final String ROW_COUNT = "row_count";
  /** How many examples the example queries return at most. */
  public static final int EXAMPLES = 2;

  private final SqlDialect dialect;

  public LakeCheckSql(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /** The count of rows with a NULL in {@code column}: {@code null_rows_<column>}. */
  public static String nullRows(String column) {
    return "null_rows_" + column;
  }

  /** The columns that must hold a value, in the table's order: those of the key and those declared NOT NULL. */
  public static List<LakeColumn> notNullColumns(LakeTable table) {
    return table.columns().stream().filter(c -> !c.nullable() || table.primaryKey().contains(c.name())).collect(Collectors.toList());
  }

  /** The primary key's columns, in the key's order. */
  public static List<LakeColumn> key(LakeTable table) {
    return table.primaryKey().stream().map(k -> table.findColumn(k).orElseThrow()).collect(Collectors.toList());
  }

  /** Whether the contract asks anything of the table's data (a key or a NOT NULL column). */
  public static boolean checks(LakeTable table) {
    return !notNullColumns(table).isEmpty();
  }

  /** The columns of {@link #counts}' one row, all INT64: the rows checked, the NULLs per column, the repeated keys and their rows. */
  public static List<String> countColumns(LakeTable table) {
    List<String> columns = new ArrayList<>();
    columns.add(CHECKED_ROWS);
    notNullColumns(table).forEach(c -> columns.add(nullRows(c.name())));
    columns.add(REPEATED_KEYS);
    columns.add(REPEATED_ROWS);
    return columns;
  }

  /**
   * One row counting the rows checked, the rows with a NULL in each {@link #notNullColumns}
   * column, the key values that occur more than once and the rows they occur in (0 without a
   * key). With {@code rangeColumn}, only the rows whose timestamp is in {@code [@check_from,
   * @check_until)} or NULL are checked.
   */
  public String counts(LakeTable table, Optional<String> rangeColumn) {
    requireChecks(table);
    List<LakeColumn> key = key(table);
    List<LakeColumn> notNull = notNullColumns(table);
    String rows = rows(table, rangeColumn);
    if (key.isEmpty()) {
      List<String> counts = new ArrayList<>();
      counts.add("COUNT(*) AS " + CHECKED_ROWS);
      notNull.forEach(c -> counts.add("COUNT(CASE WHEN " + id(c) + " IS NULL THEN 1 END) AS " + nullRows(c.name())));
      counts.add(dialect.cast("0", LogicalType.INT64) + " AS " + REPEATED_KEYS);
      counts.add(dialect.cast("0", LogicalType.INT64) + " AS " + REPEATED_ROWS);
      return "SELECT\n  " + String.join(",\n  ", counts) + "\nFROM " + rows;
    }
    // Per key value: its rows, and among them those with a NULL in a NOT NULL column outside the key.
    List<String> inner = key.stream().map(this::id).collect(Collectors.toList());
    inner.add("COUNT(*) AS " + ROW_COUNT);
    List<String> outer = new ArrayList<>();
    outer.add(sum(ROW_COUNT) + " AS " + CHECKED_ROWS);
    for (LakeColumn column : notNull) {
      if (key.contains(column)) {
        // A NULL in the key makes a group of its own: its rows are the rows without a key.
        outer.add(sum("CASE WHEN " + id(column) + " IS NULL THEN " + ROW_COUNT + " ELSE 0 END") + " AS " + nullRows(column.name()));
      } else {
        inner.add("COUNT(CASE WHEN " + id(column) + " IS NULL THEN 1 END) AS " + nullRows(column.name()));
        outer.add(sum(nullRows(column.name())) + " AS " + nullRows(column.name()));
      }
    }
    String repeated = ROW_COUNT + " > 1 AND " + keyPresent(key);
    outer.add("COUNT(CASE WHEN " + repeated + " THEN 1 END) AS " + REPEATED_KEYS);
    outer.add(sum("CASE WHEN " + repeated + " THEN " + ROW_COUNT + " ELSE 0 END") + " AS " + REPEATED_ROWS);
    return "SELECT\n  " + String.join(",\n  ", outer) + "\nFROM (\n"
        + "  SELECT " + String.join(", ", inner) + "\n"
        + "  FROM " + rows.replace("\n", "\n  ") + "\n"
        + "  GROUP BY " + keyList(key) + "\n"
        + ") AS by_key";
  }

  /**
   * Up to {@value #EXAMPLES} key values that occur more than once, smallest first: the key's
   * columns, then {@value #ROW_COUNT}. The table must have a key.
   */
  public String repeatedKeys(LakeTable table, Optional<String> rangeColumn) {
    List<LakeColumn> key = requireKey(table);
    return "SELECT " + keyList(key) + ", COUNT(*) AS " + ROW_COUNT + "\n"
        + "FROM " + rows(table, rangeColumn) + "\n"
        + "WHERE " + keyPresent(key) + "\n"
        + "GROUP BY " + keyList(key) + "\n"
        + "HAVING COUNT(*) > 1\n"
        + "ORDER BY " + keyList(key) + "\n"
        + "LIMIT " + EXAMPLES;
  }

  /**
   * Up to {@value #EXAMPLES} keys of rows with a NULL in {@code column} (NOT NULL, outside the
   * key), smallest first: the key's columns. The table must have a key.
   */
  public String nullExamples(LakeTable table, String column, Optional<String> rangeColumn) {
    List<LakeColumn> key = requireKey(table);
    LakeColumn checked = table.findColumn(column).orElseThrow(() -> new IllegalArgumentException("lake table " + table.name() + " has no column " + column));
    if (key.contains(checked)) {
      throw new IllegalArgumentException(column + " is part of the key of lake table " + table.name() + ": a row without it has no key to show");
    }
    return "SELECT DISTINCT " + keyList(key) + "\n"
        + "FROM " + rows(table, rangeColumn) + "\n"
        + "WHERE " + id(checked) + " IS NULL AND " + keyPresent(key) + "\n"
        + "ORDER BY " + keyList(key) + "\n"
        + "LIMIT " + EXAMPLES;
  }

  // ---------------------------------------------------------------- the rows checked

  /**
   * The table, or within a range the rows of its dates and those without a timestamp: two
   * scans, each of the columns checked only, so that each prunes to its partitions.
   */
  private String rows(LakeTable table, Optional<String> rangeColumn) {
    String name = dialect.tableName(TableRef.of(Layer.LAKE, table.name()));
    if (rangeColumn.isEmpty()) {
      return name;
    }
    LakeColumn timestamp =
        table.findColumn(rangeColumn.get()).orElseThrow(() -> new IllegalArgumentException("lake table " + table.name() + " has no column " + rangeColumn.get()));
    if (timestamp.type() != LogicalType.TIMESTAMP) {
      throw new IllegalArgumentException(
          "lake table " + table.name() + " can be checked by a range of a TIMESTAMP column only, not of " + timestamp.name() + " (" + timestamp.type() + ")");
    }
    List<LakeColumn> read = new ArrayList<>(key(table));
    notNullColumns(table).stream().filter(c -> !read.contains(c)).forEach(read::add);
    String columns = read.stream().map(this::id).collect(Collectors.joining(", "));
    String ts = id(timestamp);
    return "(\n"
        + "  SELECT " + columns + " FROM " + name + "\n"
        + "  WHERE " + ts + " >= " + dialect.parameter(Parameter.CHECK_FROM) + " AND " + ts + " < " + dialect.parameter(Parameter.CHECK_UNTIL) + "\n"
        + "  UNION ALL\n"
        + "  SELECT " + columns + " FROM " + name + "\n"
        + "  WHERE " + ts + " IS NULL\n"
        + ") AS checked";
  }

  private static void requireChecks(LakeTable table) {
    if (!checks(table)) {
      throw new IllegalArgumentException("lake table " + table.name() + " has no key and no NOT NULL column: there is nothing to check");
    }
  }

  private static List<LakeColumn> requireKey(LakeTable table) {
    List<LakeColumn> key = key(table);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("lake table " + table.name() + " has no primary key");
    }
    return key;
  }

  private String sum(String value) {
    return dialect.zeroIfNull("SUM(" + value + ")", LogicalType.INT64);
  }

  private String keyList(List<LakeColumn> key) {
    return key.stream().map(this::id).collect(Collectors.joining(", "));
  }

  private String keyPresent(List<LakeColumn> key) {
    return key.stream().map(c -> id(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
  }

  private String id(LakeColumn column) {
    return dialect.identifier(column.name());
  }
}
