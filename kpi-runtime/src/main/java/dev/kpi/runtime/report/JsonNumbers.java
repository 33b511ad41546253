package dev.kpi.runtime.report;

import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;

/**
 * Exact numbers for JSON: every digit a NUMERIC has, without trailing zeros and never in
 * scientific notation (BigDecimal's own text writes 0.000000001 as 1E-9, which some readers
 * parse as a double).
 */
public final class JsonNumbers {
  private JsonNumbers() {}

  public static JsonPrimitive exact(BigDecimal value) {
    return new JsonPrimitive(new Plain(plain(value)));
  }

  /** The value without trailing zeros, and without a negative scale (1E+3 is 1000). */
  public static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** A number that writes itself as plain decimal text. */
  private static final class Plain extends Number {
    private static final long serialVersionUID = 1L;
    private final BigDecimal value;

    Plain(BigDecimal value) {
      this.value = value;
    }

    @Override
    public int intValue() {
      return value.intValue();
    }

    @Override
    public long longValue() {
      return value.longValue();
    }

    @Override
    public float floatValue() {
      return value.floatValue();
    }

    @Override
    public double doubleValue() {
      return value.doubleValue();
    }

    @Override
    public String toString() {
      return value.toPlainString();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Plain && ((Plain) other).value.equals(value);
    }

    @Override
    public int hashCode() {
      return value.hashCode();
    }
  }
}
