package dev.kpi.runtime.lake;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The lake as files: one Parquet or CSV file per table, or a folder of such files, named after
 * the table ({@code orders.parquet}, {@code orders/part-0001.parquet}, {@code orders.csv}).
 *
 * <p>Every table's files are found and checked (columns, types, CSV values) before anything is
 * written; then each lake table becomes a view over its files, on which the lake contract's rules
 * are checked as on every engine ({@link dev.kpi.runtime.contract.LakeContractCheck}) (DuckDB reads Parquet in place, and skips the row groups a build's time range
 * excludes), all in one transaction.
 */
public final class LakeFiles {
  private final DuckDbDialect dialect = DuckDbDialect.standard();
  private final LakeReader reader = new LakeReader();

  /**
   * Finds each table's files in {@code dir}; fails naming every table it cannot find, or finds
   * in more than one form.
   */
  public List<LakeSource> discover(Path dir, List<LakeTable> tables) {
    if (!Files.exists(dir)) {
      throw KpiException.usage("the lake folder " + dir + " does not exist; pass the folder holding the lake files with --lake");
    }
    if (!Files.isDirectory(dir)) {
      throw KpiException.usage("the lake folder " + dir + " is a file, not a folder; pass the folder holding the lake files with --lake");
    }
    List<LakeSource> sources = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> unclear = new ArrayList<>();
    for (LakeTable table : tables) {
      int reported = unclear.size();
      List<LakeSource> found = find(dir, table.name(), unclear);
      if (unclear.size() > reported) {
        continue;
      }
      if (found.size() == 1) {
        sources.add(found.get(0));
      } else if (found.size() > 1) {
        // Which one Embulk wrote last is not knowable from here: the user says, by removing.
        String all = found.stream().map(LakeSource::location).collect(Collectors.joining(" and "));
        unclear.add(
            "table '" + table.name() + "' is in more than one place: " + all + "; keep one and remove the other"
                + (found.size() > 2 ? "s" : "") + " (or move them out of the lake folder)");
      } else {
        missing.add(
            "table '" + table.name() + "': expected " + table.name() + ".parquet, " + table.name() + ".csv or a folder "
                + table.name() + "/ of .parquet or .csv files in " + dir);
      }
    }
    if (!unclear.isEmpty()) {
      unclear.addAll(missing);
      throw new KpiException("the lake files in " + dir + " do not give each lake table one source:\n  - " + String.join("\n  - ", unclear));
    }
    if (!missing.isEmpty()) {
      throw new KpiException("the lake is missing " + (missing.size() == 1 ? "a table" : missing.size() + " tables") + ":\n  - " + String.join("\n  - ", missing));
    }
    return sources;
  }

  /**
   * Every form the table is found in: its Parquet file, its CSV file, its folder of files. A
   * folder mixing formats is added to {@code unclear}.
   */
  private static List<LakeSource> find(Path dir, String table, List<String> unclear) {
    List<LakeSource> found = new ArrayList<>();
    Path parquet = dir.resolve(table + ".parquet");
    if (Files.isRegularFile(parquet)) {
      found.add(new LakeSource(table, LakeSource.Format.PARQUET, parquet, List.of(parquet)));
    }
    Path csv = dir.resolve(table + ".csv");
    if (Files.isRegularFile(csv)) {
      found.add(new LakeSource(table, LakeSource.Format.CSV, csv, List.of(csv)));
    }
    Path folder = dir.resolve(table);
    if (Files.isDirectory(folder)) {
      List<Path> files;
      try (Stream<Path> list = Files.list(folder)) {
        files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
      } catch (IOException e) {
        throw new KpiException("cannot read the lake folder " + folder + ": " + e.getMessage(), e);
      }
      List<Path> parquets = files.stream().filter(f -> f.toString().endsWith(".parquet")).collect(Collectors.toList());
      List<Path> csvs = files.stream().filter(f -> f.toString().endsWith(".csv")).collect(Collectors.toList());
      if (!parquets.isEmpty() && !csvs.isEmpty()) {
        unclear.add("table '" + table + "': the folder " + folder + " mixes .parquet and .csv files; keep one format per table");
      } else if (!parquets.isEmpty()) {
        found.add(new LakeSource(table, LakeSource.Format.PARQUET, folder, parquets));
      } else if (!csvs.isEmpty()) {
        found.add(new LakeSource(table, LakeSource.Format.CSV, folder, csvs));
      }
    }
    return found;
  }

