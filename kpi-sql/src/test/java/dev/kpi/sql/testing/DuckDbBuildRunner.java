package dev.kpi.sql.testing;

import dev.kpi.model.LogicalType;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.StepKind;
import dev.kpi.sql.plan.TableRef;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a plan's DuckDB SQL the way the embedded runtime does, on a fresh database file: the
 * lake's tables (made by a {@link LakeSetup}, such as a shop's Flyway migration, or by the plan's
 * own lake CREATEs), the fixture's rows, then every other statement of the plan in order: CREATE
 * steps as they are, BUILD steps as JDBC prepared statements in one transaction per step, {@code
 * $1} = start date and {@code $2} = end date. Returns what each built table holds afterwards.
 */
public final class DuckDbBuildRunner {
  /** Makes the lake's tables in the database at a JDBC URL. */
  @FunctionalInterface
  public interface LakeSetup {
    void create(String url) throws SQLException;
  }

  private static final DuckDbDialect DUCKDB = DuckDbDialect.standard();
  /** Microseconds, with the offset DuckDB's TIMESTAMPTZ input takes. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

  private DuckDbBuildRunner() {}

  /**
   * @param folder where the database file goes (not named lake/warehouse/mart.duckdb: DuckDB
   *     names the catalog after the file, which would shadow the schema of that name)
   * @param sessionTimeZone DuckDB's {@code TimeZone} setting for the session
   * @param lakeSetup makes the lake's tables; the plan's lake CREATEs are not run
   */
  public static Map<TableRef, TableData> run(
      Path folder,
      String sessionTimeZone,
      Map<String, TableData> lake,
      List<CompiledStatement> statements,
      LocalDate start,
      LocalDate end,
      LakeSetup lakeSetup)
      throws SQLException {
    String url = "jdbc:duckdb:" + folder.resolve("differential.duckdb");
    lakeSetup.create(url);

    Map<TableRef, TableDdl> tables = new LinkedHashMap<>();
    statements.forEach(s -> s.table().ifPresent(ddl -> tables.put(s.step().table(), ddl)));

    try (Connection connection = DriverManager.getConnection(url)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TimeZone = '" + sessionTimeZone + "'");
        statement.execute("CREATE SCHEMA IF NOT EXISTS warehouse");
        statement.execute("CREATE SCHEMA IF NOT EXISTS mart");
      }
      for (Map.Entry<String, TableData> table : lake.entrySet()) {
        insert(connection, DUCKDB.tableName(TableRef.of(Layer.LAKE, table.getKey())), table.getValue());
      }

      List<TableRef> built = new ArrayList<>();
      for (CompiledStatement step : statements) {
        if (step.step().table().layer() == Layer.LAKE && step.step().kind() == StepKind.CREATE) {
          continue;
        }
        if (step.step().kind() == StepKind.CREATE) {
          try (Statement statement = connection.createStatement()) {
            for (String sql : step.statements()) {
              execute(step, sql, () -> statement.execute(sql));
            }
          }
        } else {
          build(connection, step, start, end);
          built.add(step.step().table());
        }
      }

      Map<TableRef, TableData> out = new LinkedHashMap<>();
      for (TableRef table : built) {
        out.put(table, read(connection, table, tables.get(table)));
      }
      return out;
    }
  }

  /**
   * Runs a SELECT on the database {@link #run} left in {@code folder}, {@code $1} = start date and
   * {@code $2} = end date; the rows in the order DuckDB returns them, typed as {@code columns}.
   */
  public static TableData select(Path folder, String sql, List<TableData.Column> columns, LocalDate start, LocalDate end) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + folder.resolve("differential.duckdb"));
        PreparedStatement statement = connection.prepareStatement(sql)) {
      LocalDate[] values = {start, end};
      for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
        statement.setObject(i, values[i - 1]);
      }
      List<List<Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 0; i < columns.size(); i++) {
            row.add(value(result, i + 1, columns.get(i).type()));
          }
          rows.add(row);
        }
      }
      return new TableData(columns, rows);
    } catch (SQLException e) {
      throw new SQLException("DuckDB failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  /** The lake made by the plan's own CREATE statements of the lake's tables. */
  public static LakeSetup lakeFromPlan(List<CompiledStatement> statements) {
    return url -> {
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE SCHEMA IF NOT EXISTS lake");
        for (CompiledStatement step : statements) {
          if (step.step().table().layer() == Layer.LAKE && step.step().kind() == StepKind.CREATE) {
            for (String sql : step.statements()) {
              execute(step, sql, () -> statement.execute(sql));
            }
          }
        }
      }
    };
  }

  /** One transaction per step: its DELETE and INSERT together, or neither. */
  private static void build(Connection connection, CompiledStatement step, LocalDate start, LocalDate end)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      for (String sql : step.statements()) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          if (step.step().isWindowed()) {
            int parameters = statement.getParameterMetaData().getParameterCount();
            LocalDate[] values = {start, end};
            for (int i = 1; i <= parameters; i++) {
              statement.setObject(i, values[i - 1]);
            }
          }
          execute(step, sql, statement::execute);
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private interface SqlAction {
    boolean run() throws SQLException;
  }

  private static void execute(CompiledStatement step, String sql, SqlAction action) throws SQLException {
    try {
      action.run();
    } catch (SQLException e) {
      throw new SQLException("DuckDB failed on " + step + ": " + e.getMessage() + "\n" + sql, e);
    }
  }

  /** Every value as text cast to the column's type: exact decimals and microseconds, no driver conversions. */
  public static void insert(Connection connection, String table, TableData data) throws SQLException {
    if (data.size() == 0) {
      return;
    }
    String sql =
        "INSERT INTO " + table + " ("
            + data.columns().stream().map(c -> DUCKDB.identifier(c.name())).collect(Collectors.joining(", "))
            + ") VALUES ("
            + data.columns().stream().map(c -> "CAST(? AS " + DUCKDB.typeName(c.type()) + ")").collect(Collectors.joining(", "))
            + ")";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (List<Object> row : data.rows()) {
        for (int i = 0; i < row.size(); i++) {
          statement.setString(i + 1, text(row.get(i)));
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof Instant) {
      return TIMESTAMP.format(((Instant) value).atOffset(ZoneOffset.UTC));
    }
    return value.toString();
  }

  public static TableData read(Connection connection, TableRef table, TableDdl ddl) throws SQLException {
    List<TableData.Column> columns =
        ddl.columns().stream().map(c -> new TableData.Column(c.name(), c.type())).collect(Collectors.toList());
    String sql =
        "SELECT " + columns.stream().map(c -> DUCKDB.identifier(c.name())).collect(Collectors.joining(", "))
            + " FROM " + DUCKDB.tableName(table);
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
          row.add(value(result, i + 1, columns.get(i).type()));
        }
        rows.add(row);
      }
    }
    return new TableData(columns, rows);
  }

  private static Object value(ResultSet result, int index, LogicalType type) throws SQLException {
    Object value;
    switch (type) {
      case INT64:
        value = result.getLong(index);
        break;
      case NUMERIC:
        value = result.getBigDecimal(index);
        break;
      case FLOAT64:
        value = result.getDouble(index);
        break;
      case STRING:
        value = result.getString(index);
        break;
      case BOOL:
        value = result.getBoolean(index);
        break;
      case DATE:
        value = result.getObject(index, LocalDate.class);
        break;
      case TIMESTAMP:
        OffsetDateTime timestamp = result.getObject(index, OffsetDateTime.class);
        value = timestamp == null ? null : timestamp.toInstant();
        break;
      default:
        throw new IllegalArgumentException("no Java value for " + type);
    }
    return result.wasNull() ? null : value;
  }
}
