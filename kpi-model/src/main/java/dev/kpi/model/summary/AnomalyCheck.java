package dev.kpi.model.summary;

import dev.kpi.model.KpiStyle;
import java.math.BigDecimal;
import org.immutables.value.Value;

/**
 * "Is today's value unusual?" for a headline KPI: the value against the same weekday of the
 * previous weeks, which carry the week's own rhythm (a Saturday against Saturdays). Robust to the
 * odd holiday among them: the baseline is their median, the spread their median absolute
 * deviation (MAD, scaled to a standard deviation), so one outlier neither moves the baseline nor
 * hides a real drop. A value is flagged when it lies at least {@link #threshold()} spreads from
 * the median, in a {@link #direction()} that matters, and differs from the median by at least
 * {@link #minChange()} (a fraction), so that a quiet series' tiny wobble is not news.
 */
@Value.Immutable
@KpiStyle
public interface AnomalyCheck {
  /** Which way of moving matters: a drop in GMV, a rise in cancellations, or either. */
  enum Direction {
    DROP,
    RISE,
    EITHER
  }

  /** A headline metric of the summary. */
  String metric();

  @Value.Default
  default Direction direction() {
    return Direction.EITHER;
  }

  /** How many previous same weekdays make the baseline (at least 3 of them must be built). */
  @Value.Default
  default int weeks() {
    return 8;
  }

  /** How many scaled MADs from the median is unusual. */
  @Value.Default
  default BigDecimal threshold() {
    return new BigDecimal("3.5");
  }

  /** The smallest change from the median, as a fraction (0.1 = 10 %), that is flagged. */
  @Value.Default
  default BigDecimal minChange() {
    return new BigDecimal("0.1");
  }

  static ImmutableAnomalyCheck.Builder builder() {
    return ImmutableAnomalyCheck.builder();
  }

  /** A drop of {@code metric} of at least {@code minChange} (0.2 = 20 %) against the last {@link #weeks()} same weekdays. */
  static AnomalyCheck drop(String metric, String minChange) {
    return builder().metric(metric).direction(Direction.DROP).minChange(new BigDecimal(minChange)).build();
  }
}
