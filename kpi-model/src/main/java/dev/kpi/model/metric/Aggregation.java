package dev.kpi.model.metric;

/** How a simple metric folds the rows of its fact into one value per period. */
public enum Aggregation {
  SUM("SUM", true),
  COUNT("COUNT", false),
  COUNT_DISTINCT("COUNT DISTINCT", false),
  MIN("MIN", false),
  MAX("MAX", false),
  AVERAGE("AVG", true);

  private final String label;
  private final boolean needsNumeric;

  Aggregation(String label, boolean needsNumeric) {
    this.label = label;
    this.needsNumeric = needsNumeric;
  }

  /** How messages and docs name it. */
  public String label() {
    return label;
  }

  /** SUM and AVG accept only numbers. */
  public boolean needsNumeric() {
    return needsNumeric;
  }

  /** Whether the value over a period with no rows is 0 (a count or a sum) rather than NULL. */
  public boolean isZeroWhenEmpty() {
    return this == SUM || this == COUNT || this == COUNT_DISTINCT;
  }
}
