package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.warehouse.Answer;
import dev.kpi.runtime.warehouse.ReadQuery;
import dev.kpi.sql.dialect.ColumnDdl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A read-only SELECT on the embedded warehouse: {@code $1} the start date, {@code $2} the end date. */
final class EmbeddedReads {
  private EmbeddedReads() {}

  static Answer read(Connection connection, ReadQuery query) {
    try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
      LocalDate[] dates = {query.start(), query.end()};
      for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
        statement.setObject(i, dates[i - 1]);
      }
      List<List<Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 0; i < query.columns().size(); i++) {
            row.add(value(result, i + 1, query.columns().get(i)));
          }
          rows.add(row);
        }
      }
      return new Answer(query.columns(), rows);
    } catch (SQLException e) {
      throw new KpiException("the embedded warehouse could not answer " + query.label() + ": " + e.getMessage(), e);
    }
  }

  private static Object value(ResultSet result, int index, ColumnDdl column) throws SQLException {
    Object value;
    switch (column.type()) {
      case INT64:
        value = result.getLong(index);
        break;
      case NUMERIC:
        value = result.getBigDecimal(index);
        break;
      case FLOAT64:
        value = result.getDouble(index);
        break;
      case BOOL:
        value = result.getBoolean(index);
        break;
      case DATE:
        value = result.getObject(index, LocalDate.class);
        break;
      default:
        value = result.getString(index);
    }
    if (result.wasNull()) {
      return null;
    }
    return value;
  }
}
