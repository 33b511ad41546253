package dev.kpi.model.summary;

import dev.kpi.model.Documented;
import dev.kpi.model.KpiStyle;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The morning message: which KPIs of which mart, in which order, compared with which periods,
 * the breakdown, the header, the mention, free text and the dashboard link. Reviewed like the
 * KPIs; rendered by kpi-slack.
 */
@Value.Immutable
@KpiStyle
public interface Summary extends Documented {
  /** {@code {date}} in the header is replaced by the business date. */
  String DATE_PLACEHOLDER = "{date}";

  String name();

  /** A daily mart without dimensions holding the headline metrics. */
  String mart();

  /** The headline KPIs, in the order they are shown. */
  List<String> headline();

  Optional<Breakdown> breakdown();

  /** The header, e.g. "Daily KPIs {date}". */
  String header();

  @Value.Default
  default Mention mention() {
    return Mention.none();
  }

  /** Free text under the header (Slack mrkdwn). */
  Optional<String> body();

  /** The dashboard the button opens (https). */
  Optional<String> dashboardUrl();

  /** The periods each headline KPI is compared with, in order. */
  List<Comparison> comparisons();

  /** The headline KPIs whose unusual values are flagged, and how (kpi show, the message). */
  List<AnomalyCheck> anomalyChecks();

  static Builder builder() {
    return new Builder();
  }

  class Builder extends ImmutableSummary.Builder {}
}
