package dev.kpi.runtime.query;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.Fingerprints;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.warehouse.Answer;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.warehouse.ReadQuery;
import dev.kpi.runtime.warehouse.Warehouse;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.render.QuerySql;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A mart's rows for a range of dates ({@code kpi show --mart}), as built, each with its status
 * from the ledger ({@link MartFreshness}): "current", "stale" (an older definition), "behind its
 * facts" (a fact date rebuilt after it) or "its facts lack dates"; the dates of periods no build
 * wrote, and the periods not current, are warnings with the command that builds them.
 */
public final class MartReport {
  /** The column each row's status is in. */
  public static final String STATUS = "status";

  private final Catalog catalog;
  private final Warehouse warehouse;
  private final Fingerprints fingerprints;
  private final CommandHint hint;

  public MartReport(Catalog catalog, Warehouse warehouse, Fingerprints fingerprints, CommandHint hint) {
    this.catalog = catalog;
    this.warehouse = warehouse;
    this.fingerprints = fingerprints;
    this.hint = hint;
  }

  /** The question "the mart's columns", which the writers print as they print a query's answer. */
  public static SavedQuery query(Mart mart) {
    return SavedQuery.builder()
        .name(mart.name())
        .grain(mart.grain())
        .addAllMetrics(mart.metrics())
        .addAllDimensions(mart.dimensions())
        .dense(mart.dense())
        .filter(mart.filter())
        .build();
  }

  public record Report(QueryRoute route, Answer answer) {}

  public Report read(Mart mart, LocalDate from, LocalDate to) {
    Map<String, Map<LocalDate, BuiltDate>> ledger = warehouse.builtDates();
    Map<LocalDate, BuiltDate> built = ledger.getOrDefault(TableRef.of(Layer.MART, mart.name()).toString(), Map.of());
    String fingerprint = fingerprints.of(TableRef.of(Layer.MART, mart.name()));
    MartFreshness freshness = new MartFreshness(catalog, fingerprints, ledger);
    if (built.isEmpty()) {
      throw new KpiException("mart " + mart.name() + " has no built dates yet; build them first with: " + hint.kpi("backfill --from " + from + " --to " + to));
    }
    SavedQuery query = query(mart);
    QuerySql sql = new QuerySql(catalog, warehouse.dialect());
    ReadQuery read = new ReadQuery("show_" + mart.name(), sql.fromMart(mart, query, List.of(), OptionalInt.empty()), sql.columns(query), from, to);
    Answer answer;
    try {
      answer = warehouse.read(read);
    } catch (KpiException e) {
      boolean olderDefinition = built.values().stream().anyMatch(b -> !b.fingerprint().equals(fingerprint));
      if (!olderDefinition) {
        throw e;
      }
      // The table may lack a column the definitions added since: the next build adds it.
      throw new KpiException(
          e.getMessage() + "; mart " + mart.name() + " was built by an older definition, whose table may lack a column added since: rebuild it with "
              + hint.kpi("backfill --stale") + " (or the next kpi run), which aligns the table", e);
    }

    Grain grain = mart.grain();
    List<ColumnDdl> columns = new ArrayList<>(answer.columns());
    columns.add(new ColumnDdl(STATUS, LogicalType.STRING, true, "which definition last built the row's period"));
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> row : answer.rows()) {
      List<Object> withStatus = new ArrayList<>(row);
      withStatus.add(freshness.of(mart, (LocalDate) row.get(0)).label());
      rows.add(withStatus);
    }
    List<String> warnings = new ArrayList<>();
    SortedSet<LocalDate> unbuilt = new TreeSet<>();
    SortedSet<LocalDate> stale = new TreeSet<>();
    SortedSet<LocalDate> behind = new TreeSet<>();
    SortedSet<LocalDate> incomplete = new TreeSet<>();
    for (LocalDate period = grain.periodStart(from); !period.isAfter(to); period = grain.next(period)) {
      LocalDate end = grain.periodEnd(period).isAfter(to) ? to : grain.periodEnd(period);
      switch (freshness.of(mart, period)) {
        case NOT_BUILT:
          unbuilt.addAll(DateWindow.of(period.isBefore(from) ? from : period, end).dates());
          break;
        case STALE:
          stale.add(period);
          break;
        case BEHIND:
          behind.add(period);
          break;
        case FACTS_MISSING:
          incomplete.add(period);
          break;
        default:
          break;
      }
    }
    String periods = grain == Grain.DAY ? "" : " (" + grain.name().toLowerCase(java.util.Locale.ROOT) + "s starting on)";
    if (!unbuilt.isEmpty()) {
      warnings.add(QueryRouter.ranges(unbuilt) + (unbuilt.size() == 1 ? " is" : " are") + " not built in mart " + mart.name()
          + (unbuilt.size() == 1 ? ": no row shows it" : ": no row shows them") + "; build with: " + hint.kpi("backfill --from " + unbuilt.first() + " --to " + unbuilt.last()));
    }
    if (!stale.isEmpty()) {
      warnings.add(QueryRouter.ranges(stale) + periods + (stale.size() == 1 ? " was" : " were") + " last built by an older definition of mart " + mart.name()
          + "; rebuild with: " + hint.kpi("backfill --stale"));
    }
    if (!behind.isEmpty()) {
      warnings.add(QueryRouter.ranges(behind) + periods + (behind.size() == 1 ? " was" : " were") + " built before its facts were rebuilt (a run that stopped between them):"
          + " their numbers are of the facts' earlier rows; rebuild with: " + hint.kpi("backfill --from " + behind.first() + " --to " + grain.periodEnd(behind.last()) + " --force"));
    }
    if (!incomplete.isEmpty()) {
      warnings.add(QueryRouter.ranges(incomplete) + periods + (incomplete.size() == 1 ? " counts" : " count") + " facts that lack some of their dates (not in the ledger):"
          + " their numbers miss those rows; build them with: " + hint.kpi("backfill --from " + incomplete.first() + " --to " + grain.periodEnd(incomplete.last())));
    }
    warnings.addAll(freshness.pastTheFacts(mart.metrics(), grain, from, to, false));
    QueryRoute route = new QueryRoute(read, Optional.of(mart.name()), "kpi show --mart reads the mart as built", warnings);
    return new Report(route, new Answer(columns, rows));
  }
}
