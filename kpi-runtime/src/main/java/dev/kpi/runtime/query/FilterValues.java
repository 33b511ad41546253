package dev.kpi.runtime.query;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.Suggestion;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.Exprs;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.runtime.warehouse.ReadQuery;
import dev.kpi.runtime.warehouse.Warehouse;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.render.QuerySql;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A filter's text values the warehouse has none of ({@code item_type = 'T-Shirt'}): the answer
 * would count no rows for them and look like a quiet week, so each is a warning naming the
 * dimension, the value and the closest value the warehouse has (and one excluded by NOT or
 * {@code <>} excludes nothing). Only {@code =}, {@code <>} and {@code IN} of STRING dimensions are
 * checked; other comparisons may rightly match nothing.
 */
public final class FilterValues {
  private final Catalog catalog;
  private final Warehouse warehouse;

  public FilterValues(Catalog catalog, Warehouse warehouse) {
    this.catalog = catalog;
    this.warehouse = warehouse;
  }

  public List<String> warnings(SavedQuery query, LocalDate from, LocalDate to) {
    if (query.filter().isEmpty()) {
      return List.of();
    }
    Map<Expr.ColumnRef, Set<String>> asked = new LinkedHashMap<>();
    Map<Expr.ColumnRef, Set<String>> excluded = new LinkedHashMap<>();
    collect(query.filter().get(), false, asked, excluded);
    List<String> out = new ArrayList<>();
    QuerySql sql = new QuerySql(catalog, warehouse.dialect());
    Set<Expr.ColumnRef> columns = new LinkedHashSet<>(asked.keySet());
    columns.addAll(excluded.keySet());
    for (Expr.ColumnRef column : columns) {
      Optional<Dimension> dimension = catalog.dimensionOf(column);
      if (dimension.isEmpty()) {
        continue;
      }
      List<String> known =
          warehouse.read(new ReadQuery("values_" + dimension.get().name(), sql.knownValues(column, query.grain()),
                  List.of(new ColumnDdl("value", LogicalType.STRING, false, "")), from, to))
              .rows().stream().map(r -> (String) r.get(0)).toList();
      String where = catalog.warehouseTable(column.table()).partitionColumn().isPresent() ? " in these dates" : "";
      for (String value : asked.getOrDefault(column, Set.of())) {
        if (!known.contains(value)) {
          out.add(dimension.get().name() + " '" + value + "' is not a value the warehouse has" + where + Suggestion.didYouMean(value, known) + ": the answer counts no rows for it");
        }
      }
      for (String value : excluded.getOrDefault(column, Set.of())) {
        if (!known.contains(value)) {
          out.add(dimension.get().name() + " '" + value + "' is not a value the warehouse has" + where + Suggestion.didYouMean(value, known) + ": excluding it excludes nothing");
        }
      }
    }
    return out;
  }

  /**
   * The STRING constants compared with a column by = or IN, anywhere in the filter: under an odd
   * number of NOTs (or by {@code <>}) they are excluded, else asked for.
   */
  private static void collect(Expr expr, boolean negated, Map<Expr.ColumnRef, Set<String>> asked, Map<Expr.ColumnRef, Set<String>> excluded) {
    if (expr instanceof Expr.Comparison comparison && (comparison.op() == Expr.Comparison.Op.EQ || comparison.op() == Expr.Comparison.Op.NE)) {
      Map<Expr.ColumnRef, Set<String>> out = negated != (comparison.op() == Expr.Comparison.Op.NE) ? excluded : asked;
      add(comparison.left(), comparison.right(), out);
      add(comparison.right(), comparison.left(), out);
    } else if (expr instanceof Expr.In in && in.operand() instanceof Expr.ColumnRef column) {
      Map<Expr.ColumnRef, Set<String>> out = negated ? excluded : asked;
      in.values().forEach(v -> v.value().filter(String.class::isInstance).ifPresent(s -> out.computeIfAbsent(column, c -> new LinkedHashSet<>()).add((String) s)));
    }
    boolean below = negated != (expr instanceof Expr.Not);
    Exprs.children(expr).forEach(child -> collect(child, below, asked, excluded));
  }

  private static void add(Expr column, Expr value, Map<Expr.ColumnRef, Set<String>> out) {
    if (column instanceof Expr.ColumnRef ref && value instanceof Expr.Literal literal) {
      literal.value().filter(String.class::isInstance).ifPresent(s -> out.computeIfAbsent(ref, c -> new LinkedHashSet<>()).add((String) s));
    }
  }
}
