package dev.kpi.slack;

import dev.kpi.model.Unit;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** The rows of the breakdown mart on the day: a dimension value and its metric values. */
public final class BreakdownData {
  /** A metric column: how it is named and formatted. */
  public static final class Column {
    private final String displayName;
    private final Optional<Unit> unit;

    public Column(String displayName, Optional<Unit> unit) {
      this.displayName = displayName;
      this.unit = unit;
    }

    public String displayName() {
      return displayName;
    }

    public Optional<Unit> unit() {
      return unit;
    }
  }

  /** A dimension value's row; values are in the order of the columns. */
  public static final class Row {
    private final String label;
    private final List<Optional<BigDecimal>> values;

    public Row(String label, List<Optional<BigDecimal>> values) {
      this.label = label;
      this.values = List.copyOf(values);
    }

    public String label() {
      return label;
    }

    public List<Optional<BigDecimal>> values() {
      return values;
    }
  }

  private final String dimensionDisplayName;
  private final List<Column> columns;
  private final List<Row> rows;
  private final int top;

  /** The first column ranks the rows; {@code top} rows are shown. */
  public BreakdownData(String dimensionDisplayName, List<Column> columns, List<Row> rows, int top) {
    this.dimensionDisplayName = dimensionDisplayName;
    this.columns = List.copyOf(columns);
    this.rows = List.copyOf(rows);
    this.top = top;
  }

  public String dimensionDisplayName() {
    return dimensionDisplayName;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<Row> rows() {
    return rows;
  }

  public int top() {
    return top;
  }
}
