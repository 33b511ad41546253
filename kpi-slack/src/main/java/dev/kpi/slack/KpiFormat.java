package dev.kpi.slack;

import dev.kpi.model.Unit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Optional;

/** Values as Japanese readers expect them: ¥1,234,567, 1,234, 12.3%, and "—" for nothing. */
public final class KpiFormat {
  public static final String NOTHING = "—";

  private KpiFormat() {}

  public static String value(Optional<BigDecimal> value, Optional<Unit> unit) {
    if (value.isEmpty()) {
      return NOTHING;
    }
    BigDecimal v = value.get();
    Unit u = unit.orElse(null);
    if (u == Unit.JPY) {
      return (v.signum() < 0 ? "-¥" : "¥") + grouped(v.abs().setScale(0, RoundingMode.HALF_UP), 0);
    }
    if (u == Unit.RATIO) {
      return grouped(v.movePointRight(2).setScale(1, RoundingMode.HALF_UP), 1) + "%";
    }
    int scale = v.stripTrailingZeros().scale() <= 0 ? 0 : Math.min(2, v.stripTrailingZeros().scale());
    return grouped(v.setScale(scale, RoundingMode.HALF_UP), scale);
  }

  /** (value − base) ÷ |base| as a fraction; empty when either is missing or the base is 0. */
  public static Optional<BigDecimal> change(Optional<BigDecimal> value, Optional<BigDecimal> base) {
    if (value.isEmpty() || base.isEmpty() || base.get().signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(value.get().subtract(base.get()).divide(base.get().abs(), 6, RoundingMode.HALF_UP));
  }

  /** The sign of a decrease: U+2212, the minus sign, not a hyphen that a line could break at. */
  public static final String MINUS = "\u2212";

  /**
   * A change as +12.3% / −4.0% (±0.0% when it rounds to none), or "—" without a base. Never ▲ or
   * ▼: in Japanese business writing ▲ marks a decrease, so "前日比 ▲31.0%" would read as a fall.
   */
  public static String change(Optional<BigDecimal> change) {
    if (change.isEmpty()) {
      return NOTHING;
    }
    BigDecimal percent = change.get().movePointRight(2).setScale(1, RoundingMode.HALF_UP);
    String sign = percent.signum() > 0 ? "+" : percent.signum() < 0 ? MINUS : "±";
    return sign + grouped(percent.abs(), 1) + "%";
  }

  private static String grouped(BigDecimal value, int decimals) {
    DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals), DecimalFormatSymbols.getInstance(Locale.ROOT));
    return format.format(value);
  }
}
