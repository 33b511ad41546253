package dev.kpi.sql.dialect;

import dev.kpi.model.LogicalType;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link DuckDbDialect} on DuckDB itself: one in-memory database over JDBC, its session zone
 * UTC as the runtime's warehouse sets it, with the schemas of the layers.
 *
 * <p>DuckDB's JDBC driver quietly runs every statement but the last of a text it is given, so
 * {@link #query} first asks DuckDB's own parser how many statements the text holds ({@code
 * json_serialize_sql}, which also accepts only SELECTs). The dialect numbers parameters by
 * their place in {@link Parameter} ({@code $6} is CHECK_FROM) and DuckDB's driver cannot
 * prepare a statement that skips a number, so each {@code $n} is bound as a {@code ?}, as the
 * runtime's lake queries do.
 */
final class DuckDbEngine implements DialectEngine {
  private final DuckDbDialect dialect = DuckDbDialect.standard();
  private final Connection connection;

  DuckDbEngine() {
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TimeZone = 'UTC'");
        for (Layer layer : Layer.values()) {
          statement.execute("CREATE SCHEMA IF NOT EXISTS " + dialect.schemaName(layer));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
    }
  }

  @Override
  public SqlDialect dialect() {
    return dialect;
  }

  @Override
  public Result query(String select, Map<Parameter, ?> parameters) {
    requireOneSelect(select);
    List<Parameter> order = new ArrayList<>();
    String positional = positional(select, order);
    try (PreparedStatement statement = connection.prepareStatement(positional)) {
      bind(statement, order, parameters, select);
      try (ResultSet rows = statement.executeQuery()) {
        ResultSetMetaData meta = rows.getMetaData();
        List<Column> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          String engineType = meta.getColumnTypeName(c);
          columns.add(new Column(meta.getColumnLabel(c), logicalType(engineType), engineType));
        }
        List<List<Object>> result = new ArrayList<>();
        while (rows.next()) {
          List<Object> row = new ArrayList<>();
          for (int c = 1; c <= columns.size(); c++) {
            row.add(javaValue(rows, c));
          }
          result.add(row);
        }
        return new Result(select, columns, result);
      }
    } catch (SQLException e) {
      throw new AssertionError("DuckDB failed: " + e.getMessage() + "\n" + select, e);
    }
  }

  @Override
  public void accept(List<String> statements, Map<Parameter, ?> parameters) {
    try {
      connection.setAutoCommit(false);
      try {
        for (String sql : statements) {
          List<Parameter> order = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement(positional(sql, order))) {
            bind(statement, order, parameters, sql);
            statement.execute();
          } catch (SQLException e) {
            throw new AssertionError("DuckDB rejected: " + e.getMessage() + "\n" + sql, e);
          }
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** DuckDB's parser says the text is exactly one SELECT (json_serialize_sql takes SELECTs only). */
  private void requireOneSelect(String sql) {
    String check =
        "SELECT json_extract_string(j, '$.error') AS error, json_extract_string(j, '$.error_message') AS message,"
            + " json_array_length(j, '$.statements') AS statements FROM (SELECT json_serialize_sql(CAST(? AS VARCHAR)) AS j) AS parsed";
    try (PreparedStatement statement = connection.prepareStatement(check)) {
      statement.setString(1, sql);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        if (!"false".equals(rows.getString(1))) {
          throw new AssertionError("DuckDB does not parse this as one SELECT: " + rows.getString(2) + "\n" + sql);
        }
        if (rows.getLong(3) != 1) {
          throw new AssertionError("DuckDB parses " + rows.getLong(3) + " statements, not one:\n" + sql);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB cannot parse " + sql + ": " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement statement, List<Parameter> order, Map<Parameter, ?> parameters, String sql)
      throws SQLException {
    for (int i = 0; i < order.size(); i++) {
      Parameter parameter = order.get(i);
      if (!parameters.containsKey(parameter)) {
        throw new IllegalArgumentException("no value for parameter " + parameter + " of\n" + sql);
      }
      Object value = parameters.get(parameter);
      statement.setObject(i + 1, value instanceof Instant ? OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC) : value);
    }
  }

  /**
   * The SQL with each {@code $n} outside quotes and comments as a {@code ?}, and the parameters
   * in the order of the {@code ?}: DuckDB's quoted names ({@code "a""b"}), strings ({@code
   * 'it''s'}), escape strings ({@code E'it\'s'}) and both kinds of comment are skipped.
   */
  static String positional(String sql, List<Parameter> order) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'' || c == '"') {
        boolean escapes = c == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
        end = i + 1;
        while (end < sql.length()) {
          char d = sql.charAt(end);
          if (escapes && d == '\\') {
            end += 2;
          } else if (d == c && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
            end += 2;
          } else if (d == c) {
            end++;
            break;
          } else {
            end++;
          }
        }
      } else if (sql.startsWith("--", i)) {
        end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
      } else if (sql.startsWith("/*", i)) {
        end = sql.indexOf("*/", i + 2);
        end = end < 0 ? sql.length() : end + 2;
      } else if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
        end = i + 1;
        while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
          end++;
        }
        order.add(Parameter.values()[Integer.parseInt(sql.substring(i + 1, end)) - 1]);
        out.append('?');
        i = end;
        continue;
      } else {
        end = i + 1;
      }
      out.append(sql, i, Math.min(end, sql.length()));
      i = end;
    }
    return out.toString();
  }

  /** The logical type DuckDbDialect writes as this DuckDB type, or null. */
  private static LogicalType logicalType(String engineType) {
    switch (engineType) {
      case "BIGINT":
        return LogicalType.INT64;
      case "DECIMAL(38,9)":
        return LogicalType.NUMERIC;
      case "DOUBLE":
        return LogicalType.FLOAT64;
      case "VARCHAR":
        return LogicalType.STRING;
      case "BOOLEAN":
        return LogicalType.BOOL;
      case "DATE":
        return LogicalType.DATE;
      case "TIMESTAMP WITH TIME ZONE":
        return LogicalType.TIMESTAMP;
      default:
        return null;
    }
  }

  private static Object javaValue(ResultSet rows, int column) throws SQLException {
    Object value = rows.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger) {
      BigInteger big = (BigInteger) value;
      return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
    }
    if (value instanceof Float) {
      return ((Float) value).doubleValue();
    }
    if (value instanceof OffsetDateTime) {
      return ((OffsetDateTime) value).toInstant();
    }
    if (value instanceof LocalDateTime) {
      // A TIMESTAMP without zone: its wall-clock time, read as UTC.
      return ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
    }
    if (value instanceof java.sql.Timestamp) {
      return ((java.sql.Timestamp) value).toInstant();
    }
    if (value instanceof java.sql.Date) {
      return ((java.sql.Date) value).toLocalDate();
    }
    if (value instanceof LocalDate || value instanceof Long || value instanceof BigDecimal || value instanceof Double
        || value instanceof String || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException("no Java value for DuckDB's " + value.getClass() + " " + value);
  }
}
