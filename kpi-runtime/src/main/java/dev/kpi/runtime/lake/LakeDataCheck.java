package dev.kpi.runtime.lake;

import dev.kpi.model.LogicalType;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks the rows of a lake source against the contract: every CSV value of its column's type, no
 * NULL in a NOT NULL column, no primary key twice (an order loaded twice would be counted twice
 * by every join, and GMV with it).
 *
 * <p>Everything is counted by one aggregate query per table, which groups the rows by their key
 * and reads only the columns it checks (a year of the shop is about 5M order items: about a
 * second). Only when something is wrong do more queries find examples to show.
 */
final class LakeDataCheck {
  private static final int EXAMPLES = 2;
  private static final String FILE = LakeReader.FILE_COLUMN;

  private final Connection connection;
  private final LakeReader reader;
  private final LakeCheckScope scope;

  LakeDataCheck(Connection connection, LakeReader reader, LakeCheckScope scope) {
    this.connection = connection;
    this.reader = reader;
    this.scope = scope;
  }

  /** The columns a table's check counts in, and its key. */
  private static final class Plan {
    final LakeSource source;
    final LakeTable table;
    final Map<String, String> columns;
    final List<LakeColumn> key;
    /** CSV columns whose text must be a value of a type other than STRING. */
    final List<LakeColumn> typed;
    /** NOT NULL columns not in the key (a key's NULLs are counted by its groups). */
    final List<LakeColumn> notNull;

    /** The timestamp the rows checked are restricted by (Parquet only), as a typed value. */
    final String range;

    Plan(LakeSource source, LakeTable table, Map<String, String> columns, LakeReader reader, LakeCheckScope scope) {
      this.source = source;
      this.table = table;
      this.columns = columns;
      // CSV text is checked whole: a timestamp that is not one must be found, not skipped.
      this.range =
          source.format() == LakeSource.Format.PARQUET
              ? scope.rangeColumn(table.name()).flatMap(table::findColumn).map(c -> reader.tryValue(c, columns.get(c.name()))).orElse(null)
              : null;
      this.key = table.primaryKey().stream().map(k -> table.findColumn(k).orElseThrow()).collect(Collectors.toList());
      this.typed =
          source.format() == LakeSource.Format.CSV
              ? table.columns().stream().filter(c -> c.type() != LogicalType.STRING).collect(Collectors.toList())
              : List.of();
      this.notNull = table.columns().stream().filter(c -> !c.nullable() && !key.contains(c)).collect(Collectors.toList());
    }
  }

