package dev.kpi.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Summary statistics of repeated measurements (nanoseconds or milliseconds alike). */
final class Stats {
  final int count;
  final double min;
  final double median;
  final double p90;
  final double max;

  private Stats(int count, double min, double median, double p90, double max) {
    this.count = count;
    this.min = min;
    this.median = median;
    this.p90 = p90;
    this.max = max;
  }

  static Stats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no measurements");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return new Stats(sorted.size(), sorted.get(0), percentile(sorted, 50), percentile(sorted, 90), sorted.get(sorted.size() - 1));
  }

  /** Nearest-rank percentile of sorted values; the median of an even count is the mean of the middle two. */
  static double percentile(List<Double> sorted, int percent) {
    int n = sorted.size();
    if (percent == 50 && n % 2 == 0) {
      return (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
    int rank = (int) Math.ceil(percent / 100.0 * n);
    return sorted.get(Math.max(0, Math.min(n - 1, rank - 1)));
  }

  /** Milliseconds with a sensible number of digits: 0.412, 12.3, 1234. */
  static String ms(double millis) {
    if (millis < 1) {
      return String.format(Locale.ROOT, "%.3f", millis);
    }
    if (millis < 100) {
      return String.format(Locale.ROOT, "%.1f", millis);
    }
    return String.format(Locale.ROOT, "%.0f", millis);
  }

  /** Seconds with two decimals. */
  static String s(double millis) {
    return String.format(Locale.ROOT, "%.2f", millis / 1000);
  }

  static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f×", value);
  }

  static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }
}
