package dev.kpi.runtime.query;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.Fingerprints;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.warehouse.ReadQuery;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.render.QuerySql;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides where a query's answer comes from. A mart answers it when it holds the query's
 * metrics at its grain, with exactly its dimensions, density and filter ({@link QuerySql#holds}),
 * and the row of every period of the range is current by the ledger ({@link MartFreshness}): its
 * rows are the answer, already computed. Otherwise the query is compiled from the warehouse
 * tables, as the build of the mart it would be; then every date its facts must hold and do not
 * (not built, or built by an older definition) is a warning with the command that builds it. On
 * either route, periods past the facts' last built date say so (a partial period, zeros after).
 */
public final class QueryRouter {
  private final Catalog catalog;
  private final SqlDialect dialect;
  private final Fingerprints fingerprints;
  private final Map<String, Map<LocalDate, BuiltDate>> ledger;
  private final CommandHint hint;

  public QueryRouter(Catalog catalog, SqlDialect dialect, Fingerprints fingerprints, Map<String, Map<LocalDate, BuiltDate>> ledger, CommandHint hint) {
    this.catalog = catalog;
    this.dialect = dialect;
    this.fingerprints = fingerprints;
    this.ledger = ledger;
    this.hint = hint;
  }

  /**
   * @param compile compile from the warehouse tables even when a mart holds the answer (to check
   *     the mart against its definitions)
   */
  public QueryRoute route(SavedQuery query, LocalDate from, LocalDate to, List<QuerySql.Order> order, OptionalInt limit, boolean compile) {
    QuerySql sql = new QuerySql(catalog, dialect);
    if (compile) {
      return new QueryRoute(read(query, sql.compiled(query, order, limit), from, to), Optional.empty(), "--compile asks for it", compiledWarnings(query, from, to));
    }
    MartFreshness freshness = new MartFreshness(catalog, fingerprints, ledger);
    Grain grain = query.grain();
    List<String> notes = new ArrayList<>();
    for (Mart mart : catalog.marts()) {
      if (!QuerySql.holds(mart, query)) {
        continue;
      }
      List<String> notCurrent = new ArrayList<>();
      for (LocalDate period = grain.periodStart(from); !period.isAfter(to); period = grain.next(period)) {
        MartFreshness.State state = freshness.of(mart, period);
        if (state != MartFreshness.State.CURRENT) {
          notCurrent.add(period + " " + state.label());
        }
      }
      if (notCurrent.isEmpty()) {
        String reason =
            "mart " + mart.name() + " holds " + String.join(", ", query.metrics()) + " per " + grain(query) + dimensions(query)
                + ", and its rows of " + grain.periodStart(from) + ".." + grain.periodEnd(to) + " are current by the ledger";
        return new QueryRoute(read(query, sql.fromMart(mart, query, order, limit), from, to), Optional.of(mart.name()), reason, pastTheFacts(query, from, to, false));
      }
      notes.add("mart " + mart.name() + " holds them, but not as current: " + summary(notCurrent));
    }
    String reason =
        notes.isEmpty()
            ? "no mart holds " + String.join(", ", query.metrics()) + " per " + grain(query) + dimensions(query)
                + (query.dense() ? " (dense)" : "") + (query.filter().isPresent() ? " with this filter" : "")
            : String.join("; ", notes);
    return new QueryRoute(read(query, sql.compiled(query, order, limit), from, to), Optional.empty(), reason, compiledWarnings(query, from, to));
  }

  /** "2026-11-02 not built, 2026-11-09 stale" (the first five, and how many more). */
  private static String summary(List<String> periods) {
    return String.join(", ", periods.subList(0, Math.min(5, periods.size()))) + (periods.size() > 5 ? " and " + (periods.size() - 5) + " more" : "");
  }

  /**
   * The dates of the facts the compiled query reads that are not built by their current
   * definitions: those of its periods (and, for a rolling metric, the days before), up to the
   * last date built; then whether its last period runs past that date.
   */
  private List<String> compiledWarnings(SavedQuery query, LocalDate from, LocalDate to) {
    Grain grain = query.grain();
    int history = history(query);
    MartFreshness freshness = new MartFreshness(catalog, fingerprints, ledger);
    List<String> warnings = new ArrayList<>();
    for (String fact : freshness.facts(query.metrics())) {
      TableRef table = TableRef.of(Layer.WAREHOUSE, fact);
      LocalDate first = grain.periodStart(from).minusDays(history);
      LocalDate last = grain.periodEnd(to);
      Optional<LocalDate> lastBuilt = freshness.lastBuilt(table);
      if (lastBuilt.isEmpty()) {
        warnings.add(table + " holds no dates yet: the answer counts nothing; build them with: " + hint.kpi("backfill --from " + first + " --to " + last));
        continue;
      }
      LocalDate end = last.isAfter(lastBuilt.get()) ? lastBuilt.get() : last;
      if (!end.isBefore(first)) {
        SortedSet<LocalDate> notCurrent = notCurrent(table, DateWindow.of(first, end).dates());
        if (!notCurrent.isEmpty()) {
          warnings.add(
              table + " does not hold " + ranges(notCurrent) + " by the current definitions: the answer may miss or miscount their rows; build them with: "
                  + hint.kpi("backfill --from " + notCurrent.first() + " --to " + notCurrent.last()));
        }
      } else {
        warnings.add(table + " is built up to " + lastBuilt.get() + ", before the answer's first date " + first + ": the answer counts nothing; build them with: "
            + hint.kpi("backfill --from " + first + " --to " + last));
        continue;
      }
    }
    warnings.addAll(pastTheFacts(query, from, to, true));
    return warnings;
  }

  private List<String> pastTheFacts(SavedQuery query, LocalDate from, LocalDate to, boolean zeros) {
    return new MartFreshness(catalog, fingerprints, ledger).pastTheFacts(query.metrics(), query.grain(), from, to, zeros);
  }

  private int history(SavedQuery query) {
    int history = 0;
    for (Metric metric : catalog.graph().closure(query.metrics())) {
      if (metric instanceof Metric.Rolling rolling) {
        history = Math.max(history, rolling.days() - 1);
      }
    }
    return history;
  }

  private SortedSet<LocalDate> notCurrent(TableRef table, List<LocalDate> dates) {
    String fingerprint = fingerprints.of(table);
    Map<LocalDate, BuiltDate> built = ledger.getOrDefault(table.toString(), Map.of());
    SortedSet<LocalDate> out = new TreeSet<>();
    for (LocalDate date : dates) {
      BuiltDate entry = built.get(date);
      if (entry == null || !fingerprint.equals(entry.fingerprint())) {
        out.add(date);
      }
    }
    return out;
  }

  private ReadQuery read(SavedQuery query, String sql, LocalDate from, LocalDate to) {
    return new ReadQuery("query_" + query.name(), sql, new QuerySql(catalog, dialect).columns(query), from, to);
  }

  /** "2026-11-01..2026-11-03, 2026-11-07". */
  static String ranges(SortedSet<LocalDate> dates) {
    return String.join(", ", DateWindow.covering(dates).stream().map(DateWindow::toString).toList());
  }

  private static String grain(SavedQuery query) {
    return query.grain().name().toLowerCase(Locale.ROOT);
  }

  private static String dimensions(SavedQuery query) {
    return query.dimensions().isEmpty() ? "" : " by " + String.join(", ", query.dimensions());
  }
}
