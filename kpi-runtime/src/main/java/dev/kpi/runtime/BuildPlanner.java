package dev.kpi.runtime;

import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.plan.StepKind;
import dev.kpi.sql.plan.TableRef;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which builds a daily run, a backfill or a stale backfill makes, from what a warehouse's ledger
 * says each table holds (date → fingerprint of the definition that built it). One place for
 * both engines, so the embedded warehouse and BigQuery skip, catch up and rebuild alike.
 */
public final class BuildPlanner {
  /**
   * One build: a table's statement, the dates it replaces (none: a table rebuilt whole) and the
   * fingerprint of the table's definition, which the ledger records for those dates.
   */
  public record Build(CompiledStatement step, DateWindow window, String fingerprint) {
    @Override
    public String toString() {
      return step.step().table() + (window == null ? "" : " " + window);
    }
  }

  /**
   * What the ledger says of each windowed table: the dates it holds, the stale ones (see {@link
   * #staleDates()}) and those behind a table they read (see {@link #behindDates()}).
   */
  public record Status(
      Map<String, SortedSet<LocalDate>> built, Map<String, SortedSet<LocalDate>> stale, Map<String, SortedSet<LocalDate>> behind) {}

  private final List<CompiledStatement> builds;
  private final Fingerprints fingerprints;
  private final Function<String, Map<LocalDate, BuiltDate>> ledger;

  /**
   * @param statements the compiled plan (its build steps are taken, in dependency order)
   * @param ledger for a table ("mart.kpi_daily"), what the ledger recorded for each built date
   */
  public BuildPlanner(List<CompiledStatement> statements, Fingerprints fingerprints, Function<String, Map<LocalDate, BuiltDate>> ledger) {
    this.builds = statements.stream().filter(s -> s.step().kind() == StepKind.BUILD).collect(Collectors.toList());
    this.fingerprints = fingerprints;
    this.ledger = ledger;
  }

  /** The fingerprint each date of the table was built by. */
  private Map<LocalDate, String> builtDates(String table) {
    Map<LocalDate, String> out = new java.util.TreeMap<>();
    ledger.apply(table).forEach((date, built) -> out.put(date, built.fingerprint()));
    return out;
  }

  /**
   * The daily job: each table for the run date and its lookback window, after the dates of its
   * history (see {@link dev.kpi.sql.plan.PlanStep#historyDays()}) that are not built yet — so a
   * first run on an empty warehouse gives complete 28-day numbers and week-on-week comparisons.
   */
  public List<Build> daily(LocalDate date) {
    List<Build> out = new ArrayList<>();
    for (CompiledStatement step : builds) {
      if (!step.step().isWindowed()) {
        out.add(build(step, null));
        continue;
      }
      DateWindow window = DateWindow.endingOn(date, step.step().lookbackDays());
      missingHistory(step, window.start()).forEach(w -> out.add(build(step, w)));
      out.add(build(step, window));
    }
    return out;
  }

  /**
   * Every table for every date of the window, one set-based build per table and stretch of
   * dates. Without {@code force}, dates already built by the current definition are skipped,
   * so an interrupted backfill resumes where it stopped.
   */
  public List<Build> backfill(DateWindow window, boolean force) {
    List<Build> out = new ArrayList<>();
    for (CompiledStatement step : builds) {
      if (!step.step().isWindowed()) {
        out.add(build(step, null));
        continue;
      }
      String fingerprint = fingerprints.of(step.step().table());
      Map<LocalDate, String> built = builtDates(step.step().table().toString());
      SortedSet<LocalDate> todo = new TreeSet<>();
      for (LocalDate date : window.dates()) {
        if (force || !fingerprint.equals(built.get(date))) {
          todo.add(date);
        }
      }
      missingHistory(step, window.start()).forEach(w -> out.add(build(step, w)));
      DateWindow.covering(todo).forEach(w -> out.add(build(step, w)));
    }
    return out;
  }

  /**
   * Exactly the dates built by an older definition of their table (see {@link #staleDates()}),
   * with the dimensions they read rebuilt first; nothing at all when nothing is stale.
   */
  public List<Build> stale() {
    List<Build> out = new ArrayList<>();
    Map<String, SortedSet<LocalDate>> stale = staleDates();
    if (stale.values().stream().allMatch(SortedSet::isEmpty)) {
      return out;
    }
    for (CompiledStatement step : builds) {
      if (!step.step().isWindowed()) {
        out.add(build(step, null));
      } else {
        SortedSet<LocalDate> dates = stale.getOrDefault(step.step().table().toString(), new TreeSet<>());
        DateWindow.covering(dates).forEach(w -> out.add(build(step, w)));
      }
    }
    return out;
  }

