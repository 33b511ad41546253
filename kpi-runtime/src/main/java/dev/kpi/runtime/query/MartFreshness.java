package dev.kpi.runtime.query;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import dev.kpi.runtime.Fingerprints;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a mart's row of a period is what its definitions give today, from the ledger. A build
 * rewrites whole periods, so a row is as the period's last build wrote it: current when that
 * build ran the mart's current definition and every fact date the row reads (the period's, and
 * a rolling metric's days before it) was built by its fact's current definition before it.
 * A fact date rebuilt after it (a run that failed between the fact and the mart) leaves the row
 * behind its facts.
 */
public final class MartFreshness {
  /** How a period's row stands. */
  public enum State {
    CURRENT("current"),
    STALE("stale"),
    BEHIND("behind its facts"),
    NOT_BUILT("not built");

    private final String label;

    State(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Catalog catalog;
  private final Fingerprints fingerprints;
  private final Map<String, Map<LocalDate, BuiltDate>> ledger;

  public MartFreshness(Catalog catalog, Fingerprints fingerprints, Map<String, Map<LocalDate, BuiltDate>> ledger) {
    this.catalog = catalog;
    this.fingerprints = fingerprints;
    this.ledger = ledger;
  }

  public State of(Mart mart, LocalDate period) {
    Grain grain = mart.grain();
    Optional<BuiltDate> last = lastBuild(entries(TableRef.of(Layer.MART, mart.name())), period, grain);
    if (last.isEmpty()) {
      return State.NOT_BUILT;
    }
    if (!last.get().fingerprint().equals(fingerprints.of(TableRef.of(Layer.MART, mart.name())))) {
      return State.STALE;
    }
    int history = 0;
    for (Metric metric : catalog.graph().closure(mart.metrics())) {
      if (metric instanceof Metric.Rolling rolling) {
        history = Math.max(history, rolling.days() - 1);
      }
    }
    Set<String> facts = new LinkedHashSet<>();
    catalog.graph().simpleInputs(mart.metrics()).forEach(m -> facts.add(m.fact()));
    for (String fact : facts) {
      TableRef table = TableRef.of(Layer.WAREHOUSE, fact);
      String current = fingerprints.of(table);
      Map<LocalDate, BuiltDate> built = entries(table);
      for (LocalDate date = period.minusDays(history); !date.isAfter(grain.periodEnd(period)); date = date.plusDays(1)) {
        BuiltDate entry = built.get(date);
        if (entry == null) {
          continue;
        }
        boolean rebuiltAfter = entry.builtAt() != null && last.get().builtAt() != null && entry.builtAt().isAfter(last.get().builtAt());
        if (rebuiltAfter || !entry.fingerprint().equals(current)) {
          return State.BEHIND;
        }
      }
    }
    return State.CURRENT;
  }

  /**
   * For a week or month: when the period holding {@code to} runs past the last date its facts
   * are built to, it holds the business dates up to that date only; the warning says so.
   */
  public java.util.List<String> partialLastPeriod(java.util.List<String> metrics, Grain grain, LocalDate to) {
    if (grain == Grain.DAY) {
      return java.util.List.of();
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    LocalDate period = grain.periodStart(to);
    Set<String> facts = new LinkedHashSet<>();
    catalog.graph().simpleInputs(metrics).forEach(m -> facts.add(m.fact()));
    for (String fact : facts) {
      TableRef table = TableRef.of(Layer.WAREHOUSE, fact);
      entries(table).keySet().stream()
          .max(LocalDate::compareTo)
          .filter(built -> !built.isBefore(period) && built.isBefore(grain.periodEnd(period)))
          .ifPresent(built -> out.add("the " + grain.name().toLowerCase(java.util.Locale.ROOT) + " of " + period + " holds the business dates up to " + built + " only (" + table + " is built up to it)"));
    }
    return out;
  }

  private Map<LocalDate, BuiltDate> entries(TableRef table) {
    return ledger.getOrDefault(table.toString(), Map.of());
  }

  /** The latest ledger entry of the period's dates: the build that last wrote its row. */
  static Optional<BuiltDate> lastBuild(Map<LocalDate, BuiltDate> built, LocalDate period, Grain grain) {
    Optional<BuiltDate> last = Optional.empty();
    for (LocalDate date = period; !date.isAfter(grain.periodEnd(period)); date = date.plusDays(1)) {
      BuiltDate entry = built.get(date);
      if (entry != null && (last.isEmpty() || (entry.builtAt() != null && last.get().builtAt() != null && !entry.builtAt().isBefore(last.get().builtAt())))) {
        last = Optional.of(entry);
      }
    }
    return last;
  }
}
