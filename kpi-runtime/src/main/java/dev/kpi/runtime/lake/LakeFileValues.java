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
import java.util.stream.Collectors;

/**
 * What only lake files can get wrong, before the lake contract's rules are checked on the views
 * over them ({@link dev.kpi.runtime.contract.LakeContractCheck}, the same on every engine): a CSV
 * value that is not of its column's type, and — for {@code kpi check-lake} — a value DuckDB
 * cannot decode at all (a corrupt Parquet page, invalid UTF-8), found by reading every column.
 */
final class LakeFileValues {
  private static final int EXAMPLES = 2;
  private static final String FILE = LakeReader.FILE_COLUMN;

  private final Connection connection;
  private final LakeReader reader;

  LakeFileValues(Connection connection, LakeReader reader) {
    this.connection = connection;
    this.reader = reader;
  }

  /** Every CSV column whose text is not a value of its type; with {@code readAll}, also a file that cannot be read whole. */
  List<String> problems(LakeSource source, LakeTable table, boolean readAll) {
    try {
      List<String> problems = new ArrayList<>();
      if (source.format() == LakeSource.Format.CSV) {
        for (LakeColumn column : table.columns()) {
          if (column.type() != LogicalType.STRING) {
            long rows = count("SELECT count(*) FROM " + reader.reader(source) + " WHERE " + notOfType(column));
            if (rows > 0) {
              problems.add(wrongValues(source, table, column, rows));
            }
          }
        }
      }
      if (readAll && problems.isEmpty()) {
        readEveryValue(source, table);
      }
      return problems;
    } catch (SQLException e) {
      return List.of(LakeFiles.unreadable(source, table, e));
    }
  }

  /** Decodes every value of every contract column: the counting queries read only some columns. */
  private void readEveryValue(LakeSource source, LakeTable table) throws SQLException {
    String lengths =
        table.columns().stream()
            .map(c -> "max(length(CAST(" + reader.identifier(c.name()) + " AS VARCHAR)))")
            .collect(Collectors.joining(", "));
    try (PreparedStatement statement = connection.prepareStatement("SELECT count(*), " + lengths + " FROM " + reader.reader(source));
        ResultSet rows = statement.executeQuery()) {
      rows.next();
    }
  }

  private String wrongValues(LakeSource source, LakeTable table, LakeColumn column, long rows) throws SQLException {
    String id = reader.identifier(column.name());
    String sql =
        "SELECT " + id + ", min(parse_filename(" + FILE + ")) FROM " + reader.readerWithFiles(source) + " WHERE " + notOfType(column)
            + " GROUP BY " + id + " ORDER BY " + id + " LIMIT " + EXAMPLES;
    List<String> examples = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet found = statement.executeQuery()) {
      while (found.next()) {
        examples.add('"' + found.getString(1) + '"' + (source.files().size() > 1 ? " (in " + found.getString(2) + ")" : ""));
      }
    }
    return source.describe() + ": column '" + column.name() + "' of lake table '" + table.name() + "' is " + column.type()
        + " in the lake contract, but " + (rows == 1 ? "1 row holds a value that is" : rows + " rows hold values that are") + " not: "
        + String.join(", ", examples) + "; fix the extract (the Embulk load) so that it writes " + column.type() + " values as "
        + LakeTypes.csvForm(column.type());
  }

  /** A condition: the column holds text that is not a value of its contract type. */
  private String notOfType(LakeColumn column) {
    String id = reader.identifier(column.name());
    return id + " IS NOT NULL AND TRY_CAST(" + id + " AS " + reader.typeName(column.type()) + ") IS NULL";
  }

  private long count(String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
