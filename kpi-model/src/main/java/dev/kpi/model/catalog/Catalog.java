package dev.kpi.model.catalog;

import dev.kpi.model.KpiStyle;
import dev.kpi.model.LogicalType;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Everything a shop defines: its lake, warehouse tables, metrics, dimensions and marts. A
 * catalog that exists is valid: {@link #builder()}'s {@code build()} runs every rule of
 * {@link CatalogValidator} and throws {@link InvalidCatalogException} listing what to fix.
 */
@Value.Immutable
@KpiStyle
public interface Catalog {
  String name();

  /** The zone business dates are taken in (Asia/Tokyo for the shop: JST, no daylight saving). */
  @Value.Default
  default String timeZone() {
    return "Asia/Tokyo";
  }

  List<LakeTable> lakeTables();

  List<WarehouseTable> warehouseTables();

  List<Metric> metrics();

  List<Dimension> dimensions();

  List<Mart> marts();

  /** Named questions asked of the KPIs ({@code kpi query --saved NAME}). */
  List<dev.kpi.model.query.SavedQuery> queries();

  /** The messages sent about the KPIs (the morning Slack summary). */
  List<dev.kpi.model.summary.Summary> summaries();

  /** What additive KPIs should reach each month: the summary and kpi show give the pace. */
  List<dev.kpi.model.target.MonthlyTarget> targets();

  /** The target of a metric in the month of a date, if the business set one. */
  default Optional<dev.kpi.model.target.MonthlyTarget> targetOf(String metric, java.time.LocalDate date) {
    return targets().stream().filter(t -> t.metric().equals(metric) && t.month().equals(java.time.YearMonth.from(date))).findFirst();
  }

  static Builder builder() {
    return new Builder();
  }

  class Builder extends ImmutableCatalog.Builder {}

  @Value.Check
  default void validate() {
    List<String> problems = new CatalogValidator(this).problems();
    if (!problems.isEmpty()) {
      throw new InvalidCatalogException(name(), problems);
    }
  }

  default Optional<LakeTable> findLakeTable(String name) {
    return lakeTables().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  default Optional<WarehouseTable> findWarehouseTable(String name) {
    return warehouseTables().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  default Optional<Metric> findMetric(String name) {
    return metrics().stream().filter(m -> m.name().equals(name)).findFirst();
  }

  default Optional<Dimension> findDimension(String name) {
    return dimensions().stream().filter(d -> d.name().equals(name)).findFirst();
  }

  default Optional<Mart> findMart(String name) {
    return marts().stream().filter(m -> m.name().equals(name)).findFirst();
  }

  default Optional<dev.kpi.model.query.SavedQuery> findQuery(String name) {
    return queries().stream().filter(q -> q.name().equals(name)).findFirst();
  }

  /**
   * What is wrong with a query asked of this catalog (one not declared in it, such as {@code kpi
   * query}'s), each problem naming the query; empty when it can be answered.
   */
  default List<String> queryProblems(dev.kpi.model.query.SavedQuery query) {
    return new CatalogValidator(this).queryProblems(query);
  }

  default Optional<dev.kpi.model.summary.Summary> findSummary(String name) {
    return summaries().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  default WarehouseTable warehouseTable(String name) {
    return findWarehouseTable(name)
        .orElseThrow(() -> new IllegalArgumentException("no warehouse table named " + name));
  }

  default Metric metric(String name) {
    return findMetric(name)
        .orElseThrow(() -> new IllegalArgumentException("no metric named " + name));
  }

  default Dimension dimension(String name) {
    return findDimension(name)
        .orElseThrow(() -> new IllegalArgumentException("no dimension named " + name));
  }

  /** The dimension whose column this is, if any (a filter names dimensions by their columns). */
  default Optional<Dimension> dimensionOf(dev.kpi.model.expr.Expr.ColumnRef column) {
    return dimensions().stream()
        .filter(d -> d.column().table().equals(column.table()) && d.column().column().equals(column.column()))
        .findFirst();
  }

  /**
   * The warehouse tables a mart is built from, in this order: the facts of its metrics, the
   * tables of its dimensions, the tables its filter reads. Its fingerprint, its docs and its
   * lineage all follow this one list.
   */
  default java.util.Set<String> tablesReadBy(Mart mart) {
    java.util.Set<String> read = new java.util.LinkedHashSet<>();
    graph().simpleInputs(mart.metrics()).forEach(m -> read.add(m.fact()));
    mart.dimensions().forEach(d -> read.add(dimension(d).column().table()));
    mart.filter().ifPresent(f -> dev.kpi.model.expr.Exprs.columns(f).forEach(c -> read.add(c.table())));
    return read;
  }

  /** How the metrics depend on each other, their kinds and types, worked out once. */
  @Value.Lazy
  default MetricGraph graph() {
    return MetricGraph.of(this);
  }

  /** The SQL type of a metric's values (GMV: NUMERIC, orders: INT64, AOV: NUMERIC). */
  default LogicalType metricType(String name) {
    return graph().type(name);
  }
}
