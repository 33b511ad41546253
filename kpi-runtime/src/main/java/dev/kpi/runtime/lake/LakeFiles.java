package dev.kpi.runtime.lake;

import dev.kpi.model.LogicalType;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.runtime.KpiException;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The lake as files: one Parquet or CSV file per table, or a folder of such files, named after
 * the table ({@code orders.parquet}, {@code orders/part-0001.parquet}, {@code orders.csv}).
 *
 * <p>Every table's files are found and checked against the lake contract before anything is
 * written; then each lake table becomes a view over its files (DuckDB reads Parquet in place,
 * and skips the row groups a build's time range excludes), all in one transaction.
 */
public final class LakeFiles {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

  private final DuckDbDialect dialect = DuckDbDialect.standard();

  /** Finds each table's files in {@code dir}; fails naming every table it cannot find. */
  public List<LakeSource> discover(Path dir, List<LakeTable> tables) {
    if (!Files.isDirectory(dir)) {
      throw new KpiException("the lake folder " + dir + " does not exist or is not a folder; pass the folder holding the lake files with --lake");
    }
    List<LakeSource> sources = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (LakeTable table : tables) {
      LakeSource source = find(dir, table.name());
      if (source == null) {
        missing.add(
            "table '" + table.name() + "': expected " + table.name() + ".parquet, " + table.name() + ".csv or a folder "
                + table.name() + "/ of .parquet or .csv files in " + dir);
      } else {
        sources.add(source);
      }
    }
    if (!missing.isEmpty()) {
      throw new KpiException("the lake is missing " + (missing.size() == 1 ? "a table" : missing.size() + " tables") + ":\n  - " + String.join("\n  - ", missing));
    }
    return sources;
  }

  private static LakeSource find(Path dir, String table) {
    Path parquet = dir.resolve(table + ".parquet");
    Path csv = dir.resolve(table + ".csv");
    if (Files.isRegularFile(parquet)) {
      return new LakeSource(table, LakeSource.Format.PARQUET, List.of(parquet));
    }
    if (Files.isRegularFile(csv)) {
      return new LakeSource(table, LakeSource.Format.CSV, List.of(csv));
    }
    Path folder = dir.resolve(table);
    if (!Files.isDirectory(folder)) {
      return null;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new KpiException("cannot read the lake folder " + folder + ": " + e.getMessage(), e);
    }
    List<Path> parquets = files.stream().filter(f -> f.toString().endsWith(".parquet")).collect(Collectors.toList());
    List<Path> csvs = files.stream().filter(f -> f.toString().endsWith(".csv")).collect(Collectors.toList());
    if (!parquets.isEmpty() && !csvs.isEmpty()) {
      throw new KpiException("the lake folder " + folder + " mixes .parquet and .csv files; keep one format per table");
    }
    if (!parquets.isEmpty()) {
      return new LakeSource(table, LakeSource.Format.PARQUET, parquets);
    }
    if (!csvs.isEmpty()) {
      return new LakeSource(table, LakeSource.Format.CSV, csvs);
    }
    return null;
  }

  /**
   * Checks every source against its table's contract (each column present, with a type that
   * holds the contract's values exactly) and fails listing every difference.
   */
  public void check(Connection connection, List<LakeSource> sources, List<LakeTable> tables) {
    List<String> problems = new ArrayList<>();
    for (LakeSource source : sources) {
      LakeTable table = tables.stream().filter(t -> t.name().equals(source.table())).findFirst().orElseThrow();
      Map<String, String> columns = describe(connection, source);
      for (LakeColumn column : table.columns()) {
        String actual = columns.get(column.name());
        if (actual == null) {
          problems.add(source.describe() + ": column '" + column.name() + "' (" + column.type() + ") of lake table '" + table.name() + "' is missing; the file has " + String.join(", ", columns.keySet()));
        } else if (source.format() == LakeSource.Format.PARQUET && !holds(actual, column.type())) {
          problems.add(
              source.describe() + ": column '" + column.name() + "' is " + actual + ", but the lake contract says " + column.type()
                  + "; write it as " + expected(column.type()));
        }
      }
    }
    for (LakeSource source : sources) {
      if (source.format() == LakeSource.Format.CSV && problems.stream().noneMatch(p -> p.startsWith(source.describe()))) {
        checkCsvValues(connection, source, tables, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new KpiException("the lake does not match the lake contract; nothing was written:\n  - " + String.join("\n  - ", problems));
    }
  }

  /**
   * A CSV file has no types of its own: read it once with the contract's types, so a value that
   * is not one (a date that is not a date) is found before anything is written.
   */
  private void checkCsvValues(Connection connection, LakeSource source, List<LakeTable> tables, List<String> problems) {
    LakeTable table = tables.stream().filter(t -> t.name().equals(source.table())).findFirst().orElseThrow();
    try (Statement statement = connection.createStatement();
        // count(column) of every column: count(*) alone would let DuckDB skip converting them.
        ResultSet rows =
            statement.executeQuery(
                "SELECT "
                    + table.columns().stream().map(c -> "count(" + dialect.identifier(c.name()) + ")").collect(Collectors.joining(", "))
                    + " FROM " + reader(source, table, describe(connection, source)))) {
      rows.next();
    } catch (SQLException e) {
      String message = String.valueOf(e.getMessage());
      int end = message.indexOf('\n', message.indexOf('\n') + 1);
      problems.add(
          source.describe() + ": a value does not have the lake contract's type: "
              + (end > 0 ? message.substring(0, end) : message).replace('\n', ' ').trim());
    }
  }

  /** Makes each lake table a view over its files, in one transaction. */
  public void attach(Connection connection, List<LakeSource> sources, List<LakeTable> tables) {
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (LakeSource source : sources) {
          LakeTable table = tables.stream().filter(t -> t.name().equals(source.table())).findFirst().orElseThrow();
          Map<String, String> columns = describe(connection, source);
          String name = dialect.tableName(TableRef.of(Layer.LAKE, table.name()));
          statement.execute("CREATE SCHEMA IF NOT EXISTS " + name.split("\\.")[0]);
          dropTableOrView(statement, name);
          statement.execute("CREATE VIEW " + name + " AS\nSELECT " + selectList(table, columns) + "\nFROM " + reader(source, table, columns));
        }
      }
      connection.commit();
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // Nothing was committed.
      }
      throw new KpiException("attaching the lake files failed: " + e.getMessage() + "; nothing was changed", e);
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException ignored) {
        // A closed connection is reported by the next statement.
      }
    }
  }

  private static void dropTableOrView(Statement statement, String name) throws SQLException {
    String[] parts = name.split("\\.");
    try (ResultSet rows =
        statement.executeQuery(
            "SELECT table_type FROM information_schema.tables WHERE table_schema = '" + parts[0] + "' AND table_name = '" + parts[1] + "'")) {
      if (rows.next()) {
        String kind = rows.getString(1);
        rows.close();
        statement.execute(("VIEW".equals(kind) ? "DROP VIEW " : "DROP TABLE ") + name);
      }
    }
  }

  /** The contract's columns, cast where the file's type differs (a naive TIMESTAMP is UTC). */
  private String selectList(LakeTable table, Map<String, String> columns) {
    List<String> items = new ArrayList<>();
    for (LakeColumn column : table.columns()) {
      String id = dialect.identifier(column.name());
      String target = dialect.typeName(column.type());
      String actual = columns.get(column.name());
      if (normalize(actual).equals(normalize(target))) {
        items.add(id);
      } else if (column.type() == LogicalType.TIMESTAMP && actual.equals("TIMESTAMP")) {
        items.add("timezone('UTC', " + id + ") AS " + id);
      } else {
        items.add("CAST(" + id + " AS " + target + ") AS " + id);
      }
    }
    return String.join(", ", items);
  }

  private String reader(LakeSource source, LakeTable table, Map<String, String> columns) {
    String files = source.files().stream().map(f -> dialect.stringLiteral(f.toAbsolutePath().toString())).collect(Collectors.joining(", ", "[", "]"));
    if (source.format() == LakeSource.Format.PARQUET) {
      return "read_parquet(" + files + ")";
    }
    // CSV: the contract's columns are read with the contract's types, so a bad value fails
    // with its line instead of being guessed into another type.
    Map<String, String> types = new LinkedHashMap<>();
    columns.keySet().forEach(c -> types.put(c, "VARCHAR"));
    for (LakeColumn column : table.columns()) {
      types.put(column.name(), dialect.typeName(column.type()));
    }
    String spec =
        types.entrySet().stream()
            .map(e -> dialect.stringLiteral(e.getKey()) + ": " + dialect.stringLiteral(e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
    return "read_csv(" + files + ", header = true, columns = " + spec + ")";
  }

  /** The file's columns and types, as DuckDB reads them. */
  private Map<String, String> describe(Connection connection, LakeSource source) {
    String files = source.files().stream().map(f -> dialect.stringLiteral(f.toAbsolutePath().toString())).collect(Collectors.joining(", ", "[", "]"));
    String reader = source.format() == LakeSource.Format.PARQUET ? "read_parquet(" + files + ")" : "read_csv(" + files + ", header = true, all_varchar = true)";
    Map<String, String> columns = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM " + reader)) {
      while (rows.next()) {
        columns.put(rows.getString("column_name"), rows.getString("column_type"));
      }
    } catch (SQLException e) {
      throw new KpiException("cannot read the lake file " + source.describe() + " of table '" + source.table() + "': " + e.getMessage() + "; check that it is a readable " + source.format().name().toLowerCase(Locale.ROOT) + " file", e);
    }
    return columns;
  }

  /** Whether a column of DuckDB type {@code actual} holds every value of the lake type exactly. */
  static boolean holds(String actual, LogicalType type) {
    String t = normalize(actual);
    switch (type) {
      case INT64:
        return t.equals("BIGINT") || t.equals("INTEGER") || t.equals("SMALLINT") || t.equals("TINYINT");
      case NUMERIC:
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
          int precision = Integer.parseInt(decimal.group(1));
          int scale = Integer.parseInt(decimal.group(2));
          return scale <= 9 && precision - scale <= 29;
        }
        return t.equals("BIGINT") || t.equals("INTEGER") || t.equals("SMALLINT") || t.equals("TINYINT");
      case FLOAT64:
        return t.equals("DOUBLE") || t.equals("FLOAT");
      case STRING:
        return t.equals("VARCHAR");
      case BOOL:
        return t.equals("BOOLEAN");
      case DATE:
        return t.equals("DATE");
      case TIMESTAMP:
        return t.equals("TIMESTAMPWITHTIMEZONE") || t.equals("TIMESTAMP");
      default:
        return false;
    }
  }

  private static String expected(LogicalType type) {
    switch (type) {
      case INT64:
        return "a 64-bit integer (INT64)";
      case NUMERIC:
        return "an exact decimal with at most 9 decimal places, e.g. DECIMAL(38, 9) (not a floating-point number)";
      case FLOAT64:
        return "a DOUBLE";
      case STRING:
        return "a string (UTF-8)";
      case BOOL:
        return "a BOOLEAN";
      case DATE:
        return "a DATE";
      default:
        return "a timestamp (UTC)";
    }
  }

  private static String normalize(String type) {
    return type.replace(" ", "").toUpperCase(Locale.ROOT);
  }
}
