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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides where a query's answer comes from. A mart answers it when it holds the query's
 * metrics at its grain, with exactly its dimensions and density and no filter, and the ledger
 * says every date of the range is built by the mart's current definition: its rows are the
 * answer, already computed. Otherwise the query is compiled from the warehouse tables, as the
 * build of the mart it would be; then every date its facts must hold and do not (not built, or
 * built by an older definition) is a warning with the command that builds it.
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

  public QueryRoute route(SavedQuery query, LocalDate from, LocalDate to, List<QuerySql.Order> order, OptionalInt limit) {
    return route(query, from, to, order, limit, false);
  }

  /** With {@code compile}, always compiled from the warehouse tables (to check a mart against its definitions). */
  public QueryRoute route(SavedQuery query, LocalDate from, LocalDate to, List<QuerySql.Order> order, OptionalInt limit, boolean compile) {
    QuerySql sql = new QuerySql(catalog, dialect);
    if (compile) {
      return new QueryRoute(read(query, sql.compiled(query, order, limit), from, to), Optional.empty(), "--compile asks for it", factWarnings(query, from, to));
    }
    List<String> notes = new ArrayList<>();
    for (Mart mart : catalog.marts()) {
      if (!holds(mart, query)) {
        continue;
      }
      SortedSet<LocalDate> notCurrent = notCurrent(TableRef.of(Layer.MART, mart.name()), dates(from, to));
      if (notCurrent.isEmpty()) {
        String reason =
            "mart " + mart.name() + " holds " + String.join(", ", query.metrics()) + " per " + grain(query)
                + dimensions(query) + ", and its dates " + from + ".." + to + " are built by the current definitions";
        return new QueryRoute(read(query, sql.fromMart(mart, query, order, limit), from, to), Optional.of(mart.name()), reason, List.of());
      }
      notes.add("mart " + mart.name() + " holds them, but " + ranges(notCurrent) + " of it " + (notCurrent.size() == 1 ? "is" : "are") + " not built by the current definitions");
    }
    String reason =
        notes.isEmpty()
            ? "no mart holds " + String.join(", ", query.metrics()) + " per " + grain(query) + dimensions(query)
                + (query.dense() ? " (dense)" : "") + (query.filter().isPresent() ? " with this filter" : "")
            : String.join("; ", notes);
    return new QueryRoute(read(query, sql.compiled(query, order, limit), from, to), Optional.empty(), reason, factWarnings(query, from, to));
  }

  /** Whether the mart's rows are the query's answer (its other metrics are left out). */
  private static boolean holds(Mart mart, SavedQuery query) {
    return mart.grain() == query.grain()
        && mart.dimensions().equals(query.dimensions())
        && (query.dimensions().isEmpty() || mart.dense() == query.dense())
        && mart.filter().equals(query.filter())
        && mart.metrics().containsAll(query.metrics());
  }

  /**
   * The dates of the facts the compiled query reads that are not built by their current
   * definitions: those of its periods (and, for a rolling metric, the days before), up to the
   * last date built.
   */
  private List<String> factWarnings(SavedQuery query, LocalDate from, LocalDate to) {
    Grain grain = query.grain();
    int history = 0;
    Set<String> facts = new LinkedHashSet<>();
    for (Metric metric : catalog.graph().closure(query.metrics())) {
      if (metric instanceof Metric.Rolling rolling) {
        history = Math.max(history, rolling.days() - 1);
      }
    }
    catalog.graph().simpleInputs(query.metrics()).forEach(m -> facts.add(m.fact()));
    List<String> warnings = new ArrayList<>();
    for (String fact : facts) {
      TableRef table = TableRef.of(Layer.WAREHOUSE, fact);
      LocalDate first = grain.periodStart(from).minusDays(history);
      LocalDate last = grain.periodEnd(to);
      Optional<LocalDate> lastBuilt = ledger.getOrDefault(table.toString(), Map.of()).keySet().stream().max(LocalDate::compareTo);
      if (lastBuilt.isEmpty()) {
        warnings.add(table + " holds no dates yet: the answer counts nothing; build them with: " + hint.kpi("backfill --from " + first + " --to " + to));
        continue;
      }
      LocalDate end = last.isAfter(lastBuilt.get()) ? lastBuilt.get() : last;
      SortedSet<LocalDate> notCurrent = notCurrent(table, DateWindow.of(first, end.isBefore(first) ? first : end).dates());
      if (!notCurrent.isEmpty()) {
        warnings.add(
            table + " does not hold " + ranges(notCurrent) + " by the current definitions: the answer may miss or miscount their rows; build them with: "
                + hint.kpi("backfill --from " + notCurrent.first() + " --to " + notCurrent.last()));
      }
      if (last.isAfter(lastBuilt.get()) && !to.isBefore(lastBuilt.get().plusDays(1))) {
        warnings.add(table + " is built up to " + lastBuilt.get() + ": the answer has no rows of the dates after it");
      }
    }
    return warnings;
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

  private static List<LocalDate> dates(LocalDate from, LocalDate to) {
    return DateWindow.of(from, to).dates();
  }

  private ReadQuery read(SavedQuery query, String sql, LocalDate from, LocalDate to) {
    return new ReadQuery("query_" + query.name(), sql, new QuerySql(catalog, dialect).columns(query), from, to);
  }

  /** "2026-11-01..2026-11-03, 2026-11-07". */
  static String ranges(SortedSet<LocalDate> dates) {
    return String.join(", ", DateWindow.covering(dates).stream().map(DateWindow::toString).toList());
  }

  private static String grain(SavedQuery query) {
    return query.grain().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String dimensions(SavedQuery query) {
    return query.dimensions().isEmpty() ? "" : " by " + String.join(", ", query.dimensions());
  }
}
