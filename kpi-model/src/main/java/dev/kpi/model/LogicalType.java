package dev.kpi.model;

/**
 * The types a column or expression can have. Named after BigQuery's types, which the lake
 * contract is written in; every dialect maps them to its own.
 */
public enum LogicalType {
  INT64,
  NUMERIC,
  FLOAT64,
  STRING,
  BOOL,
  DATE,
  TIMESTAMP;

  /** Whether SUM, AVG and arithmetic accept it. */
  public boolean isNumeric() {
    return this == INT64 || this == NUMERIC || this == FLOAT64;
  }

  /** Whether a value of this type can be compared with a value of the other (=, <, IN, ...). */
  public boolean isComparableWith(LogicalType other) {
    return this == other || (isNumeric() && other.isNumeric());
  }

  /**
   * The type of {@code a op b} for +, - and * over two numeric types: INT64 stays INT64,
   * NUMERIC wins over INT64, FLOAT64 wins over both (BigQuery's coercion rules).
   */
  public static LogicalType widerNumeric(LogicalType a, LogicalType b) {
    if (a == FLOAT64 || b == FLOAT64) {
      return FLOAT64;
    }
    if (a == NUMERIC || b == NUMERIC) {
      return NUMERIC;
    }
    return INT64;
  }

  /** The type of {@code a / b}: INT64 / INT64 is FLOAT64 as in BigQuery, NUMERIC stays exact. */
  public static LogicalType quotient(LogicalType a, LogicalType b) {
    LogicalType wider = widerNumeric(a, b);
    return wider == INT64 ? FLOAT64 : wider;
  }
}
