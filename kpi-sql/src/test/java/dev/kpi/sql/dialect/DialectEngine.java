package dev.kpi.sql.dialect;

import dev.kpi.model.LogicalType;
import dev.kpi.sql.plan.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dialect together with an engine that runs its SQL, for {@link DialectContractTest}: what a
 * third dialect implements (with a subclass of the contract test) to get every contract test.
 *
 * <p>Values cross the boundary as the Java types of {@link dev.kpi.sql.testing.TableData}:
 * INT64 {@link Long}, NUMERIC {@link java.math.BigDecimal}, FLOAT64 {@link Double}, STRING
 * {@link String}, BOOL {@link Boolean}, DATE {@link java.time.LocalDate}, TIMESTAMP {@link
 * java.time.Instant}, and {@code null} for NULL. A column whose engine type is none of the
 * logical types (DuckDB's INTEGER, HUGEINT, TIMESTAMP without zone, ...) has no {@link
 * Column#type()}, and its value is the nearest of those Java types.
 */
public interface DialectEngine extends AutoCloseable {

  /** The dialect whose SQL this engine runs. */
  SqlDialect dialect();

  /**
   * Evaluates {@code select}, which must be exactly one valid SELECT statement (an engine that
   * can analyze it without running it also proves it valid), with the typed {@code parameters}
   * bound as the dialect's {@link SqlDialect#parameter} refers to them. Fails (with the SQL) if
   * the text is not exactly one statement, if the engine rejects it, or if it refers to a
   * parameter that has no value.
   */
  Result query(String select, Map<Parameter, ?> parameters);

  default Result query(String select) {
    return query(select, Map.of());
  }

  /**
   * Checks that the engine accepts {@code statements} in order (DDL and DML: what {@link
   * SqlDialect#createTable} and {@link SqlDialect#replaceRows} write), each as one statement or,
   * where the dialect says so ({@link SqlDialect#statementsNeedOneTransaction()} false), one
   * script. The engine's state is as before afterwards, so tests stay independent.
   */
  void accept(List<String> statements, Map<Parameter, ?> parameters);

  @Override
  void close();

  /** A column of a result: its name, its logical type (null if none) and the engine's type name. */
  record Column(String name, LogicalType type, String engineType) {}

  /** What a query gave: its columns and rows, in order. */
  record Result(String sql, List<Column> columns, List<List<Object>> rows) {
    public Result {
      columns = List.copyOf(columns);
      rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }

    /** The only row (fails if there are none or several). */
    public List<Object> onlyRow() {
      if (rows.size() != 1) {
        throw new AssertionError("expected exactly one row, got " + rows.size() + " " + rows + " from\n" + sql);
      }
      return rows.get(0);
    }

    /** The only row's value in the column named {@code name}. */
    public Object value(String name) {
      return onlyRow().get(index(name));
    }

    /** The value of a result of one row and one column. */
    public Object onlyValue() {
      if (columns.size() != 1) {
        throw new AssertionError("expected exactly one column, got " + columns + " from\n" + sql);
      }
      return onlyRow().get(0);
    }

    /** The logical type of the column named {@code name} (null if the engine's type is none of them). */
    public LogicalType type(String name) {
      return columns.get(index(name)).type();
    }

    public Column column(String name) {
      return columns.get(index(name));
    }

    private int index(String name) {
      for (int i = 0; i < columns.size(); i++) {
        if (Objects.equals(columns.get(i).name(), name)) {
          return i;
        }
      }
      throw new AssertionError("no column " + name + " in " + columns + " from\n" + sql);
    }
  }
}
