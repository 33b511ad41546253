package dev.kpi.sql.render;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.query.FilterText;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The SQL that answers a query asked of the KPIs for the periods of {@code @start_date}..{@code
 * @end_date}: either read from a mart that holds the answer, or compiled from the warehouse
 * tables as the build of the mart the query would be (the same steps, so the same numbers).
 * Each has a comment saying what it answers and from where, then one SELECT.
 */
public final class QuerySql {
  /** A column of the answer to sort by. */
  public record Order(String column, boolean descending) {}

  private final Catalog catalog;
  private final SqlDialect dialect;

  public QuerySql(Catalog catalog, SqlDialect dialect) {
    this.catalog = catalog;
    this.dialect = dialect;
  }

  /** The answer's columns: the period's first date, the dimensions, the metrics. */
  public List<ColumnDdl> columns(SavedQuery query) {
    List<ColumnDdl> columns = new ArrayList<>();
    columns.add(new ColumnDdl(query.grain().dateColumn(), LogicalType.DATE, false, "first business date of the period"));
    for (String dimension : query.dimensions()) {
      columns.add(new ColumnDdl(dimension, catalog.dimension(dimension).column().type(), true, ""));
    }
    for (String metric : query.metrics()) {
      columns.add(new ColumnDdl(metric, catalog.metricType(metric), true, ""));
    }
    return columns;
  }

  /** Compiled from the warehouse tables: the build's SELECT of the mart the query would be. */
  public String compiled(SavedQuery query, List<Order> order, OptionalInt limit) {
    return header(query, "compiled from the warehouse tables")
        + new MartSql(catalog, dialect).select(query.asMart())
        + tail(query, order, limit);
  }

  /**
   * Whether the mart's rows are the query's answer: its metrics at the query's grain, with
   * exactly its dimensions, density (with dimensions) and filter; other metrics are left out.
   */
  public static boolean holds(Mart mart, SavedQuery query) {
    return mart.grain() == query.grain()
        && mart.dimensions().equals(query.dimensions())
        && (query.dimensions().isEmpty() || mart.dense() == query.dense())
        && mart.filter().equals(query.filter())
        && mart.metrics().containsAll(query.metrics());
  }

  /** Read from {@code mart}, which {@link #holds} the query. */
  public String fromMart(Mart mart, SavedQuery query, List<Order> order, OptionalInt limit) {
    if (!holds(mart, query)) {
      throw new IllegalArgumentException("mart " + mart.name() + " does not hold query " + query.name());
    }
    Grain grain = query.grain();
    String date = dialect.identifier(grain.dateColumn());
    String columns = columns(query).stream().map(c -> dialect.identifier(c.name())).collect(Collectors.joining(", "));
    return header(query, "read from mart " + mart.name())
        + "SELECT " + columns + "\n"
        + "FROM " + dialect.tableName(TableRef.of(Layer.MART, mart.name())) + "\n"
        + "WHERE " + date + " BETWEEN " + dialect.periodStart(dialect.parameter(Parameter.START_DATE), grain)
        + " AND " + dialect.periodStart(dialect.parameter(Parameter.END_DATE), grain)
        + tail(query, order, limit);
  }

  /** "gmv, aov per week by item_type where item_type = 't-shirt'": what a query asks, in words. */
  public static String describe(Catalog catalog, SavedQuery query) {
    return String.join(", ", query.metrics())
        + " per " + query.grain().name().toLowerCase(Locale.ROOT)
        + (query.dimensions().isEmpty() ? "" : " by " + String.join(", ", query.dimensions()))
        + (query.dense() ? " (dense)" : "")
        + query.filter().map(f -> " where " + FilterText.text(f, catalog)).orElse("");
  }

  /**
   * The values a dimension's column holds (not NULL), to tell a filter's value the warehouse has
   * none of: of a fact's column, within the partitions of the periods of {@code @start_date}..
   * {@code @end_date}; of a dimension table's, all. One column, {@code value}, sorted.
   */
  public String knownValues(dev.kpi.model.expr.Expr.ColumnRef column, Grain grain) {
    dev.kpi.model.warehouse.WarehouseTable table = catalog.warehouseTable(column.table());
    String id = dialect.identifier(table.name());
    String value = id + "." + dialect.identifier(column.column());
    String sql =
        "-- " + dialect.commentText("the values of " + column.qualifiedName()) + "\n"
            + "SELECT DISTINCT " + value + " AS value\n"
            + "FROM " + dialect.tableName(TableRef.of(Layer.WAREHOUSE, table.name())) + " AS " + id + "\n"
            + "WHERE " + value + " IS NOT NULL";
    if (table.partitionColumn().isPresent()) {
      String first = dialect.periodStart(dialect.parameter(Parameter.START_DATE), grain);
      String last = dialect.periodEnd(dialect.periodStart(dialect.parameter(Parameter.END_DATE), grain), grain);
      sql += "\n  AND " + id + "." + dialect.identifier(table.partitionColumn().get()) + " BETWEEN " + first + " AND " + last;
    }
    return sql + "\nORDER BY value\n";
  }

  private String header(SavedQuery query, String source) {
    return "-- " + dialect.commentText(query.name() + ": " + describe(catalog, query)) + "\n"
        + "-- " + dialect.commentText(source) + "\n";
  }

  /**
   * ORDER BY the columns asked, then the date and the dimensions not among them, so that every
   * engine returns tied rows alike (and LIMIT keeps the same ones); and LIMIT.
   */
  private String tail(SavedQuery query, List<Order> order, OptionalInt limit) {
    List<Order> by = new ArrayList<>(order);
    List<String> key = new ArrayList<>();
    key.add(query.grain().dateColumn());
    key.addAll(query.dimensions());
    for (String column : key) {
      if (by.stream().noneMatch(o -> o.column().equals(column))) {
        by.add(new Order(column, false));
      }
    }
    List<String> names = columns(query).stream().map(ColumnDdl::name).toList();
    for (Order o : by) {
      if (!names.contains(o.column())) {
        throw new IllegalArgumentException("the answer has no column " + o.column() + " to order by; it has " + String.join(", ", names));
      }
    }
    String orderBy = by.stream().map(o -> dialect.orderItem(dialect.identifier(o.column()), o.descending())).collect(Collectors.joining(", "));
    return "\nORDER BY " + orderBy + (limit.isPresent() ? "\nLIMIT " + limit.getAsInt() : "") + "\n";
  }
}
