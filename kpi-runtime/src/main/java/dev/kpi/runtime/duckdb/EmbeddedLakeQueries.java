package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.lake.DuckDbErrors;
import dev.kpi.runtime.lake.LakeSource;
import dev.kpi.runtime.warehouse.LakeQueries;
import dev.kpi.sql.plan.Parameter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lake contract's queries on DuckDB, over the views of the lake files ({@link
 * dev.kpi.runtime.lake.LakeFiles#attach}). DuckDB's parameters are positional ({@code $n} is
 * the n-th {@link Parameter}), so every position up to the last one the SQL uses is bound.
 */
final class EmbeddedLakeQueries implements LakeQueries {
  private final Connection connection;
  private final Map<String, LakeSource> sources = new LinkedHashMap<>();

  EmbeddedLakeQueries(Connection connection, List<LakeSource> sources) {
    this.connection = connection;
    sources.forEach(s -> this.sources.put(s.table(), s));
  }

  @Override
  public List<Map<String, String>> rows(String purpose, String lakeTable, String sql, Map<Parameter, Object> parameters) {
    List<Parameter> order = new ArrayList<>();
    String positional = positional(sql, order);
    try (PreparedStatement statement = connection.prepareStatement(positional)) {
      for (int i = 0; i < order.size(); i++) {
        Object value = parameters.get(order.get(i));
        // Instants as ISO text, cast by the SQL: DuckDB's JDBC driver has no Instant binding.
        statement.setObject(i + 1, value instanceof Instant ? value.toString() : value);
      }
      List<Map<String, String>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        while (result.next()) {
          Map<String, String> row = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnLabel(c), result.getString(c));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      if (DuckDbErrors.isOutOfMemory(e)) {
        throw new KpiException(purpose + " failed: " + DuckDbErrors.reason(e) + "; " + DuckDbErrors.MORE_MEMORY + "; nothing was written", e);
      }
      throw new KpiException(
          purpose + " failed: cannot read " + describe(lakeTable) + ": " + DuckDbErrors.reason(e)
              + "; write the file again (rerun the extract, the Embulk load); nothing was written");
    }
  }

  /**
   * The SQL with each {@code $n} (the n-th {@link Parameter}) as a {@code ?}, and the parameters
   * in the order they occur: DuckDB numbers a statement's parameters by the highest {@code $n}, so
   * a query naming only {@code $7} could not be bound. Text inside quotes is left as it is.
   */
  static String positional(String sql, List<Parameter> order) {
    StringBuilder out = new StringBuilder(sql.length());
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        // A doubled quote stays inside; the loop sees the second one as the opening of nothing.
        quote = c == quote ? 0 : quote;
        out.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        out.append(c);
      } else if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
        int end = i + 1;
        while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
          end++;
        }
        order.add(Parameter.values()[Integer.parseInt(sql.substring(i + 1, end)) - 1]);
        out.append('?');
        i = end - 1;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String describe(String lakeTable) {
    LakeSource source = sources.get(lakeTable);
    return source == null ? "lake table " + lakeTable : source.describe();
  }
}
