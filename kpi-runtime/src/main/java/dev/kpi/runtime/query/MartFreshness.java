package dev.kpi.runtime.query;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.runtime.Fingerprints;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a mart's row of a period is what its definitions give today, from the ledger. A build
 * rewrites whole periods, so a row is as the period's last build wrote it: current when that
 * build ran the mart's current definition and every fact date of the period (up to the facts'
 * last built date) was built by its fact's current definition, before it. A fact date rebuilt
 * after it (a run that failed between the fact and the mart) leaves the row behind its facts,
 * as {@link dev.kpi.runtime.BuildPlanner#behindDates} has it for a date; a fact date the ledger
 * lacks leaves it without those rows. (Dimension tables are rebuilt whole by every run and have
 * no dates in the ledger.)
 */
public final class MartFreshness {
  /** How a period's row stands. */
  public enum State {
    CURRENT("current"),
    STALE("stale"),
    BEHIND("behind its facts"),
    FACTS_MISSING("its facts lack dates"),
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
    for (String fact : facts(mart.metrics())) {
      TableRef table = TableRef.of(Layer.WAREHOUSE, fact);
      String current = fingerprints.of(table);
      Map<LocalDate, BuiltDate> built = entries(table);
      Optional<LocalDate> lastBuilt = lastBuilt(table);
      for (LocalDate date = period; !date.isAfter(grain.periodEnd(period)); date = date.plusDays(1)) {
        BuiltDate entry = built.get(date);
        if (entry == null) {
          if (lastBuilt.isPresent() && !date.isAfter(lastBuilt.get())) {
            return State.FACTS_MISSING;
          }
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
   * Where the answer's periods run past the last date the facts are built to: the period holding
   * that date holds the business dates up to it only, and (in a compiled answer, {@code zeros})
   * later periods show 0, not their numbers.
   */
  public List<String> pastTheFacts(List<String> metrics, Grain grain, LocalDate from, LocalDate to, boolean zeros) {
    List<String> out = new ArrayList<>();
    for (String fact : facts(metrics)) {
      TableRef table = TableRef.of(Layer.WAREHOUSE, fact);
      Optional<LocalDate> last = lastBuilt(table);
      if (last.isEmpty() || !last.get().isBefore(grain.periodEnd(to))) {
        continue;
      }
      LocalDate built = last.get();
      String unit = grain.name().toLowerCase(Locale.ROOT);
      if (grain != Grain.DAY && !grain.periodStart(built).isBefore(grain.periodStart(from)) && built.isBefore(grain.periodEnd(built))) {
        out.add("the " + unit + " of " + grain.periodStart(built) + " holds the business dates up to " + built + " only (" + table + " is built up to it)");
      }
      if (zeros && built.isBefore(grain.periodStart(to))) {
        out.add(table + " is built up to " + built + ": the " + (grain == Grain.DAY ? "dates" : unit + "s") + " after it show 0, not their numbers");
      }
    }
    return out;
  }

  /** The last date the ledger has of a table, if any. */
  Optional<LocalDate> lastBuilt(TableRef table) {
    return entries(table).keySet().stream().max(LocalDate::compareTo);
  }

  /** The facts the metrics are counted from. */
  Set<String> facts(List<String> metrics) {
    Set<String> facts = new LinkedHashSet<>();
    catalog.graph().simpleInputs(metrics).forEach(m -> facts.add(m.fact()));
    return facts;
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
