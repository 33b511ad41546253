package dev.kpi.runtime.duckdb;

import dev.kpi.model.mart.Grain;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.ledger.Ledger;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.report.MartRows;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Mart rows from the embedded warehouse; what is built, from its ledger. */
public final class EmbeddedMartRows implements MartRows {
  private final Connection connection;
  private final Ledger ledger;
  private final CommandHint hint;
  private final DuckDbDialect dialect = DuckDbDialect.standard();

  public EmbeddedMartRows(Connection connection, Ledger ledger, CommandHint hint) {
    this.connection = connection;
    this.ledger = ledger;
    this.hint = hint;
  }

  @Override
  public Map<LocalDate, List<Map<String, Object>>> rows(String mart, Collection<LocalDate> dates) {
    Map<LocalDate, List<Map<String, Object>>> out = new HashMap<>();
    String table = dialect.tableName(TableRef.of(Layer.MART, mart));
    String date = dialect.identifier(Grain.DAY.dateColumn());
    if (!exists(mart)) {
      // DuckDB's own 'table does not exist' text suggests pg_catalog tables: say what it means.
      throw new KpiException(
          "mart."
              + mart
              + " has never been built in this embedded warehouse; build it first with: "
              + hint.kpi("run --date " + dates.stream().max(LocalDate::compareTo).map(LocalDate::toString).orElse("YYYY-MM-DD")));
    }
    for (LocalDate day : dates) {
      try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + table + " WHERE " + date + " = ?")) {
        statement.setObject(1, day);
        try (ResultSet rs = statement.executeQuery()) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              Object value = rs.getObject(i);
              row.put(meta.getColumnName(i), value instanceof Number ? new BigDecimal(value.toString()) : value == null ? null : value.toString());
            }
            out.computeIfAbsent(day, d -> new ArrayList<>()).add(row);
          }
        }
      } catch (SQLException e) {
        throw new KpiException("cannot read mart " + mart + " for " + day + ": " + e.getMessage() + "; build it first with: " + hint.kpi("run --date " + day), e);
      }
    }
    return out;
  }

  private boolean exists(String mart) {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?")) {
      statement.setString(1, dialect.schemaName(Layer.MART));
      statement.setString(2, mart);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw new KpiException("cannot read the embedded warehouse's tables: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> builtBy(String mart, LocalDate date) {
    return Optional.ofNullable(ledger.builtDates(TableRef.of(Layer.MART, mart).toString()).get(date)).map(BuiltDate::fingerprint);
  }

  @Override
  public List<String> lakeWarnings(String mart, LocalDate date) {
    return Optional.ofNullable(ledger.builtDates(TableRef.of(Layer.MART, mart).toString()).get(date)).map(BuiltDate::lakeWarnings).orElse(List.of());
  }

  @Override
  public Optional<Instant> builtAt(String mart, LocalDate date) {
    return ledger.builtAt(TableRef.of(Layer.MART, mart).toString(), date);
  }
}
