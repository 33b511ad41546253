package dev.kpi.sql.render;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Aggregation;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.metric.MetricVisitor;
import dev.kpi.model.warehouse.ForeignKey;
import dev.kpi.model.warehouse.WarehouseTable;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.PlanStep;
import dev.kpi.sql.plan.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DDL and the build of a mart. The build is one query of named steps (CTEs):
 *
 * <ol>
 *   <li>{@code periods}: every period (day, week, month) of the window, so a period with no
 *       rows still gets its row (0 orders, NULL AOV), and, for dense marts, the known values
 *       of each dimension crossed with them ({@code mart_keys});
 *   <li>{@code <fact>_by_period}: the simple metrics of each fact aggregated per period (and
 *       dimension values) straight from the fact's rows: distinct counts are recomputed for
 *       the period, never added up from days;
 *   <li>for each rolling metric, its value on each date from the changes of the window's
 *       membership (see {@link #rollingSteps});
 *   <li>the final SELECT: zero for empty sums and counts, ratios and derived metrics computed
 *       from the period's values.
 * </ol>
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
    List<ColumnDdl> columns = new ArrayList<>();
    columns.add(
        new ColumnDdl(
            mart.grain().dateColumn(),
            LogicalType.DATE,
            false,
            "First business date (" + catalog.timeZone() + ") of the " + mart.grain().name().toLowerCase() + " of the row."));
    for (Dimension dimension : dimensions(mart)) {
      columns.add(new ColumnDdl(dimension.name(), dimension.column().type(), true, describe(dimension.displayName(), dimension.description())));
    }
    for (String name : mart.metrics()) {
      Metric metric = catalog.metric(name);
      columns.add(new ColumnDdl(name, catalog.metricType(name), true, describe(metric.displayName(), metric.description())));
    }
    TableDdl ddl =
        new TableDdl(
            step.table(),
            columns,
            Optional.of(mart.grain().dateColumn()),
            mart.dimensions().stream().limit(4).collect(Collectors.toList()),
            Header.tableDescription(mart));
    return RenderedStep.create(
        Header.prepend(Header.of(dialect, "mart " + mart.name(), mart, step.summary()), dialect.createTable(ddl)), ddl);
  }

  private static String describe(Optional<String> displayName, String description) {
    return displayName.map(d -> d + ": ").orElse("") + description.strip();
  }

  public RenderedStep build(Mart mart, PlanStep step) {
    return new Build(mart).sql(step);
  }

  private List<Dimension> dimensions(Mart mart) {
    return mart.dimensions().stream().map(catalog::dimension).collect(Collectors.toList());
  }

  /** The state of one mart's build while its SQL is written. */
  private final class Build {
    private final Mart mart;
    private final Grain grain;
    private final List<Dimension> dimensions;
    private final String start = dialect.parameter(Parameter.START_DATE);
    private final String end = dialect.parameter(Parameter.END_DATE);
    private final String firstPeriod;
    private final String lastPeriod;
    private final String lastDate;
    /** Simple metrics whose value the mart needs, by the fact they aggregate. */
    private final Map<String, List<Metric.Simple>> simpleByFact = new LinkedHashMap<>();
    private final List<Metric.Rolling> rolling = new ArrayList<>();
    private final List<String[]> ctes = new ArrayList<>();
    /** CTEs the final SELECT joins to the keys: name → (always has) columns. */
    private final List<String> joined = new ArrayList<>();
    /**
     * Every CTE name given out ({@link #allocate}): the one owner of names, so a fact and a
     * rolling metric of the same name (or any other pair) never make two CTEs of one name.
     */
    private final Set<String> names = new java.util.HashSet<>(List.of("periods", "mart_keys"));
    /** The CTE of each fact's simple metrics, and of each rolling metric's values, by name. */
    private final Map<String, String> factCtes = new LinkedHashMap<>();
    private final Map<String, String> rollingCtes = new LinkedHashMap<>();

    Build(Mart mart) {
      this.mart = mart;
      this.grain = mart.grain();
      this.dimensions = dimensions(mart);
      this.firstPeriod = dialect.periodStart(start, grain);
      this.lastPeriod = dialect.periodStart(end, grain);
      this.lastDate = dialect.periodEnd(lastPeriod, grain);
      for (Metric metric : catalog.graph().aggregates(mart.metrics())) {
        if (metric instanceof Metric.Simple) {
          Metric.Simple simple = (Metric.Simple) metric;
          simpleByFact.computeIfAbsent(simple.fact(), f -> new ArrayList<>()).add(simple);
        } else {
          rolling.add((Metric.Rolling) metric);
        }
      }
    }

    RenderedStep sql(PlanStep step) {
      cte(
          "periods",
          "every " + grain.name().toLowerCase() + " of the window, so each gets a row even without data",
          dialect.periodSeries(firstPeriod, lastPeriod, grain, PERIOD));
      String keys = "periods";
      if (mart.dense()) {
        keys = denseKeys();
      }
      simpleByFact.forEach(this::factStep);
      rolling.forEach(this::rollingSteps);
      if (!dimensions.isEmpty() && !mart.dense()) {
        keys = observedKeys();
      }

      StringBuilder select = new StringBuilder("WITH\n");
      for (int i = 0; i < ctes.size(); i++) {
        String[] cte = ctes.get(i);
        select.append("  -- ").append(dialect.commentText(cte[1])).append('\n');
        select.append("  ").append(cte[0]).append(" AS (\n");
        select.append(indent(cte[2], "    ")).append("\n  )");
        select.append(i + 1 < ctes.size() ? ",\n" : "\n");
      }
      select.append("SELECT\n");
      List<String> items = new ArrayList<>();
      items.add(keys + "." + PERIOD + " AS " + dialect.identifier(grain.dateColumn()));
      for (Dimension dimension : dimensions) {
        items.add(keys + "." + id(dimension.name()) + " AS " + id(dimension.name()));
      }
      for (String name : mart.metrics()) {
        items.add(metricValue(name) + " AS " + id(name));
      }
      select.append(items.stream().map(i -> "  " + i).collect(Collectors.joining(",\n")));
      select.append("\nFROM ").append(keys);
      for (String cte : joined) {
        select.append("\nLEFT JOIN ").append(cte).append("\n  ON ").append(joinCondition(cte, keys));
      }

      List<String> columns = new ArrayList<>();
      columns.add(grain.dateColumn());
      dimensions.forEach(d -> columns.add(d.name()));
      columns.addAll(mart.metrics());
      String condition = id(grain.dateColumn()) + " BETWEEN " + firstPeriod + " AND " + lastPeriod;
      return RenderedStep.build(
          Header.prepend(
              Header.of(dialect, "mart " + mart.name(), mart, step.summary()),
              dialect.replaceRows(step.table(), condition, columns, select.toString())),
          select.toString());
    }

    private String joinCondition(String cte, String keys) {
      List<String> on = new ArrayList<>();
      on.add(cte + "." + PERIOD + " = " + keys + "." + PERIOD);
      for (Dimension dimension : dimensions) {
        on.add(dialect.nullSafeEquals(cte + "." + id(dimension.name()), keys + "." + id(dimension.name())));
      }
      return String.join("\n  AND ", on);
    }

    // ------------------------------------------------------------ keys

    private String denseKeys() {
      Map<String, String> values = new LinkedHashMap<>();
      for (Dimension dimension : dimensions) {
        Expr.ColumnRef column = dimension.column();
        WarehouseTable table = catalog.warehouseTable(column.table());
        StringBuilder body =
            new StringBuilder("SELECT DISTINCT ")
                .append(render(column))
                .append(" AS ")
                .append(id(dimension.name()))
                .append("\nFROM ")
                .append(warehouse(table.name()))
                .append("\nWHERE ")
                .append(render(column))
                .append(" IS NOT NULL");
        table
            .partitionColumn()
            .ifPresent(
                p ->
                    body.append("\n  AND ")
                        .append(id(table.name()))
                        .append('.')
                        .append(id(p))
                        .append(" BETWEEN ")
                        .append(firstPeriod)
                        .append(" AND ")
                        .append(lastDate));
        String valuesCte = allocate(dimension.name() + "_values");
        values.put(dimension.name(), valuesCte);
        cte(valuesCte, "the known values of dimension " + dimension.name(), body.toString());
      }
      StringBuilder body = new StringBuilder("SELECT periods." + PERIOD);
      for (Dimension dimension : dimensions) {
        body.append(", ").append(values.get(dimension.name())).append('.').append(id(dimension.name()));
      }
      body.append("\nFROM periods");
      for (Dimension dimension : dimensions) {
        body.append("\nCROSS JOIN ").append(values.get(dimension.name()));
      }
      cte("mart_keys", "every period with every known value of " + names(dimensions) + " (dense)", body.toString());
      return "mart_keys";
    }

    /**
     * Without density, the rows are the periods and dimension values that have data (a fact row,
     * or a non-zero rolling value), within the window: a rolling metric's changes also fall on
     * dates before the window (its look-back) and after it (when values leave), and a row written
     * there would not be deleted by the next build of those dates.
     */
    private String observedKeys() {
      String columns =
          PERIOD + dimensions.stream().map(d -> ", " + id(d.name())).collect(Collectors.joining());
      String inWindow = " WHERE " + PERIOD + " BETWEEN " + firstPeriod + " AND " + lastPeriod;
      // A rolling metric's running total has a row on every date for every value seen in its
      // look-back; a value whose window emptied (a country nobody was active in for N days)
      // has no data on that date, so it makes no row of zeros.
      Map<String, String> rollingValue = new LinkedHashMap<>();
      rolling.forEach(r -> rollingValue.put(rollingCtes.get(r.name()), id(r.name())));
      String body =
          joined.stream()
              .map(
                  cte ->
                      "SELECT " + columns + " FROM " + cte + inWindow
                          + (rollingValue.containsKey(cte) ? " AND " + rollingValue.get(cte) + " <> 0" : ""))
              .collect(Collectors.joining("\n" + dialect.unionDistinct() + "\n"));
      cte("mart_keys", "the periods and values of " + names(dimensions) + " that have data", body);
      return "mart_keys";
    }

    // ------------------------------------------------------------ facts

    private void factStep(String factName, List<Metric.Simple> metrics) {
      WarehouseTable fact = catalog.warehouseTable(factName);
      String partition = id(fact.name()) + "." + id(fact.partitionColumn().orElseThrow());
      List<String> items = new ArrayList<>();
      items.add(dialect.periodStart(partition, grain) + " AS " + PERIOD);
      for (Dimension dimension : dimensions) {
        items.add(render(dimension.column()) + " AS " + id(dimension.name()));
      }
      for (Metric.Simple metric : metrics) {
        items.add(aggregate(metric) + " AS " + id(metric.name()));
      }
      String body =
          "SELECT\n"
              + items.stream().map(i -> "  " + i).collect(Collectors.joining(",\n"))
              + "\n"
              + fromFactWithDimensions(fact)
              + "\nWHERE "
              + partition
              + " BETWEEN "
              + firstPeriod
              + " AND "
              + lastDate
              + "\nGROUP BY "
              + ordinals(1 + dimensions.size());
      String name = allocate(factName + "_by_period");
      factCtes.put(factName, name);
      cte(
          name,
          metrics.stream().map(Metric::name).collect(Collectors.joining(", "))
              + " from "
              + factName
              + ", per "
              + grain.name().toLowerCase()
              + (dimensions.isEmpty() ? "" : " and " + names(dimensions)),
          body);
      joined.add(name);
    }

    private String fromFactWithDimensions(WarehouseTable fact) {
      StringBuilder from = new StringBuilder("FROM ").append(warehouse(fact.name()));
      Set<String> joinedTables = new LinkedHashSet<>();
      for (Dimension dimension : dimensions) {
        String table = dimension.column().table();
        if (table.equals(fact.name()) || !joinedTables.add(table)) {
          continue;
        }
        ForeignKey key =
            fact.references().stream()
                .filter(k -> k.dimensionTable().equals(table))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("validated: " + table + " reachable from " + fact.name()));
        from.append("\nLEFT JOIN ")
            .append(warehouse(table))
            .append("\n  ON ")
            .append(id(fact.name()))
            .append('.')
            .append(id(key.column()))
            .append(" = ")
            .append(id(table))
            .append('.')
            .append(id(key.dimensionColumn()));
      }
      return from.toString();
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
    private void rollingSteps(Metric.Rolling metric) {
      Metric.Simple base = (Metric.Simple) catalog.metric(metric.base());
      WarehouseTable fact = catalog.warehouseTable(base.fact());
      String partition = id(fact.name()) + "." + id(fact.partitionColumn().orElseThrow());
      String name = metric.name();
      String byPeriod = allocate(name + "_by_period");
      rollingCtes.put(name, byPeriod);
      int days = metric.days();
      String dims = dimensions.stream().map(d -> id(d.name()) + ", ").collect(Collectors.joining());
      List<String> dimItems =
          dimensions.stream().map(d -> render(d.column()) + " AS " + id(d.name())).collect(Collectors.toList());
      String window =
          partition + " BETWEEN " + dialect.addDays(start, -(days - 1)) + " AND " + end;
      String value = render(base.expression());
      String changesSource;
      String changes = allocate(name + "_changes");
      if (base.aggregation() == Aggregation.COUNT_DISTINCT) {
        String activeDates = allocate(name + "_active_dates");
        String spans = allocate(name + "_spans");
        List<String> items = new ArrayList<>();
        items.add(partition + " AS active_date");
        items.addAll(dimItems);
        items.add(value + " AS counted_value");
        StringBuilder where = new StringBuilder(window);
        base.filter().ifPresent(f -> where.append("\n  AND ").append(render(f)));
        where.append("\n  AND ").append(value).append(" IS NOT NULL");
        cte(
            activeDates,
            name + ": each value of " + base.name() + " once per date it occurs",
            "SELECT DISTINCT\n"
                + items.stream().map(i -> "  " + i).collect(Collectors.joining(",\n"))
                + "\n"
                + fromFactWithDimensions(fact)
                + "\nWHERE "
                + where);
        String exit = dialect.addDays("active_date", days);
        String partitionBy = "PARTITION BY " + dims + "counted_value";
        cte(
            spans,
            name + ": a value counts from a date it occurs until " + days + " days later, or until it occurs again",
            "SELECT\n  "
                + dims
                + "active_date,\n  "
                + dialect.least(
                    exit,
                    "COALESCE(LEAD(active_date) OVER (" + partitionBy + " ORDER BY active_date), " + exit + ")")
                + " AS counted_until\nFROM "
                + activeDates);
        cte(
            changes,
            name + ": +1 when a value enters the window, -1 when it leaves, 0 on every date reported",
            "SELECT " + dims + "active_date AS change_date, 1 AS change FROM " + spans + "\n"
                + "UNION ALL\n"
                + "SELECT " + dims + "counted_until AS change_date, -1 AS change FROM " + spans + "\n"
                + "UNION ALL\n"
                + zeroChanges(spans));
      } else {
        String daily = allocate(name + "_daily");
        List<String> items = new ArrayList<>();
        items.add(partition + " AS active_date");
        items.addAll(dimItems);
        items.add(aggregate(base) + " AS amount");
        cte(
            daily,
            name + ": " + base.name() + " per date",
            "SELECT\n"
                + items.stream().map(i -> "  " + i).collect(Collectors.joining(",\n"))
                + "\n"
                + fromFactWithDimensions(fact)
                + "\nWHERE "
                + window
                + "\nGROUP BY "
                + ordinals(1 + dimensions.size()));
        cte(
            changes,
            name + ": a date's amount enters the window on the date and leaves " + days + " days later",
            "SELECT " + dims + "active_date AS change_date, amount AS change FROM " + daily + " WHERE amount IS NOT NULL\n"
                + "UNION ALL\n"
                + "SELECT " + dims + dialect.addDays("active_date", days) + " AS change_date, -amount AS change FROM " + daily + " WHERE amount IS NOT NULL\n"
                + "UNION ALL\n"
                + zeroChanges(daily));
      }
      String partitionBy = dimensions.isEmpty() ? "" : "PARTITION BY " + dims.substring(0, dims.length() - 2) + " ";
      cte(
          byPeriod,
          name + ": the running total of the changes is the window's value on each date",
          "SELECT\n  change_date AS "
              + PERIOD
              + ",\n"
              + dimensions.stream().map(d -> "  " + id(d.name()) + ",\n").collect(Collectors.joining())
              + "  SUM(SUM(change)) OVER ("
              + partitionBy
              + "ORDER BY change_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "
              + id(name)
              + "\nFROM "
              + changes
              + "\nGROUP BY "
              + ordinals(1 + dimensions.size()));
      joined.add(byPeriod);
    }

    /** A 0 change on every reported date (for each dimension value seen), so each date has a row. */
    private String zeroChanges(String source) {
      if (dimensions.isEmpty()) {
        return "SELECT " + PERIOD + " AS change_date, 0 AS change FROM periods";
      }
      String dims = dimensions.stream().map(d -> id(d.name())).collect(Collectors.joining(", "));
      String qualified = dimensions.stream().map(d -> "seen." + id(d.name()) + ", ").collect(Collectors.joining());
      return "SELECT "
          + qualified
          + "periods."
          + PERIOD
          + " AS change_date, 0 AS change\nFROM periods\nCROSS JOIN (SELECT DISTINCT "
          + dims
          + " FROM "
          + source
          + ") AS seen";
    }

    // ------------------------------------------------------------ final values

    /** The SQL of a metric's value in the final SELECT. */
    private String metricValue(String name) {
      Metric metric = catalog.metric(name);
      return metric.accept(
          new MetricVisitor<String>() {
            @Override
            public String visitSimple(Metric.Simple simple) {
              String column = factCtes.get(simple.fact()) + "." + id(simple.name());
              return simple.aggregation().isZeroWhenEmpty()
                  ? dialect.zeroIfNull(column, catalog.metricType(name))
                  : column;
            }

            @Override
            public String visitRolling(Metric.Rolling rolling) {
              return dialect.zeroIfNull(rollingCtes.get(rolling.name()) + "." + id(rolling.name()), catalog.metricType(name));
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

    /** {@code wanted}, or, when a CTE has that name already, {@code wanted_2}, {@code wanted_3}, ... */
    private String allocate(String wanted) {
      String name = wanted;
      for (int n = 2; !names.add(name); n++) {
        name = wanted + "_" + n;
      }
      return name;
    }

    private void cte(String name, String comment, String body) {
      ctes.add(new String[] {name, comment, body});
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

  private static String ordinals(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(Integer.toString(i));
    }
    return String.join(", ", out);
  }

  private static String indent(String text, String prefix) {
    return text.lines().map(l -> l.isEmpty() ? l : prefix + l).collect(Collectors.joining("\n"));
  }
}
