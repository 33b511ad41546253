package dev.kpi.model.summary;

import dev.kpi.model.KpiStyle;
import java.util.List;
import org.immutables.value.Value;

/** The top N values of a dimension by a metric, e.g. the 5 item types that sold most. */
@Value.Immutable
@KpiStyle
public interface Breakdown {
  /** A daily mart with the dimension. */
  String mart();

  String dimension();

  /** The metric the values are ranked by (descending). */
  String rankBy();

  /** Further metrics shown beside it. */
  List<String> alsoShow();

  /** How many values to show. */
  @Value.Default
  default int top() {
    return 5;
  }

  static ImmutableBreakdown.Builder builder() {
    return ImmutableBreakdown.builder();
  }
}