  /** Every way the source's rows break the contract; empty when they keep it. */
  List<String> problems(LakeSource source, LakeTable table, Map<String, String> columns) {
    Plan plan = new Plan(source, table, columns, reader, scope);
    try {
      Counts counts = new Counts(count(plan, plan.key.isEmpty() ? ungrouped(plan) : grouped(plan)), plan);
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < plan.typed.size(); i++) {
        if (counts.notOfType(i) > 0) {
          problems.add(wrongValues(plan, plan.typed.get(i), counts.notOfType(i)));
        }
      }
      if (!problems.isEmpty()) {
        // A value that is not of its type reads as NULL here: the NULL and key counts would mislead.
        return problems;
      }
      for (int k = 0; k < plan.key.size(); k++) {
        if (counts.nullKeys(k) > 0) {
          problems.add(nulls(plan, plan.key.get(k), counts.nullKeys(k)));
        }
      }
      for (int i = 0; i < plan.notNull.size(); i++) {
        if (counts.nulls(i) > 0) {
          problems.add(nulls(plan, plan.notNull.get(i), counts.nulls(i)));
        }
      }
      if (counts.repeatedKeys() > 0) {
        problems.add(repeated(plan, counts.repeatedKeys(), counts.repeatedRows()));
      }
      return problems;
    } catch (SQLException e) {
      return List.of(LakeFiles.unreadable(source, table, e));
    }
  }

  // ---------------------------------------------------------------- the counting query

  /**
   * The row conditions counted: a CSV value not of its type, then a NULL in a NOT NULL column.
   */
  private List<String> conditions(Plan plan) {
    List<String> conditions = new ArrayList<>();
    plan.typed.forEach(c -> conditions.add(notOfType(c)));
    plan.notNull.forEach(c -> conditions.add(reader.identifier(c.name()) + " IS NULL"));
    return conditions;
  }

  /** For a table without a key: the conditions' counts (count(*) reads every CSV line, so a malformed one fails here). */
  private String ungrouped(Plan plan) {
    List<String> counts = conditions(plan).stream().map(c -> "count(*) FILTER (WHERE " + c + ")").collect(Collectors.toList());
    counts.add("count(*)");
    return "SELECT " + String.join(", ", counts) + " FROM " + rows(plan, false);
  }

  /**
   * Groups the rows by their key: the conditions' counts summed over the groups, then per key
   * column the rows without it, then the keys in more than one row and those rows.
   */
  private String grouped(Plan plan) {
    List<String> inner = new ArrayList<>(keyValues(plan));
    inner.add("count(*) AS row_count");
    List<String> outer = new ArrayList<>();
    List<String> conditions = conditions(plan);
    for (int i = 0; i < conditions.size(); i++) {
      inner.add("count(*) FILTER (WHERE " + conditions.get(i) + ") AS counted_" + i);
      outer.add("sum(counted_" + i + ")");
    }
    for (int k = 0; k < plan.key.size(); k++) {
      outer.add("sum(row_count) FILTER (WHERE key_" + k + " IS NULL)");
    }
    String repeated = "row_count > 1 AND " + keyPresent(plan);
    outer.add("count(*) FILTER (WHERE " + repeated + ")");
    outer.add("sum(row_count) FILTER (WHERE " + repeated + ")");
    return "SELECT " + String.join(", ", outer) + "\nFROM (SELECT " + String.join(", ", inner) + " FROM " + rows(plan, false) + " GROUP BY ALL)";
  }

  /** The counts of one table's query, by what they count. */
  private static final class Counts {
    private final long[] values;
    private final Plan plan;

    Counts(long[] values, Plan plan) {
      this.values = values;
      this.plan = plan;
    }

    long notOfType(int typed) {
      return values[typed];
    }

    long nulls(int notNull) {
      return values[plan.typed.size() + notNull];
    }

    long nullKeys(int key) {
      return values[plan.typed.size() + plan.notNull.size() + key];
    }

    long repeatedKeys() {
      return plan.key.isEmpty() ? 0 : values[plan.typed.size() + plan.notNull.size() + plan.key.size()];
    }

    long repeatedRows() {
      return values[plan.typed.size() + plan.notNull.size() + plan.key.size() + 1];
    }
  }

  // ---------------------------------------------------------------- the problems

  private String wrongValues(Plan plan, LakeColumn column, long rows) throws SQLException {
    String id = reader.identifier(column.name());
    String sql =
        "SELECT " + id + ", min(parse_filename(" + FILE + ")) FROM " + rows(plan, true) + " WHERE " + notOfType(column)
            + " GROUP BY " + id + " ORDER BY " + id + " LIMIT " + EXAMPLES;
    String examples = String.join(", ", examples(plan, sql, r -> '"' + r.getString(1) + '"'));
    return plan.source.describe() + ": column '" + column.name() + "' of lake table '" + plan.table.name() + "' is " + column.type()
        + " in the lake contract, but " + rows(rows) + (rows == 1 ? " holds a value that is" : " hold values that are") + " not: " + examples
        + "; fix the extract (the Embulk load) so that it writes " + column.type() + " values as " + LakeTypes.csvForm(column.type());
  }

  /** A condition: the column holds text that is not a value of its contract type. */
  private String notOfType(LakeColumn column) {
    String id = reader.identifier(column.name());
    return id + " IS NOT NULL AND TRY_CAST(" + id + " AS " + reader.typeName(column.type()) + ") IS NULL";
  }

  private String nulls(Plan plan, LakeColumn column, long rows) throws SQLException {
    return plan.source.describe() + ": column '" + column.name() + "' of lake table '" + plan.table.name() + "' is NULL in " + rows(rows)
        + ", but the lake contract declares it NOT NULL" + nullExamples(plan, column)
        + "; fix the extract (the Embulk load) so that every row has a value in " + column.name();
  }

  /** The keys of rows with a NULL; for a key column (or without a key), the files they are in. */
  private String nullExamples(Plan plan, LakeColumn column) throws SQLException {
    String isNull = reader.identifier(column.name()) + " IS NULL";
    if (plan.key.isEmpty() || plan.key.contains(column)) {
      if (plan.source.files().size() == 1) {
        return "";
      }
      String sql =
          "SELECT DISTINCT parse_filename(" + FILE + ") AS f FROM " + rows(plan, true) + " WHERE " + isNull + " ORDER BY f LIMIT " + EXAMPLES;
      return " (in " + String.join(" and ", examples(plan, sql, r -> r.getString(1))) + ")";
    }
    String sql =
        "SELECT * FROM (SELECT " + String.join(", ", keyValues(plan)) + ", parse_filename(" + FILE + ") FROM " + rows(plan, true)
            + " WHERE " + isNull + ") WHERE " + keyPresent(plan) + " ORDER BY " + keyOrder(plan) + " LIMIT " + EXAMPLES;
    return " (e.g. " + String.join(", ", examples(plan, sql, r -> keyText(plan.key, r))) + ")";
  }

  private String repeated(Plan plan, long keys, long rows) throws SQLException {
    String sql =
        "SELECT " + keyOrder(plan) + ", array_to_string(list_sort(list(DISTINCT parse_filename(" + FILE + "))), ' and ')\nFROM (SELECT "
            + String.join(", ", keyValues(plan)) + ", " + FILE + " FROM " + rows(plan, true) + ")\nWHERE " + keyPresent(plan)
            + " GROUP BY " + keyOrder(plan) + " HAVING count(*) > 1 ORDER BY " + keyOrder(plan) + " LIMIT " + EXAMPLES;
    String examples = String.join(", ", examples(plan, sql, r -> keyText(plan.key, r)));
    return plan.source.describe() + ": the primary key " + names(plan.key) + " of lake table '" + plan.table.name() + "' is not unique: " + keys
        + (keys == 1 ? " value occurs" : " values occur") + " more than once, in " + rows(rows) + " (e.g. " + examples
        + "); every join would count those rows more than once: fix the extract (the Embulk load) so that it writes each row once"
        + " (a load appended twice, or files that overlap)";
  }

  // ---------------------------------------------------------------- SQL and text of keys

  /** The key columns as key_0, key_1, ...: of the contract's type, NULL where CSV text is not one. */
  private List<String> keyValues(Plan plan) {
    List<String> values = new ArrayList<>();
    for (int k = 0; k < plan.key.size(); k++) {
      LakeColumn column = plan.key.get(k);
      values.add(reader.tryValue(column, plan.columns.get(column.name())) + " AS key_" + k);
    }
    return values;
  }

  private static String keyOrder(Plan plan) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < plan.key.size(); k++) {
      names.add("key_" + k);
    }
    return String.join(", ", names);
  }

  private static String keyPresent(Plan plan) {
    List<String> present = new ArrayList<>();
    for (int k = 0; k < plan.key.size(); k++) {
      present.add("key_" + k + " IS NOT NULL");
    }
    return String.join(" AND ", present);
  }

  /** "order_id = 7", "(order_id, line) = (7, "a")": the key of an example row. */
  private static String keyText(List<LakeColumn> key, ResultSet row) throws SQLException {
    List<String> values = new ArrayList<>();
    for (int k = 0; k < key.size(); k++) {
      String value = row.getString(k + 1);
      values.add(key.get(k).type() == LogicalType.STRING ? '"' + value + '"' : value);
    }
    return key.size() == 1 ? key.get(0).name() + " = " + values.get(0) : names(key) + " = (" + String.join(", ", values) + ")";
  }

  private static String names(List<LakeColumn> key) {
    String names = key.stream().map(LakeColumn::name).collect(Collectors.joining(", "));
    return key.size() == 1 ? names : "(" + names + ")";
  }

  private static String rows(long count) {
    return count == 1 ? "1 row" : count + " rows";
  }

  // ---------------------------------------------------------------- running queries

  /**
   * The rows a query checks: the source's, or within a run's range only the rows of its dates
   * (and those without a timestamp, whose NULL is a problem to report), as two parameters.
   */
  private String rows(Plan plan, boolean withFiles) {
    String all = withFiles ? reader.readerWithFiles(plan.source) : reader.reader(plan.source);
    if (plan.range == null) {
      return all;
    }
    return "(SELECT * FROM " + all + " WHERE " + plan.range + " IS NULL OR (" + plan.range + " >= CAST(? AS TIMESTAMPTZ) AND "
        + plan.range + " < CAST(? AS TIMESTAMPTZ)))";
  }

  private PreparedStatement prepare(Plan plan, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    if (plan.range != null) {
      statement.setString(1, scope.from().toString());
      statement.setString(2, scope.until().toString());
    }
    return statement;
  }

  /** The one row of a counting query (a count over no groups is NULL: 0). */
  private long[] count(Plan plan, String sql) throws SQLException {
    try (PreparedStatement statement = prepare(plan, sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      long[] counts = new long[rows.getMetaData().getColumnCount()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = rows.getLong(i + 1);
      }
      return counts;
    }
  }

  /**
   * The example rows of {@code sql}, each written by {@code text}; in a folder of files, with the
   * files it is in (the query's last column).
   */
  private List<String> examples(Plan plan, String sql, Row text) throws SQLException {
    List<String> examples = new ArrayList<>();
    try (PreparedStatement statement = prepare(plan, sql);
        ResultSet rows = statement.executeQuery()) {
      int files = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        String example = text.apply(rows);
        if (plan.source.files().size() > 1 && files > 1) {
          example += " (in " + rows.getString(files) + ")";
        }
        examples.add(example);
      }
    }
    return examples;
  }

  /** Writes one example from the current row. */
  @FunctionalInterface
  private interface Row {
    String apply(ResultSet row) throws SQLException;
  }
}
