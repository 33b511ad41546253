package dev.kpi.runtime.query;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.DateWindow;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A mart's rows for a range of dates ({@code kpi show --mart}), as built, each with its status
 * from the ledger: empty when every date of its period (up to the range's end) is built by the
 * mart's current definition ("current"), "stale" when one was built by an older definition, "missing ..."
 * for dates not built; periods without a row and with dates not built are warnings.
 */
public final class MartReport {
  /** The column each row's status is in. */
  public static final String STATUS = "status";

  private final Catalog catalog;
  private final Warehouse warehouse;
  private final String fingerprint;
  private final CommandHint hint;

  public MartReport(Catalog catalog, Warehouse warehouse, String currentFingerprint, CommandHint hint) {
    this.catalog = catalog;
    this.warehouse = warehouse;
    this.fingerprint = currentFingerprint;
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
        .build();
  }

  public record Report(QueryRoute route, Answer answer) {}

  public Report read(Mart mart, LocalDate from, LocalDate to) {
    Map<LocalDate, BuiltDate> built = warehouse.builtDates().getOrDefault(TableRef.of(Layer.MART, mart.name()).toString(), Map.of());
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
    columns.add(new ColumnDdl(STATUS, LogicalType.STRING, true, "how the row's dates are built"));
    List<List<Object>> rows = new ArrayList<>();
    Set<LocalDate> periodsWithRows = new HashSet<>();
    for (List<Object> row : answer.rows()) {
      LocalDate period = (LocalDate) row.get(0);
      periodsWithRows.add(period);
      List<Object> withStatus = new ArrayList<>(row);
      withStatus.add(status(built, period, grain, to).orElseThrow());
      rows.add(withStatus);
    }
    List<String> warnings = new ArrayList<>();
    SortedSet<LocalDate> unbuilt = new TreeSet<>();
    SortedSet<LocalDate> stale = new TreeSet<>();
    for (LocalDate date : DateWindow.of(from, to).dates()) {
      BuiltDate entry = built.get(date);
      if (entry == null) {
        unbuilt.add(date);
      } else if (!entry.fingerprint().equals(fingerprint)) {
        stale.add(date);
      }
    }
    if (!unbuilt.isEmpty()) {
      warnings.add(QueryRouter.ranges(unbuilt) + (unbuilt.size() == 1 ? " is" : " are") + " not built in mart " + mart.name()
          + (periodsWithRows.isEmpty() ? "" : " (their rows are missing or partial)") + "; build with: " + hint.kpi("backfill --from " + unbuilt.first() + " --to " + unbuilt.last()));
    }
    if (!stale.isEmpty()) {
      warnings.add(QueryRouter.ranges(stale) + (stale.size() == 1 ? " was" : " were") + " built by an older definition of mart " + mart.name() + "; rebuild with: " + hint.kpi("backfill --stale"));
    }
    QueryRoute route = new QueryRoute(read, Optional.of(mart.name()), "kpi show --mart reads the mart as built", warnings);
    return new Report(route, new Answer(columns, rows));
  }

  /** "current", "stale", "missing 2026-11-23..2026-11-24", or both of the last. */
  private Optional<String> status(Map<LocalDate, BuiltDate> built, LocalDate period, Grain grain, LocalDate to) {
    LocalDate last = grain.periodEnd(period).isAfter(to) ? to : grain.periodEnd(period);
    SortedSet<LocalDate> missing = new TreeSet<>();
    boolean stale = false;
    for (LocalDate date = period; !date.isAfter(last); date = date.plusDays(1)) {
      BuiltDate entry = built.get(date);
      if (entry == null) {
        missing.add(date);
      } else if (!entry.fingerprint().equals(fingerprint)) {
        stale = true;
      }
    }
    List<String> parts = new ArrayList<>();
    if (stale) {
      parts.add("stale");
    }
    if (!missing.isEmpty()) {
      parts.add("missing " + QueryRouter.ranges(missing));
    }
    return Optional.of(parts.isEmpty() ? "current" : String.join(", ", parts));
  }
}
