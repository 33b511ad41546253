package dev.kpi.runtime.lake;

import dev.kpi.model.LogicalType;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.sql.dialect.DuckDbDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How DuckDB reads a lake source: the reader over its files, its columns, and each column as the contract's type. */
final class LakeReader {
  /** The column {@link #readerWithFiles} adds, naming each row's file; no lake column is named so. */
  static final String FILE_COLUMN = "kpi_lake_file";

  private final DuckDbDialect dialect = DuckDbDialect.standard();

  String identifier(String name) {
    return dialect.identifier(name);
  }

  String typeName(LogicalType type) {
    return dialect.typeName(type);
  }

  /** The table function reading the source's files. */
  String reader(LakeSource source) {
    return reader(source, "");
  }

  /** {@link #reader}, with the {@link #FILE_COLUMN} of each row. */
  String readerWithFiles(LakeSource source) {
    return reader(source, ", filename = " + dialect.stringLiteral(FILE_COLUMN));
  }

  private String reader(LakeSource source, String options) {
    String files = source.files().stream().map(f -> dialect.stringLiteral(f.toAbsolutePath().toString())).collect(Collectors.joining(", ", "[", "]"));
    if (source.format() == LakeSource.Format.PARQUET) {
      return "read_parquet(" + files + options + ")";
    }
    // A CSV file has no types of its own: every column is read as text and cast to the
    // contract's type where it is used, so a value that is not one fails the cast. (DuckDB's
    // typed CSV reader turns a bad TIMESTAMP WITH TIME ZONE value into NULL without a word.)
    return "read_csv(" + files + ", header = true, all_varchar = true" + options + ")";
  }

  /** The file's columns and types, as DuckDB reads them (every CSV column is VARCHAR). */
  Map<String, String> describe(Connection connection, LakeSource source) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM " + reader(source))) {
      while (rows.next()) {
        columns.put(rows.getString("column_name"), rows.getString("column_type"));
      }
    }
    return columns;
  }

  /** The column as the contract's type, from a file column of DuckDB type {@code actual}. */
  String value(LakeColumn column, String actual) {
    return value(column, actual, "CAST");
  }

  /** {@link #value}, NULL where a value is not one of the contract's type (CSV text). */
  String tryValue(LakeColumn column, String actual) {
    return value(column, actual, "TRY_CAST");
  }

  private String value(LakeColumn column, String actual, String cast) {
    String id = dialect.identifier(column.name());
    String target = dialect.typeName(column.type());
    if (LakeTypes.normalize(actual).equals(LakeTypes.normalize(target))) {
      return id;
    }
    if (column.type() == LogicalType.TIMESTAMP && actual.equals("TIMESTAMP")) {
      // A naive timestamp in the lake is UTC.
      return "timezone('UTC', " + id + ")";
    }
    return cast + "(" + id + " AS " + target + ")";
  }

  /** The contract's columns, each as the contract's type. */
  String selectList(LakeTable table, Map<String, String> columns) {
    List<String> items = new ArrayList<>();
    for (LakeColumn column : table.columns()) {
      String id = dialect.identifier(column.name());
      String value = value(column, columns.get(column.name()));
      items.add(value.equals(id) ? id : value + " AS " + id);
    }
    return String.join(", ", items);
  }
}
