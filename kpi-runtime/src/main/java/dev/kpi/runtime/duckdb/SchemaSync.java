package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.CommandHint;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.dialect.TableDdl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings an existing table in line with its definition before it is built: new columns are
 * added (the table's dates are then stale, and say so in {@code kpi status}); a column whose
 * type changed cannot be altered in place, so the table is recreated empty, and said so.
 */
final class SchemaSync {
  /** What happened to a table. */
  enum Change {
    NONE,
    CREATED,
    COLUMNS_ADDED,
    RECREATED
  }

  private final Connection connection;
  private final DuckDbDialect dialect;
  private final CommandHint hint;

  SchemaSync(Connection connection, DuckDbDialect dialect, CommandHint hint) {
    this.connection = connection;
    this.dialect = dialect;
    this.hint = hint;
  }

  /** Creates or aligns the table, running {@code createStatements} where it must be created. */
  Change sync(TableDdl ddl, List<String> createStatements, java.util.function.Consumer<String> log) throws SQLException {
    Optional<Map<String, String>> existing = columnsOf(ddl);
    if (existing.isEmpty()) {
      run(createStatements);
      return Change.CREATED;
    }
    Map<String, String> actual = existing.get();
    StringBuilder changed = new StringBuilder();
    for (ColumnDdl column : ddl.columns()) {
      String type = actual.get(column.name());
      if (type != null && !normalize(type).equals(normalize(dialect.typeName(column.type())))) {
        changed.append(changed.length() == 0 ? "" : ", ").append(column.name()).append(" ").append(type).append(" -> ").append(dialect.typeName(column.type()));
      }
    }
    if (changed.length() > 0) {
      log.accept(
          "recreating " + ddl.table() + " empty: the type of " + changed + " changed, which cannot be altered in place; its dates are built again by this run or by '" + hint.kpi("backfill --from ... --to ...") + "'");
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE " + dialect.tableName(ddl.table()));
      }
      run(createStatements);
      return Change.RECREATED;
    }
    boolean added = false;
    for (ColumnDdl column : ddl.columns()) {
      if (!actual.containsKey(column.name())) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(
              "ALTER TABLE " + dialect.tableName(ddl.table()) + " ADD COLUMN " + dialect.identifier(column.name()) + " " + dialect.typeName(column.type()));
        }
        log.accept("added column " + column.name() + " to " + ddl.table() + "; dates built before hold NULL in it until rebuilt ('" + hint.kpi("backfill --stale") + "')");
        added = true;
      }
    }
    return added ? Change.COLUMNS_ADDED : Change.NONE;
  }

  private Optional<Map<String, String>> columnsOf(TableDdl ddl) throws SQLException {
    String schema = dialect.schemaName(ddl.table().layer());
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? ORDER BY column_index")) {
      query.setString(1, schema);
      query.setString(2, ddl.table().name());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return columns.isEmpty() ? Optional.empty() : Optional.of(columns);
  }

  private void run(List<String> statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static String normalize(String type) {
    return type.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
  }
}