  /**
   * Per windowed table, the dates to rebuild: those it holds that were built by another
   * definition than today's (a changed metric, a changed table it reads, a table recreated
   * empty), and, upstream of those, the dates their rebuild reads that the tables it reads do
   * not hold by their current definitions — rebuilt first, or the rebuild would count nothing
   * (a mart's old dates rebuilt from a fact recreated empty would be zeros over good history).
   */
  public Map<String, SortedSet<LocalDate>> staleDates() {
    Map<String, SortedSet<LocalDate>> out = new LinkedHashMap<>();
    Map<TableRef, CompiledStatement> windowed = new LinkedHashMap<>();
    for (CompiledStatement step : builds) {
      if (!step.step().isWindowed()) {
        continue;
      }
      windowed.put(step.step().table(), step);
      String table = step.step().table().toString();
      String fingerprint = fingerprints.of(step.step().table());
      out.put(
          table,
          builtDates(table).entrySet().stream()
              .filter(e -> !e.getValue().equals(fingerprint))
              .map(Map.Entry::getKey)
              .collect(Collectors.toCollection(TreeSet::new)));
    }
    List<CompiledStatement> downstreamFirst = new ArrayList<>(windowed.values());
    java.util.Collections.reverse(downstreamFirst);
    for (CompiledStatement step : downstreamFirst) {
      SortedSet<LocalDate> dates = out.get(step.step().table().toString());
      for (TableRef read : step.step().reads()) {
        if (!windowed.containsKey(read) || dates.isEmpty()) {
          continue;
        }
        String fingerprint = fingerprints.of(read);
        Map<LocalDate, String> built = builtDates(read.toString());
        SortedSet<LocalDate> upstream = out.get(read.toString());
        for (LocalDate date : dates) {
          if (!fingerprint.equals(built.get(date))) {
            upstream.add(date);
          }
        }
      }
    }
    return out;
  }

  /**
   * Per windowed table, the dates it holds that were built before a table it reads rebuilt the
   * same date: a run that failed after rebuilding the fact left the marts' numbers of the old
   * rows. Empty sets where none is behind.
   */
  public Map<String, SortedSet<LocalDate>> behindDates() {
    Map<String, SortedSet<LocalDate>> out = new LinkedHashMap<>();
    for (CompiledStatement step : builds) {
      if (!step.step().isWindowed()) {
        continue;
      }
      Map<LocalDate, BuiltDate> own = ledger.apply(step.step().table().toString());
      String fingerprint = fingerprints.of(step.step().table());
      SortedSet<LocalDate> behind = new TreeSet<>();
      for (TableRef read : step.step().reads()) {
        Map<LocalDate, BuiltDate> upstream = ledger.apply(read.toString());
        own.forEach(
            (date, built) -> {
              BuiltDate source = upstream.get(date);
              // A stale date is rebuilt by backfill --stale anyway; listed as stale, not behind.
              boolean current = fingerprint.equals(built.fingerprint());
              if (current && source != null && built.builtAt() != null && source.builtAt() != null && source.builtAt().isAfter(built.builtAt())) {
                behind.add(date);
              }
            });
      }
      out.put(step.step().table().toString(), behind);
    }
    return out;
  }

  public Status status() {
    return new Status(builtDates(), staleDates(), behindDates());
  }

  /** Every date each windowed table holds. */
  public Map<String, SortedSet<LocalDate>> builtDates() {
    Map<String, SortedSet<LocalDate>> out = new LinkedHashMap<>();
    for (CompiledStatement step : builds) {
      if (step.step().isWindowed()) {
        String table = step.step().table().toString();
        out.put(table, new TreeSet<>(builtDates(table).keySet()));
      }
    }
    return out;
  }

  private Build build(CompiledStatement step, DateWindow window) {
    return new Build(step, window, fingerprints.of(step.step().table()));
  }

  /** The dates of a step's history before {@code start} that are not built by its current definition. */
  private List<DateWindow> missingHistory(CompiledStatement step, LocalDate start) {
    int history = step.step().historyDays();
    if (history == 0) {
      return List.of();
    }
    String fingerprint = fingerprints.of(step.step().table());
    Map<LocalDate, String> built = builtDates(step.step().table().toString());
    SortedSet<LocalDate> missing = new TreeSet<>();
    for (LocalDate d = start.minusDays(history); d.isBefore(start); d = d.plusDays(1)) {
      if (!fingerprint.equals(built.get(d))) {
        missing.add(d);
      }
    }
    return DateWindow.covering(missing);
  }
}
