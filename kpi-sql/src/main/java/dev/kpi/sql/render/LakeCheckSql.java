package dev.kpi.sql.render;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeRule;
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
 * The lake contract as SQL, one source for every engine: the rows of a lake table against its
 * NOT NULL columns, its primary key and its rules of valid data ({@link LakeRule}), and the
 * relationships between tables. The embedded engine runs it over its views of the lake files,
 * BigQuery over the lake dataset.
 *
 * <p>{@link #counts} counts everything about one table in one query, reading only the columns
 * checked (BigQuery bills the columns read): the rows' counts in one pass, and the key's repeats in
 * a grouping of the key alone, each over the same rows. A table
 * read by range ({@link dev.kpi.sql.plan.LakeReads}) can be checked on the rows of {@code
 * [@check_from, @check_until)} of its timestamp only, plus the rows without a timestamp and
 * those outside the plausible range of a {@link LakeRule.PlausibleTime} rule: each a plain filter
 * on the partitioning timestamp, so BigQuery prunes the partitions in between (a clean lake has
 * nothing before the shop opened or after the run). {@link #relationship} counts the rows whose
 * reference has no row in the referenced table, and those on another business date than it.
 * Only when something is wrong do the example queries find keys to show.
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
  /** {@link #relationship}: rows whose reference is not a key of the referenced table. */
  public static final String MISSING_ROWS = "missing_rows";
  /** {@link #relationship}: rows not on the business date of the row they reference. */
  public static final String OTHER_DATE_ROWS = "other_date_rows";
  /** The examples' value of the column a rule checks, and of the referenced row's timestamp. */
  public static final String VALUE = "checked_value";
  public static final String RELATED_VALUE = "related_value";
  /** {@link #volume}: the business date of a row's timestamp. */
  public static final String BUSINESS_DATE = "business_date";
  /** How many examples the example queries return at most. */
  public static final int EXAMPLES = 2;

  private final SqlDialect dialect;
  private final Catalog catalog;

  public LakeCheckSql(SqlDialect dialect, Catalog catalog) {
    this.dialect = dialect;
    this.catalog = catalog;
  }

  // ---------------------------------------------------------------- what a table's check counts

  /** The count of rows with a NULL in {@code column}: {@code null_rows_<column>}. */
  public static String nullRows(String column) {
    return "null_rows_" + column;
  }

  /** The count of rows breaking the {@code index}th of {@link #rowRules}: {@code rule_rows_<index>}. */
  public static String ruleRows(int index) {
    return "rule_rows_" + index;
  }

  /** The columns that must hold a value, in the table's order: those of the key and those declared NOT NULL. */
  public static List<LakeColumn> notNullColumns(LakeTable table) {
    return table.columns().stream().filter(c -> !c.nullable() || table.primaryKey().contains(c.name())).collect(Collectors.toList());
  }

  /** The primary key's columns, in the key's order. */
  public static List<LakeColumn> key(LakeTable table) {
    return table.primaryKey().stream().map(k -> table.findColumn(k).orElseThrow()).collect(Collectors.toList());
  }

  /** The rules a row breaks on its own (values, ranges, plausible timestamps), in declaration order. */
  public static List<LakeRule> rowRules(LakeTable table) {
    return table.rules().stream()
        .filter(r -> r instanceof LakeRule.AcceptedValues || r instanceof LakeRule.Range || r instanceof LakeRule.PlausibleTime)
        .collect(Collectors.toList());
  }

  /** The table's relationships to other tables. */
  public static List<LakeRule.References> references(LakeTable table) {
    return table.rules().stream().filter(r -> r instanceof LakeRule.References).map(r -> (LakeRule.References) r).collect(Collectors.toList());
  }

  /** The rule that the table's rows lie on the business date of the rows {@code reference} points at, if declared. */
  public static Optional<LakeRule.OnBusinessDateOf> coupling(LakeTable table, LakeRule.References reference) {
    return table.rules().stream()
        .filter(r -> r instanceof LakeRule.OnBusinessDateOf && ((LakeRule.OnBusinessDateOf) r).table().equals(reference.table()))
        .map(r -> (LakeRule.OnBusinessDateOf) r)
        .findFirst();
  }

  /** Whether the contract asks anything of the table's data. */
  public static boolean checks(LakeTable table) {
    return !notNullColumns(table).isEmpty() || !rowRules(table).isEmpty();
  }

  /** The columns of {@link #counts}' one row, all INT64: the rows checked, the NULLs per column, the rows per rule, the repeated keys and their rows. */
  public static List<String> countColumns(LakeTable table) {
    List<String> columns = new ArrayList<>();
    columns.add(CHECKED_ROWS);
    notNullColumns(table).forEach(c -> columns.add(nullRows(c.name())));
    for (int i = 0; i < rowRules(table).size(); i++) {
      columns.add(ruleRows(i));
    }
    columns.add(REPEATED_KEYS);
    columns.add(REPEATED_ROWS);
    return columns;
  }

  /**
   * One row counting the rows checked ({@value #CHECKED_ROWS}), the rows with a NULL in each
   * {@link #notNullColumns} column, the rows breaking each {@link #rowRules} rule, the key values
   * that occur more than once and the rows they occur in (0 without a key). With {@code
   * rangeColumn}, only the rows {@link #rows} selects are checked.
   */
  public String counts(LakeTable table, Optional<String> rangeColumn) {
    requireChecks(table);
    List<LakeColumn> key = key(table);
    List<LakeColumn> notNull = notNullColumns(table);
    List<LakeRule> rules = rowRules(table);
    String rows = rows(table, rangeColumn);
    List<String> counts = new ArrayList<>();
    counts.add("COUNT(*) AS " + CHECKED_ROWS);
    notNull.forEach(c -> counts.add(countWhen(id(c) + " IS NULL") + " AS " + nullRows(c.name())));
    for (int i = 0; i < rules.size(); i++) {
      counts.add(countWhen(violation(table, rules.get(i))) + " AS " + ruleRows(i));
    }
    if (key.isEmpty()) {
      counts.add(dialect.cast("0", LogicalType.INT64) + " AS " + REPEATED_KEYS);
      counts.add(dialect.cast("0", LogicalType.INT64) + " AS " + REPEATED_ROWS);
      return "SELECT\n  " + String.join(",\n  ", counts) + "\nFROM " + rows;
    }
    // The rows' counts in one pass, and apart from them the key values that repeat: grouping by
    // the key only to count its rows keeps the grouping's hash table small (carrying every count
    // through it made this query three times slower at a year of order lines).
    List<String> outer = new ArrayList<>();
    outer.add(CHECKED_ROWS);
    notNull.forEach(c -> outer.add(nullRows(c.name())));
    for (int i = 0; i < rules.size(); i++) {
      outer.add(ruleRows(i));
    }
    outer.replaceAll(name -> "row_counts." + name + " AS " + name);
    outer.add("key_counts." + REPEATED_KEYS + " AS " + REPEATED_KEYS);
    outer.add("key_counts." + REPEATED_ROWS + " AS " + REPEATED_ROWS);
    return "SELECT\n  " + String.join(",\n  ", outer) + "\nFROM (\n"
        + "  SELECT\n    " + String.join(",\n    ", counts) + "\n"
        + "  FROM " + rows + "\n"
        + ") AS row_counts\n"
        + "CROSS JOIN (\n"
        + "  SELECT COUNT(*) AS " + REPEATED_KEYS + ", " + sum(ROW_COUNT) + " AS " + REPEATED_ROWS + "\n"
        + "  FROM (\n"
        + "    SELECT " + keyList(key, "") + ", COUNT(*) AS " + ROW_COUNT + "\n"
        + "    FROM " + rows + "\n"
        + "    WHERE " + keyPresent(key, "") + "\n"
        + "    GROUP BY " + keyList(key, "") + "\n"
        + "    HAVING COUNT(*) > 1\n"
        + "  ) AS repeated\n"
        + ") AS key_counts";
  }

  /**
   * The rows of a table read by {@code rangeColumn} per business date of that timestamp, among
   * those of {@code [@check_from, @check_until)}: {@value #BUSINESS_DATE}, {@value #ROW_COUNT};
   * dates without rows are absent. What a build of a date reads, so that the ledger can record it
   * and a later build can see that an extract shrank.
   */
  public String volume(LakeTable table, String rangeColumn) {
    String ts = id(timestamp(table, rangeColumn));
    return "SELECT " + BUSINESS_DATE + ", COUNT(*) AS " + ROW_COUNT + "\n"
        + "FROM (\n"
        + "  SELECT " + dialect.businessDate(ts, catalog.timeZone()) + " AS " + BUSINESS_DATE + "\n"
        + "  FROM " + dialect.tableName(TableRef.of(Layer.LAKE, table.name())) + "\n"
        + "  WHERE " + ts + " >= " + dialect.parameter(Parameter.CHECK_FROM) + " AND " + ts + " < " + dialect.parameter(Parameter.CHECK_UNTIL) + "\n"
        + ") AS dated\n"
        + "GROUP BY " + BUSINESS_DATE + "\n"
        + "ORDER BY " + BUSINESS_DATE;
  }

  /**
   * Up to {@value #EXAMPLES} key values that occur more than once, smallest first: the key's
   * columns, then {@value #ROW_COUNT}. The table must have a key.
   */
  public String repeatedKeys(LakeTable table, Optional<String> rangeColumn) {
    List<LakeColumn> key = requireKey(table);
    return "SELECT " + keyList(key, "") + ", COUNT(*) AS " + ROW_COUNT + "\n"
        + "FROM " + rows(table, rangeColumn) + "\n"
        + "WHERE " + keyPresent(key, "") + "\n"
        + "GROUP BY " + keyList(key, "") + "\n"
        + "HAVING COUNT(*) > 1\n"
        + "ORDER BY " + keyList(key, "") + "\n"
        + "LIMIT " + EXAMPLES;
  }

  /**
   * Up to {@value #EXAMPLES} keys of rows with a NULL in {@code column} (NOT NULL, outside the
   * key), smallest first: the key's columns. The table must have a key.
   */
  public String nullExamples(LakeTable table, String column, Optional<String> rangeColumn) {
    List<LakeColumn> key = requireKey(table);
    LakeColumn checked = column(table, column);
    if (key.contains(checked)) {
      throw new IllegalArgumentException(column + " is part of the key of lake table " + table.name() + ": a row without it has no key to show");
    }
    return "SELECT DISTINCT " + keyList(key, "") + "\n"
        + "FROM " + rows(table, rangeColumn) + "\n"
        + "WHERE " + id(checked) + " IS NULL AND " + keyPresent(key, "") + "\n"
        + "ORDER BY " + keyList(key, "") + "\n"
        + "LIMIT " + EXAMPLES;
  }

  /**
   * Up to {@value #EXAMPLES} rows breaking {@code rule} (one of {@link #rowRules}): their key
   * (smallest first) and the value as {@value #VALUE}; without a key, the values only.
   */
  public String ruleExamples(LakeTable table, LakeRule rule, Optional<String> rangeColumn) {
    List<LakeColumn> key = key(table);
    LakeColumn checked = column(table, rule.column());
    String value = text(id(checked), checked.type()) + " AS " + VALUE;
    String select = key.isEmpty() ? value : keyList(key, "") + ", " + value;
    String order = key.isEmpty() ? VALUE : keyList(key, "");
    return "SELECT DISTINCT " + select + "\n"
        + "FROM " + rows(table, rangeColumn) + "\n"
        + "WHERE " + violation(table, rule) + "\n"
        + "ORDER BY " + order + "\n"
        + "LIMIT " + EXAMPLES;
  }

  // ---------------------------------------------------------------- relationships

  /**
   * One row: the rows of {@code table} whose {@code reference} column holds a value that is not a
   * key of the referenced table ({@value #MISSING_ROWS}), and with the table's {@link
   * #coupling} rule, those whose timestamp is on another business date than the referenced row's
   * ({@value #OTHER_DATE_ROWS}; 0 without one).
   *
   * <p>With a range, the table's rows are those of the range (and, for a coupled table, every
   * later one up to {@code @plausible_until}, so a line written days after its order is found
   * when its order's date is built); the referenced rows are read by range too when the coupling
   * ties them to the same business dates (a day earlier, from {@code @related_from}), otherwise
   * whole.
   */
  public String relationship(LakeTable table, LakeRule.References reference, Optional<String> rangeColumn) {
    Related related = related(table, reference, rangeColumn);
    String otherDate = related.coupling.map(c -> countWhen("parent." + id(related.parentKey) + " IS NOT NULL AND " + otherDate(related, c)))
        .orElse(dialect.cast("0", LogicalType.INT64));
    return "SELECT\n"
        + "  " + countWhen("parent." + id(related.parentKey) + " IS NULL") + " AS " + MISSING_ROWS + ",\n"
        + "  " + otherDate + " AS " + OTHER_DATE_ROWS + "\n"
        + related.from;
  }

  /**
   * Up to {@value #EXAMPLES} rows of {@link #relationship}'s count ({@code otherDate}: of those on
   * another date): the table's key (smallest first), the reference as {@value #VALUE} and, on
   * another date, the two timestamps as {@value #VALUE} and {@value #RELATED_VALUE}.
   */
  public String relationshipExamples(LakeTable table, LakeRule.References reference, Optional<String> rangeColumn, boolean otherDate) {
    Related related = related(table, reference, rangeColumn);
    List<LakeColumn> key = requireKey(table);
    String where;
    String values;
    if (otherDate) {
      LakeRule.OnBusinessDateOf coupling =
          related.coupling.orElseThrow(() -> new IllegalArgumentException("lake table " + table.name() + " has no onBusinessDateOf rule to " + reference.table()));
      where = "parent." + id(related.parentKey) + " IS NOT NULL AND " + otherDate(related, coupling);
      values = text("child." + id(column(table, coupling.column())), LogicalType.TIMESTAMP) + " AS " + VALUE + ", "
          + text("parent." + dialect.identifier(coupling.timestamp()), LogicalType.TIMESTAMP) + " AS " + RELATED_VALUE;
    } else {
      where = "parent." + id(related.parentKey) + " IS NULL";
      LakeColumn referencing = column(table, reference.column());
      values = text("child." + id(referencing), referencing.type()) + " AS " + VALUE;
    }
    return "SELECT " + keyList(key, "child.") + ", " + values + "\n"
        + related.from + " AND " + where + "\n"
        + "ORDER BY " + keyList(key, "child.") + "\n"
        + "LIMIT " + EXAMPLES;
  }

  /** What {@link #relationship} joins: the table's rows and the referenced rows, as FROM ... LEFT JOIN. */
  private Related related(LakeTable table, LakeRule.References reference, Optional<String> rangeColumn) {
    LakeTable parent = catalog.findLakeTable(reference.table()).orElseThrow(() -> new IllegalArgumentException("no lake table " + reference.table()));
    LakeColumn parentKey = column(parent, reference.key());
    Optional<LakeRule.OnBusinessDateOf> coupling = coupling(table, reference);
    List<LakeColumn> childColumns = new ArrayList<>(key(table));
    add(childColumns, column(table, reference.column()));
    List<LakeColumn> parentColumns = new ArrayList<>(List.of(parentKey));
    coupling.ifPresent(
        c -> {
          add(childColumns, column(table, c.column()));
          add(parentColumns, column(parent, c.timestamp()));
        });
    String child;
    String parentRows;
    String childName = dialect.tableName(TableRef.of(Layer.LAKE, table.name()));
    String parentName = dialect.tableName(TableRef.of(Layer.LAKE, parent.name()));
    String childList = list(childColumns);
    if (rangeColumn.isPresent()) {
      LakeColumn ts = timestamp(table, rangeColumn.get());
      // A coupled table is read up to the plausible end, so rows far after their partner are seen.
      boolean coupledByRange = coupling.map(c -> c.column().equals(ts.name())).orElse(false);
      Parameter until = coupledByRange ? Parameter.PLAUSIBLE_UNTIL : Parameter.CHECK_UNTIL;
      child = "SELECT " + childList + " FROM " + childName + "\n"
          + "  WHERE " + id(ts) + " >= " + dialect.parameter(Parameter.CHECK_FROM) + " AND " + id(ts) + " < " + dialect.parameter(until);
      if (coupledByRange && parent.partitionColumn().equals(Optional.of(coupling.get().timestamp()))) {
        String pts = dialect.identifier(coupling.get().timestamp());
        parentRows = "SELECT " + list(parentColumns) + " FROM " + parentName + "\n"
            + "  WHERE " + pts + " >= " + dialect.parameter(Parameter.RELATED_FROM) + " AND " + pts + " < " + dialect.parameter(Parameter.PLAUSIBLE_UNTIL);
      } else {
        parentRows = "SELECT " + list(parentColumns) + " FROM " + parentName;
      }
    } else {
      child = "SELECT " + childList + " FROM " + childName;
      parentRows = "SELECT " + list(parentColumns) + " FROM " + parentName;
    }
    String from = "FROM (\n  " + child + "\n) AS child\n"
        + "LEFT JOIN (\n  " + parentRows + "\n) AS parent ON child." + id(column(table, reference.column())) + " = parent." + id(parentKey) + "\n"
        + "WHERE child." + id(column(table, reference.column())) + " IS NOT NULL";
    return new Related(from, parentKey, coupling);
  }

  private record Related(String from, LakeColumn parentKey, Optional<LakeRule.OnBusinessDateOf> coupling) {}

  private String otherDate(Related related, LakeRule.OnBusinessDateOf coupling) {
    return dialect.businessDate("child." + dialect.identifier(coupling.column()), catalog.timeZone()) + " <> "
        + dialect.businessDate("parent." + dialect.identifier(coupling.timestamp()), catalog.timeZone());
  }

  // ---------------------------------------------------------------- the rows checked

  /**
   * The table, or within a range the rows of its dates, those without a timestamp and those
   * outside the plausible range: scans of the columns checked only, each on a plain filter of
   * the timestamp, so that each prunes to its partitions.
   */
  private String rows(LakeTable table, Optional<String> rangeColumn) {
    String name = dialect.tableName(TableRef.of(Layer.LAKE, table.name()));
    if (rangeColumn.isEmpty()) {
      return name;
    }
    LakeColumn timestamp = timestamp(table, rangeColumn.get());
    List<LakeColumn> read = new ArrayList<>(key(table));
    notNullColumns(table).forEach(c -> add(read, c));
    rowRules(table).forEach(r -> add(read, column(table, r.column())));
    String columns = list(read);
    String ts = id(timestamp);
    String inRange = ts + " >= " + dialect.parameter(Parameter.CHECK_FROM) + " AND " + ts + " < " + dialect.parameter(Parameter.CHECK_UNTIL);
    StringBuilder sql = new StringBuilder("(\n");
    sql.append("  SELECT ").append(columns).append(" FROM ").append(name).append("\n");
    sql.append("  WHERE ").append(inRange).append("\n");
    sql.append("  UNION ALL\n");
    sql.append("  SELECT ").append(columns).append(" FROM ").append(name).append("\n");
    sql.append("  WHERE ").append(ts).append(" IS NULL\n");
    Optional<LakeRule> plausible =
        rowRules(table).stream().filter(r -> r instanceof LakeRule.PlausibleTime && r.column().equals(timestamp.name())).findFirst();
    if (plausible.isPresent()) {
      // The rows outside the plausible range would vanish from every date: scan them too (a clean
      // lake has none, so BigQuery reads no partition for it).
      sql.append("  UNION ALL\n");
      sql.append("  SELECT ").append(columns).append(" FROM ").append(name).append("\n");
      sql.append("  WHERE (").append(violation(table, plausible.get())).append(") AND NOT (").append(inRange).append(")\n");
    }
    return sql.append(") AS checked").toString();
  }

  /** The condition a row breaking {@code rule} meets (a NULL breaks no rule but NOT NULL). */
  private String violation(LakeTable table, LakeRule rule) {
    String column = id(column(table, rule.column()));
    if (rule instanceof LakeRule.AcceptedValues) {
      List<String> values = ((LakeRule.AcceptedValues) rule).values().stream().map(dialect::stringLiteral).collect(Collectors.toList());
      return column + " NOT IN (" + String.join(", ", values) + ")";
    }
    if (rule instanceof LakeRule.Range) {
      LakeRule.Range range = (LakeRule.Range) rule;
      return "(" + column + " < " + range.min() + " OR " + column + " > " + range.max() + ")";
    }
    if (rule instanceof LakeRule.PlausibleTime) {
      String since = dialect.startOfDate("DATE " + dialect.stringLiteral(((LakeRule.PlausibleTime) rule).since().toString()), "UTC");
      return "(" + column + " < " + since + " OR " + column + " >= " + dialect.parameter(Parameter.PLAUSIBLE_UNTIL) + ")";
    }
    throw new IllegalArgumentException("a " + rule.getClass().getSimpleName() + " rule involves another table; see relationship()");
  }

  private static void requireChecks(LakeTable table) {
    if (!checks(table)) {
      throw new IllegalArgumentException("lake table " + table.name() + " has no key, no NOT NULL column and no rule: there is nothing to check");
    }
  }

  private static List<LakeColumn> requireKey(LakeTable table) {
    List<LakeColumn> key = key(table);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("lake table " + table.name() + " has no primary key");
    }
    return key;
  }

  private static LakeColumn column(LakeTable table, String column) {
    return table.findColumn(column).orElseThrow(() -> new IllegalArgumentException("lake table " + table.name() + " has no column " + column));
  }

  private static LakeColumn timestamp(LakeTable table, String column) {
    LakeColumn timestamp = column(table, column);
    if (timestamp.type() != LogicalType.TIMESTAMP) {
      throw new IllegalArgumentException(
          "lake table " + table.name() + " can be checked by a range of a TIMESTAMP column only, not of " + timestamp.name() + " (" + timestamp.type() + ")");
    }
    return timestamp;
  }

  private static void add(List<LakeColumn> columns, LakeColumn column) {
    if (!columns.contains(column)) {
      columns.add(column);
    }
  }

  private String countWhen(String condition) {
    return "COUNT(CASE WHEN " + condition + " THEN 1 END)";
  }

  private String sum(String value) {
    return dialect.zeroIfNull("SUM(" + value + ")", LogicalType.INT64);
  }

  /** A failing value as text, the same on every engine. */
  private String text(String value, LogicalType type) {
    return dialect.convert(value, type, LogicalType.STRING);
  }

  private String list(List<LakeColumn> columns) {
    return columns.stream().map(this::id).collect(Collectors.joining(", "));
  }

  private String keyList(List<LakeColumn> key, String qualifier) {
    return key.stream().map(c -> qualifier + id(c)).collect(Collectors.joining(", "));
  }

  private String keyPresent(List<LakeColumn> key, String qualifier) {
    return key.stream().map(c -> qualifier + id(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
  }

  private String id(LakeColumn column) {
    return dialect.identifier(column.name());
  }
}
