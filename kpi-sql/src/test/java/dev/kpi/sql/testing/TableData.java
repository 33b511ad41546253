package dev.kpi.sql.testing;

import dev.kpi.model.LogicalType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The rows of a table as plain Java values, engine-independent, so that what one engine computed
 * can be fed to another and compared with a third's. Values by logical type: INT64 {@link Long},
 * NUMERIC {@link BigDecimal}, FLOAT64 {@link Double}, STRING {@link String}, BOOL {@link Boolean},
 * DATE {@link LocalDate}, TIMESTAMP {@link Instant}; NULL is {@code null}.
 *
 * <p>Rows compare as a multiset: {@link #canonicalRows()} writes each row as text where equal
 * values are equal text (a NUMERIC without its trailing zeros, so 1.50 = 1.5 as {@code
 * compareTo} has it; NULL as {@code NULL}), sorted.
 */
public final class TableData {

  /** A column: its name and logical type. */
  public record Column(String name, LogicalType type) {
    public Column {
      Objects.requireNonNull(name);
      Objects.requireNonNull(type);
    }

    @Override
    public String toString() {
      return name + " " + type;
    }
  }

  private final List<Column> columns;
  private final List<List<Object>> rows;

  public TableData(List<Column> columns, List<List<Object>> rows) {
    this.columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row " + row + " has " + row.size() + " values for the " + columns.size() + " columns " + columns);
      }
      for (int i = 0; i < row.size(); i++) {
        checkType(columns.get(i), row.get(i));
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    this.rows = Collections.unmodifiableList(copy);
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).collect(Collectors.toList());
  }

  /** The rows, values in column order. */
  public List<List<Object>> rows() {
    return rows;
  }

  public int size() {
    return rows.size();
  }

  public int columnIndex(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column " + name + " in " + columns);
  }

  /** Each row as a map from column name to value, in column order. */
  public List<Map<String, Object>> rowMaps() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (List<Object> row : rows) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        map.put(columns.get(i).name(), row.get(i));
      }
      out.add(map);
    }
    return out;
  }

  /** The rows whose {@code column} equals {@code value} (by {@link #sameValue}). */
  public List<Map<String, Object>> rowsWhere(String column, Object value) {
    return rowMaps().stream().filter(r -> sameValue(r.get(column), value)).collect(Collectors.toList());
  }

  /** The same rows with the columns in the order given (a subset is allowed). */
  public TableData select(List<String> names) {
    List<Integer> indexes = names.stream().map(this::columnIndex).collect(Collectors.toList());
    List<Column> selected = indexes.stream().map(columns::get).collect(Collectors.toList());
    List<List<Object>> selectedRows = new ArrayList<>();
    for (List<Object> row : rows) {
      List<Object> out = new ArrayList<>();
      indexes.forEach(i -> out.add(row.get(i)));
      selectedRows.add(out);
    }
    return new TableData(selected, selectedRows);
  }

  /** Every row as canonical text ({@code name=value, ...}), sorted: equal tables, equal lists. */
  public List<String> canonicalRows() {
    List<String> out = new ArrayList<>();
    for (List<Object> row : rows) {
      out.add(canonicalRow(row));
    }
    Collections.sort(out);
    return out;
  }

  /** One row as canonical text, {@code name=value} joined by spaces. */
  public String canonicalRow(List<Object> row) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(columns.get(i).name()).append('=').append(canonical(row.get(i)));
    }
    return out.toString();
  }

  /** The value as text where equal values give equal text: NUMERIC without trailing zeros, NULL. */
  public static String canonical(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal) {
      BigDecimal decimal = (BigDecimal) value;
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof String) {
      return "'" + ((String) value).replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    return value.toString();
  }

  /** NULL equals NULL; NUMERIC by {@code compareTo}; everything else by {@code equals}. */
  public static boolean sameValue(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof BigDecimal && b instanceof BigDecimal) {
      return ((BigDecimal) a).compareTo((BigDecimal) b) == 0;
    }
    return a.equals(b);
  }

  private static void checkType(Column column, Object value) {
    if (value == null) {
      return;
    }
    Class<?> expected = javaType(column.type());
    if (!expected.isInstance(value)) {
      throw new IllegalArgumentException(
          "column " + column + " holds a " + expected.getSimpleName() + ", not the " + value.getClass().getSimpleName() + " " + value);
    }
  }

  /** The Java class of a logical type's values. */
  public static Class<?> javaType(LogicalType type) {
    switch (type) {
      case INT64:
        return Long.class;
      case NUMERIC:
        return BigDecimal.class;
      case FLOAT64:
        return Double.class;
      case STRING:
        return String.class;
      case BOOL:
        return Boolean.class;
      case DATE:
        return LocalDate.class;
      case TIMESTAMP:
        return Instant.class;
      default:
        throw new IllegalArgumentException("no Java type for " + type);
    }
  }

  @Override
  public String toString() {
    return columns + "\n" + String.join("\n", canonicalRows());
  }
}