  /**
   * Checks every source's files: each contract column present, with a type that holds the
   * contract's values exactly, and each CSV value of its column's type; with {@code readAll}
   * ({@code kpi check-lake}), every value of every column is read, so a corrupt page or invalid
   * text is found here rather than by a build. Fails listing every problem. The rules of valid
   * data are checked afterwards on the views, as on every engine.
   */
  public void check(Connection connection, List<LakeSource> sources, List<LakeTable> tables, boolean readAll) {
    List<String> problems = new ArrayList<>();
    LakeFileValues values = new LakeFileValues(connection, reader);
    for (LakeSource source : sources) {
      LakeTable table = tableOf(source, tables);
      Map<String, String> columns;
      try {
        columns = reader.describe(connection, source);
      } catch (SQLException e) {
        problems.add(unreadable(source, table, e));
        continue;
      }
      List<String> schema = schemaProblems(source, table, columns);
      // The values are checked only in the columns the contract expects.
      problems.addAll(schema.isEmpty() ? values.problems(source, table, readAll) : schema);
    }
    if (!problems.isEmpty()) {
      throw new KpiException("the lake does not match the lake contract" + (readAll ? "" : "; nothing was written") + ":\n  - " + String.join("\n  - ", problems));
    }
  }

  /**
   * The latest value of a timestamp column of a lake table's files (after {@link #check}: the
   * files hold the contract's columns); empty when the table has no rows.
   */
  public Optional<Instant> latest(Connection connection, LakeSource source, LakeTable table, String column) {
    LakeColumn timestamp = table.findColumn(column).orElseThrow();
    try {
      String value = reader.tryValue(timestamp, reader.describe(connection, source).get(column));
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT epoch_ms(max(" + value + ")) FROM " + reader.reader(source))) {
        rows.next();
        long millis = rows.getLong(1);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
      }
    } catch (SQLException e) {
      throw new KpiException(unreadable(source, table, e), e);
    }
  }

  private static List<String> schemaProblems(LakeSource source, LakeTable table, Map<String, String> columns) {
    List<String> problems = new ArrayList<>();
    for (LakeColumn column : table.columns()) {
      String actual = columns.get(column.name());
      if (actual == null) {
        problems.add(source.describe() + ": column '" + column.name() + "' (" + column.type() + ") of lake table '" + table.name() + "' is missing; the file has " + String.join(", ", columns.keySet()));
      } else if (source.format() == LakeSource.Format.PARQUET && !LakeTypes.holds(actual, column.type())) {
        problems.add(
            source.describe() + ": column '" + column.name() + "' is " + actual + ", but the lake contract says " + column.type()
                + "; write it as " + LakeTypes.parquetForm(column.type()));
      }
    }
    return problems;
  }

  /**
   * A file DuckDB cannot read: DuckDB's reason (without the SQL it echoes) and what the file
   * should hold.
   */
  static String unreadable(LakeSource source, LakeTable table, SQLException e) {
    String format = source.format() == LakeSource.Format.PARQUET ? "Parquet" : "CSV";
    String contract = table.columns().stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "));
    return "cannot read the lake file " + source.describe() + " of lake table '" + table.name() + "' as " + format + ": " + DuckDbErrors.reason(e)
        + "; write it again as " + format + " with the contract's columns ("
        + contract + "), e.g. by rerunning the extract (the Embulk load)";
  }

  /** Makes each lake table a view over its files, in one transaction. */
  public void attach(Connection connection, List<LakeSource> sources, List<LakeTable> tables) {
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (LakeSource source : sources) {
          LakeTable table = tableOf(source, tables);
          Map<String, String> columns = reader.describe(connection, source);
          String name = dialect.tableName(TableRef.of(Layer.LAKE, table.name()));
          statement.execute("CREATE SCHEMA IF NOT EXISTS " + name.split("\\.")[0]);
          dropTableOrView(statement, name);
          statement.execute("CREATE VIEW " + name + " AS\nSELECT " + reader.selectList(table, columns) + "\nFROM " + reader.reader(source));
        }
      }
      connection.commit();
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // Nothing was committed.
      }
      throw new KpiException("attaching the lake files failed: " + DuckDbErrors.reason(e) + "; nothing was changed", e);
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException ignored) {
        // A closed connection is reported by the next statement.
      }
    }
  }

  private static LakeTable tableOf(LakeSource source, List<LakeTable> tables) {
    return tables.stream().filter(t -> t.name().equals(source.table())).findFirst().orElseThrow();
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
}
