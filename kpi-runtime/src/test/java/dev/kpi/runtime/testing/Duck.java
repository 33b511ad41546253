package dev.kpi.runtime.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an embedded warehouse's file (after the command closed it) and writes test files with
 * DuckDB.
 */
public final class Duck {
  private Duck() {}

  /** Rows of a query on the warehouse in {@code dataDir}, each as "v1|v2|...". */
  public static List<String> query(Path dataDir, String sql) {
    return rows("jdbc:duckdb:" + dataDir.resolve("embedded.duckdb"), sql);
  }

  /** The one value of a one-row, one-column query on the warehouse in {@code dataDir}. */
  public static String value(Path dataDir, String sql) {
    List<String> rows = query(dataDir, sql);
    if (rows.size() != 1) {
      throw new IllegalStateException("expected one row of " + sql + ", got " + rows);
    }
    return rows.get(0);
  }

  /** Runs statements on the warehouse in {@code dataDir} (to damage it on purpose, say). */
  public static void execute(Path dataDir, String... statements) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("embedded.duckdb"));
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs statements on a throwaway in-memory DuckDB (to write Parquet files, say). */
  public static void scratch(String... statements) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows of a query on a throwaway in-memory DuckDB (to read lake files, say). */
  public static List<String> scratchQuery(String sql) {
    return rows("jdbc:duckdb:", sql);
  }

  public static List<String> rows(String url, String sql) {
    List<String> out = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      try (ResultSet rows = statement.executeQuery(sql)) {
        int columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= columns; i++) {
            row.append(i > 1 ? "|" : "").append(rows.getString(i));
          }
          out.add(row.toString());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + sql + ": " + e.getMessage(), e);
    }
    return out;
  }
}
