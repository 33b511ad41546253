package dev.kpi.sql.render;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.ExprText;
import dev.kpi.model.expr.Exprs;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.metric.MetricVisitor;
import dev.kpi.model.warehouse.ForeignKey;
import dev.kpi.model.warehouse.WarehouseLimits;
import dev.kpi.model.warehouse.WarehouseTable;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.MartPlan;
import dev.kpi.sql.plan.MartPlanner;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.PlanStep;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.render.query.Query;
import dev.kpi.sql.render.query.Select;
import dev.kpi.sql.render.query.With;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DDL and the build of a mart. The build renders the mart's {@link MartPlan} as one query
 * of named steps (CTEs), through the {@link With} and {@link Select} builders, which own the
 * layout: periods (and, for a dense mart, every period with every dimension value), each fact's
 * aggregates per period, each rolling metric's value from its window's changes, and the final
 * SELECT (zero for empty sums and counts; ratios and derived metrics from the period's values).
 */
public final class MartSql {
  private static final String PERIOD = "period_start";

  private final Catalog catalog;
  private final SqlDialect dialect;

  public MartSql(Catalog catalog, SqlDialect dialect) {
    this.catalog = catalog;
    this.dialect = dialect;
  }

  public RenderedStep create(Mart mart, PlanStep step) {
    List<ColumnDdl> columns = columns(mart);
    TableDdl ddl =
        new TableDdl(
            step.table(),
            columns,
            Optional.of(mart.grain().dateColumn()),
            mart.dimensions().stream().limit(WarehouseLimits.MAX_CLUSTER_COLUMNS).collect(Collectors.toList()),
            Header.tableDescription(mart));
    return RenderedStep.create(
        Header.prepend(Header.of(dialect, "mart " + mart.name(), mart, step.summary()), dialect.createTable(ddl)), ddl);
  }

  /** The mart's columns with their types and descriptions: the date, the dimensions, the metrics. */
  public List<ColumnDdl> columns(Mart mart) {
    List<ColumnDdl> columns = new ArrayList<>();
    columns.add(
        new ColumnDdl(
            mart.grain().dateColumn(),
            LogicalType.DATE,
            false,
            "First business date (" + catalog.timeZone() + ") of the " + mart.grain().name().toLowerCase() + " of the row."));
    for (Dimension dimension : mart.dimensions().stream().map(catalog::dimension).toList()) {
      columns.add(new ColumnDdl(dimension.name(), dimension.column().type(), true, describe(dimension.displayName(), dimension.description())));
    }
    for (String name : mart.metrics()) {
      Metric metric = catalog.metric(name);
      columns.add(new ColumnDdl(name, catalog.metricType(name), true, describe(metric.displayName(), metric.description())));
    }
    return columns;
  }

  private static String describe(Optional<String> displayName, String description) {
    return displayName.map(d -> d + ": ").orElse("") + description.strip();
  }

  public RenderedStep build(Mart mart, PlanStep step) {
    return new Build(MartPlanner.plan(catalog, mart)).sql(step);
  }

  /**
   * The SELECT of a mart's rows for the periods of {@code @start_date}..{@code @end_date}, as
   * its build inserts them (a query asked of the KPIs is answered by the mart it would be).
   */
  public String select(Mart mart) {
    return new Build(MartPlanner.plan(catalog, mart)).select();
  }

  /** Renders one {@link MartPlan}: each plan step becomes a step of one WITH query. */
  private final class Build {
    private final MartPlan plan;
    private final Grain grain;
    private final List<Dimension> dimensions;
    private final String start = dialect.parameter(Parameter.START_DATE);
    private final String end = dialect.parameter(Parameter.END_DATE);
    private final String firstPeriod;
    private final String lastPeriod;
    private final String lastDate;
    private final With query = new With(dialect::commentText);

    Build(MartPlan plan) {
      this.plan = plan;
      this.grain = plan.grain();
      this.dimensions = plan.dimensions();
      this.firstPeriod = dialect.periodStart(start, grain);
      this.lastPeriod = dialect.periodStart(end, grain);
      this.lastDate = dialect.periodEnd(lastPeriod, grain);
    }

    RenderedStep sql(PlanStep step) {
      String text = select();
      List<String> columns = new ArrayList<>();
      columns.add(grain.dateColumn());
      dimensions.forEach(d -> columns.add(d.name()));
      columns.addAll(plan.mart().metrics());
      String condition = id(grain.dateColumn()) + " BETWEEN " + firstPeriod + " AND " + lastPeriod;
      return RenderedStep.build(
          Header.prepend(
              Header.of(dialect, "mart " + plan.mart().name(), plan.mart(), step.summary()),
              dialect.replaceRows(step.table(), condition, columns, text)),
          text);
    }

    String select() {
      query.step(
          plan.periods(),
          "every " + grain.name().toLowerCase() + " of the window, so each gets a row even without data",
          Query.line(dialect.periodSeries(firstPeriod, lastPeriod, grain, PERIOD)));
      if (plan.keys().kind() == MartPlan.KeyKind.DENSE) {
        plan.dimensionValues().forEach(this::dimensionValues);
        denseKeys();
      }
      plan.facts().forEach(this::factAggregates);
      plan.rolling().forEach(this::rollingValues);
      if (plan.keys().kind() == MartPlan.KeyKind.OBSERVED) {
        observedKeys();
      }
      String keys = plan.keys().step();
      List<String> items = new ArrayList<>();
      items.add(keys + "." + PERIOD + " AS " + id(grain.dateColumn()));
      for (Dimension dimension : dimensions) {
        items.add(keys + "." + id(dimension.name()) + " AS " + id(dimension.name()));
      }
      for (String name : plan.mart().metrics()) {
        items.add(metricValue(name) + " AS " + id(name));
      }
      Select select = Select.of(items).itemPerLine().from(keys);
      for (String joined : joinedSteps()) {
        select.leftJoin(joined, joinConditions(joined, keys));
      }
      return query.select(select).text();
    }

    /** The steps the final SELECT joins to the keys: each fact's and each rolling metric's values. */
    private List<String> joinedSteps() {
      List<String> out = new ArrayList<>();
      plan.facts().forEach(f -> out.add(f.step()));
      plan.rolling().forEach(r -> out.add(r.step()));
      return out;
    }

    private List<String> joinConditions(String step, String keys) {
      List<String> on = new ArrayList<>();
      on.add(step + "." + PERIOD + " = " + keys + "." + PERIOD);
      for (Dimension dimension : dimensions) {
        on.add(dialect.nullSafeEquals(step + "." + id(dimension.name()), keys + "." + id(dimension.name())));
      }
      return on;
    }

    // ------------------------------------------------------------ keys

    private void dimensionValues(MartPlan.DimensionValues values) {
      Dimension dimension = values.dimension();
      WarehouseTable table = values.table();
      Select select =
          Select.of(render(dimension.column()) + " AS " + id(dimension.name()))
              .distinct()
              .from(warehouse(table.name()))
              .where(render(dimension.column()) + " IS NOT NULL");
      table
          .partitionColumn()
          .ifPresent(p -> select.where(id(table.name()) + "." + id(p) + " BETWEEN " + firstPeriod + " AND " + lastDate));
      // A filter on this table's columns only keeps the values it allows (item_type = 't-shirt':
      // one value); one on other tables cannot be applied here, and the rows it excludes are 0.
      Optional<Expr> filter = plan.mart().filter().filter(f -> Exprs.columns(f).stream().allMatch(c -> c.table().equals(table.name())));
      filter.ifPresent(f -> select.where(render(f)));
      query.step(values.step(), "the known values of dimension " + dimension.name() + filter.map(f -> " where " + ExprText.of(f)).orElse(""), select);
    }

    private void denseKeys() {
      List<String> items = new ArrayList<>();
      items.add(plan.periods() + "." + PERIOD);
      plan.dimensionValues().forEach(v -> items.add(v.step() + "." + id(v.dimension().name())));
      Select select = Select.of(items).from(plan.periods());
      plan.dimensionValues().forEach(v -> select.crossJoin(v.step()));
      query.step(plan.keys().step(), "every period with every known value of " + names(dimensions) + " (dense)", select);
    }

    /**
     * Without density, the rows are the periods and dimension values that have data (a fact row,
     * or a non-zero rolling value), within the window: a rolling metric's changes also fall on
     * dates before the window (its look-back) and after it (when values leave), and a row written
     * there would not be deleted by the next build of those dates.
     */
    private void observedKeys() {
      List<String> columns = new ArrayList<>();
      columns.add(PERIOD);
      dimensions.forEach(d -> columns.add(id(d.name())));
      String inWindow = PERIOD + " BETWEEN " + firstPeriod + " AND " + lastPeriod;
      List<Select> parts = new ArrayList<>();
      plan.facts().forEach(f -> parts.add(Select.of(columns).from(f.step()).where(inWindow).oneLine()));
      // A rolling metric's running total has a row on every date for every value seen in its
      // look-back; a value whose window emptied (a country nobody was active in for N days)
      // has no data on that date, so it makes no row of zeros.
      plan.rolling()
          .forEach(
              r -> parts.add(Select.of(columns).from(r.step()).where(inWindow).where(id(r.metric().name()) + " <> 0").oneLine()));
      query.step(
          plan.keys().step(),
          "the periods and values of " + names(dimensions) + " that have data",
          Query.union(dialect.unionDistinct(), parts));
    }

    // ------------------------------------------------------------ facts

    private void factAggregates(MartPlan.FactAggregates aggregates) {
      WarehouseTable fact = aggregates.fact();
      String partition = partition(fact);
      List<String> items = new ArrayList<>();
      items.add(dialect.periodStart(partition, grain) + " AS " + PERIOD);
      for (Dimension dimension : dimensions) {
        items.add(render(dimension.column()) + " AS " + id(dimension.name()));
      }
      for (Metric.Simple metric : aggregates.metrics()) {
        items.add(aggregate(metric) + " AS " + id(metric.name()));
      }
      Select select =
          fromFactWithDimensions(Select.of(items).itemPerLine(), fact)
              .where(partition + " BETWEEN " + firstPeriod + " AND " + lastDate);
      martFilter(select);
      select.groupBy(1 + dimensions.size());
      query.step(
          aggregates.step(),
          aggregates.metrics().stream().map(Metric::name).collect(Collectors.joining(", "))
              + " from "
              + fact.name()
              + ", per "
              + grain.name().toLowerCase()
              + (dimensions.isEmpty() ? "" : " and " + names(dimensions))
              + plan.mart().filter().map(f -> ", where " + ExprText.of(f)).orElse(""),
          select);
    }

    /** The mart's filter, when it has one, on the fact's rows (joined to what it reads). */
    private void martFilter(Select select) {
      plan.mart().filter().ifPresent(f -> select.where(render(f)));
    }

    /** FROM the fact, joined to the dimension tables the mart's dimensions and its filter read. */
    private Select fromFactWithDimensions(Select select, WarehouseTable fact) {
      select.from(warehouse(fact.name()));
      Set<String> tables = new LinkedHashSet<>();
      dimensions.forEach(d -> tables.add(d.column().table()));
      plan.mart().filter().ifPresent(f -> Exprs.columns(f).forEach(c -> tables.add(c.table())));
      for (String table : tables) {
        if (table.equals(fact.name())) {
          continue;
        }
        ForeignKey key =
            fact.references().stream()
                .filter(k -> k.dimensionTable().equals(table))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("validated: " + table + " reachable from " + fact.name()));
        select.leftJoin(
            warehouse(table),
            List.of(id(fact.name()) + "." + id(key.column()) + " = " + id(table) + "." + id(key.dimensionColumn())));
      }
      return select;
    }

    private String aggregate(Metric.Simple metric) {
      String value = render(metric.expression());
      if (metric.filter().isPresent()) {
        value = "CASE WHEN " + render(metric.filter().get()) + " THEN " + value + " END";
      }
      switch (metric.aggregation()) {
        case COUNT_DISTINCT:
          return "COUNT(DISTINCT " + value + ")";
        case AVERAGE:
          return "AVG(" + value + ")";
        default:
          return metric.aggregation().name() + "(" + value + ")";
      }
    }

    // ------------------------------------------------------------ rolling windows

    /**
     * A rolling metric's value on each date, without joining every date to the N days before
     * it (the obvious range self-join reads each row N times). Instead the window's content is
     * tracked by its changes: a value (a creator) enters the window on a date it occurs and
     * leaves N days later, or stays on when it occurs again before that; a running sum of the
     * entries and exits over the dates gives the count on each date. Sums work the same way,
     * with the day's amount entering and leaving. Only the partitions from N−1 days before the
     * window's start are read.
     */
    private void rollingValues(MartPlan.RollingValues rolling) {
      Metric.Simple base = rolling.base();
      WarehouseTable fact = rolling.fact();
      String partition = partition(fact);
      String name = rolling.metric().name();
      int days = rolling.metric().days();
      List<String> dims = dimensions.stream().map(d -> id(d.name())).toList();
      List<String> dimItems = dimensions.stream().map(d -> render(d.column()) + " AS " + id(d.name())).toList();
      String window = partition + " BETWEEN " + dialect.addDays(start, -(days - 1)) + " AND " + end;
      String value = render(base.expression());
      String source = rolling.source();
      List<Query> changes = new ArrayList<>();
      if (rolling.distinct()) {
        String spans = rolling.spans().orElseThrow();
        List<String> items = new ArrayList<>();
        items.add(partition + " AS active_date");
        items.addAll(dimItems);
        items.add(value + " AS counted_value");
        Select occurrences = fromFactWithDimensions(Select.of(items).distinct().itemPerLine(), fact).where(window);
        base.filter().ifPresent(f -> occurrences.where(render(f)));
        martFilter(occurrences);
        occurrences.where(value + " IS NOT NULL");
        query.step(source, name + ": each value of " + base.name() + " once per date it occurs", occurrences);

        String exit = dialect.addDays("active_date", days);
        String partitionBy = "PARTITION BY " + String.join(", ", concat(dims, List.of("counted_value")));
        List<String> spanItems = new ArrayList<>(dims);
        spanItems.add("active_date");
        spanItems.add(
            dialect.least(exit, "COALESCE(LEAD(active_date) OVER (" + partitionBy + " ORDER BY active_date), " + exit + ")")
                + " AS counted_until");
        query.step(
            spans,
            name + ": a value counts from a date it occurs until " + days + " days later, or until it occurs again",
            Select.of(spanItems).itemPerLine().from(source));
        changes.add(Select.of(concat(dims, List.of("active_date AS change_date", "1 AS change"))).from(spans).oneLine());
        changes.add(Select.of(concat(dims, List.of("counted_until AS change_date", "-1 AS change"))).from(spans).oneLine());
        changes.add(zeroChanges(spans));
        query.step(
            rolling.changes(),
            name + ": +1 when a value enters the window, -1 when it leaves, 0 on every date reported",
            Query.union("UNION ALL", changes));
      } else {
        List<String> items = new ArrayList<>();
        items.add(partition + " AS active_date");
        items.addAll(dimItems);
        items.add(aggregate(base) + " AS amount");
        Select amounts = fromFactWithDimensions(Select.of(items).itemPerLine(), fact).where(window);
        martFilter(amounts);
        query.step(source, name + ": " + base.name() + " per date", amounts.groupBy(1 + dimensions.size()));
        changes.add(
            Select.of(concat(dims, List.of("active_date AS change_date", "amount AS change"))).from(source).where("amount IS NOT NULL").oneLine());
        changes.add(
            Select.of(concat(dims, List.of(dialect.addDays("active_date", days) + " AS change_date", "-amount AS change")))
                .from(source)
                .where("amount IS NOT NULL")
                .oneLine());
        changes.add(zeroChanges(source));
        query.step(
            rolling.changes(),
            name + ": a date's amount enters the window on the date and leaves " + days + " days later",
            Query.union("UNION ALL", changes));
      }
      String partitionBy = dims.isEmpty() ? "" : "PARTITION BY " + String.join(", ", dims) + " ";
      List<String> items = new ArrayList<>();
      items.add("change_date AS " + PERIOD);
      items.addAll(dims);
      items.add(
          "SUM(SUM(change)) OVER (" + partitionBy + "ORDER BY change_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS " + id(name));
      query.step(
          rolling.step(),
          name + ": the running total of the changes is the window's value on each date",
          Select.of(items).itemPerLine().from(rolling.changes()).groupBy(1 + dimensions.size()));
    }

    /** A 0 change on every reported date (for each dimension value seen), so each date has a row. */
    private Query zeroChanges(String source) {
      if (dimensions.isEmpty()) {
        return Select.of(PERIOD + " AS change_date", "0 AS change").from(plan.periods()).oneLine();
      }
      List<String> dims = dimensions.stream().map(d -> id(d.name())).toList();
      List<String> items = new ArrayList<>();
      dims.forEach(d -> items.add("seen." + d));
      items.add(plan.periods() + "." + PERIOD + " AS change_date");
      items.add("0 AS change");
      String seen = Select.of(dims).distinct().from(source).oneLine().text();
      return Select.of(items).from(plan.periods()).crossJoin("(" + seen + ") AS seen");
    }

    // ------------------------------------------------------------ final values

    /** The SQL of a metric's value in the final SELECT. */
    private String metricValue(String name) {
      Metric metric = catalog.graph().metric(name);
      return metric.accept(
          new MetricVisitor<String>() {
            @Override
            public String visitSimple(Metric.Simple simple) {
              String column = plan.valueStep().get(name) + "." + id(name);
              return simple.aggregation().isZeroWhenEmpty() ? dialect.zeroIfNull(column, catalog.metricType(name)) : column;
            }

            @Override
            public String visitRolling(Metric.Rolling rolling) {
              return dialect.zeroIfNull(plan.valueStep().get(name) + "." + id(name), catalog.metricType(name));
            }

            @Override
            public String visitRatio(Metric.Ratio ratio) {
              return dialect.safeDivide(
                  metricValue(ratio.numerator()), metricValue(ratio.denominator()), catalog.metricType(name));
            }

            @Override
            public String visitDerived(Metric.Derived derived) {
              return "("
                  + ExpressionRenderer.render(derived.expression(), dialect, catalog.timeZone(), MartSql.Build.this::metricValue, catalog::metricType)
                  + ")";
            }
          });
    }

    // ------------------------------------------------------------ helpers

    private String partition(WarehouseTable fact) {
      return id(fact.name()) + "." + id(fact.partitionColumn().orElseThrow());
    }

    private String warehouse(String table) {
      return dialect.tableName(TableRef.of(Layer.WAREHOUSE, table)) + " AS " + id(table);
    }

    private String render(Expr expr) {
      return ExpressionRenderer.render(expr, dialect, catalog.timeZone());
    }
  }

  private String id(String name) {
    return dialect.identifier(name);
  }

  private static String names(List<Dimension> dimensions) {
    return dimensions.stream().map(Dimension::name).collect(Collectors.joining(" and "));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
