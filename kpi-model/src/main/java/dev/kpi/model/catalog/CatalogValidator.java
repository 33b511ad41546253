package dev.kpi.model.catalog;

import dev.kpi.model.Documented;
import dev.kpi.model.Identifiers;
import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.ExprText;
import dev.kpi.model.expr.ExprVisitor;
import dev.kpi.model.expr.Exprs;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.metric.MetricVisitor;
import dev.kpi.model.summary.SlackLimits;
import dev.kpi.model.warehouse.ForeignKey;
import dev.kpi.model.warehouse.Join;
import dev.kpi.model.warehouse.TableKind;
import dev.kpi.model.warehouse.WarehouseColumn;
import dev.kpi.model.warehouse.WarehouseLimits;
import dev.kpi.model.warehouse.WarehouseTable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules a catalog must keep. Each problem is one sentence that starts with the object
 * ("metric 'gmv': ...") and says what to change. All problems are collected, so an analyst
 * fixes them in one round.
 */
final class CatalogValidator {
  private final Catalog catalog;
  private final List<String> problems = new ArrayList<>();
  private final MetricGraph graph;

  /** Metrics a mart was given as definitions that the catalog does not hold (forgotten in .addMetrics). */
  private final Set<String> unregistered = new HashSet<>();

  CatalogValidator(Catalog catalog) {
    this.catalog = catalog;
    this.graph = catalog.graph();
    for (Mart mart : catalog.marts()) {
      for (Metric given : mart.definitions()) {
        if (catalog.findMetric(given.name()).isEmpty()) {
          unregistered.add(given.name());
        }
      }
    }
  }

  List<String> problems() {
    checkCatalog();
    catalog.lakeTables().forEach(this::checkLakeTable);
    catalog.warehouseTables().forEach(this::checkWarehouseTable);
    catalog.dimensions().forEach(this::checkDimension);
    catalog.metrics().forEach(this::checkMetric);
    checkMetricCycles();
    catalog.marts().forEach(this::checkMart);
    duplicates("summary", catalog.summaries(), dev.kpi.model.summary.Summary::name);
    catalog.summaries().forEach(this::checkSummary);
    return problems;
  }

  private void problem(String object, String text) {
    problems.add(object + ": " + text);
  }

  // ---------------------------------------------------------------- catalog-wide

  private void checkCatalog() {
    try {
      ZoneId.of(catalog.timeZone());
    } catch (DateTimeException e) {
      problem(
          "catalog '" + catalog.name() + "'",
          "time zone '" + catalog.timeZone() + "' is not an IANA zone id; use e.g. Asia/Tokyo");
    }
    duplicates("lake table", catalog.lakeTables(), LakeTable::name);
    duplicates("warehouse table", catalog.warehouseTables(), WarehouseTable::name);
    duplicates("metric", catalog.metrics(), Metric::name);
    duplicates("dimension", catalog.dimensions(), Dimension::name);
    duplicates("mart", catalog.marts(), Mart::name);
  }

  private <T> void duplicates(String kind, List<T> objects, Function<T, String> name) {
    Map<String, Integer> counts = new HashMap<>();
    objects.forEach(o -> counts.merge(name.apply(o), 1, Integer::sum));
    counts.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .sorted()
        .forEach(
            n ->
                problem(
                    kind + " '" + n + "'",
                    "is defined "
                        + counts.get(n)
                        + " times; names must be unique, rename or remove the copies"));
  }

  /**
   * A column's description is written to the warehouse's catalog (a mart column's as "display
   * name: description"), which refuses the table when it is too long.
   */
  private void columnDescription(String object, Optional<String> displayName, String description) {
    int length = displayName.map(d -> d.length() + 2).orElse(0) + description.strip().length();
    if (length > WarehouseLimits.MAX_COLUMN_DESCRIPTION) {
      problem(
          object,
          "has a description of " + length + " characters" + (displayName.isPresent() ? " with its display name" : "") + "; a warehouse column keeps at most "
              + WarehouseLimits.MAX_COLUMN_DESCRIPTION + " (BigQuery's limit): shorten it");
    }
  }

  private void identifier(String object, String what, String name) {
    if (!Identifiers.isValid(name)) {
      problem(object, what + " '" + name + "' is not a valid name; use " + Identifiers.rule());
    }
  }

  private void documented(String object, Documented documented) {
    if (documented.description().isBlank()) {
      problem(object, "has no description; say what it means in .description(\"...\")");
    }
    if (documented.owner().isBlank()) {
      problem(object, "has no owner; name who answers questions about it in .owner(\"...\")");
    }
    if (documented.description().indexOf('\0') >= 0 || documented.owner().indexOf('\0') >= 0) {
      // Every other character is kept (escaped) in the SQL; DuckDB's strings cannot hold NUL.
      problem(object, "holds the NUL character (\\0) in its description or owner; remove it");
    }
  }

  // ---------------------------------------------------------------- lake

  private void checkLakeTable(LakeTable table) {
    String object = "lake table '" + table.name() + "'";
    identifier(object, "name", table.name());
    documented(object, table);
    if (table.columns().isEmpty()) {
      problem(object, "has no columns");
    }
    duplicates(object + " column", table.columns(), LakeColumn::name);
    table.columns().forEach(c -> identifier(object, "column", c.name()));
    checkPrimaryKey(object, table);
    new LakeRuleValidator(catalog, this::problem).check(table);
    table
        .partitionColumn()
        .ifPresent(
            p -> {
              Optional<LakeColumn> column = table.findColumn(p);
              if (column.isEmpty()) {
                problem(object, "partition column '" + p + "' is not one of its columns");
              } else if (column.get().type() != LogicalType.TIMESTAMP
                  && column.get().type() != LogicalType.DATE) {
                problem(
                    object,
                    "partition column '"
                        + p
                        + "' is "
                        + column.get().type()
                        + "; partition by a TIMESTAMP or DATE column");
              }
            });
  }

  private void checkPrimaryKey(String object, LakeTable table) {
    Set<String> seen = new HashSet<>();
    for (String key : table.primaryKey()) {
      Optional<LakeColumn> column = table.findColumn(key);
      if (column.isEmpty()) {
        problem(
            object,
            "primary key column '" + key + "' is not one of its columns; name columns of the table in .primaryKey(...)");
      } else if (!seen.add(key)) {
        problem(object, "primary key names column '" + key + "' twice; name each key column once");
      } else if (column.get().nullable()) {
        // A key identifies a row only when it has a value: the migration's PRIMARY KEY makes its
        // columns NOT NULL, and the lake check relies on that.
        problem(
            object,
            "primary key column '" + key + "' is nullable; declare it NOT NULL (nullable false)");
      }
    }
  }

  // ---------------------------------------------------------------- warehouse

  private void checkWarehouseTable(WarehouseTable table) {
    String object = "warehouse table '" + table.name() + "'";
    identifier(object, "name", table.name());
    documented(object, table);
    if (table.columns().isEmpty()) {
      problem(object, "has no columns; add them with .column(name, expression, description)");
    }
    duplicates(object + " column", table.columns(), WarehouseColumn::name);

    Map<String, LakeTable> readable = new HashMap<>();
    readable.put(table.source().name(), table.source());
    for (Join join : table.joins()) {
      if (readable.put(join.table().name(), join.table()) != null) {
        problem(
            object,
            "reads lake table '"
                + join.table().name()
                + "' twice; each lake table may appear once in a warehouse table");
      }
    }
    for (LakeTable lake : readable.values()) {
      if (catalog.findLakeTable(lake.name()).isEmpty()) {
        problem(object, "reads lake table '" + lake.name() + "', which the catalog does not declare");
      }
    }
    Set<String> tables = readable.keySet();
    for (Join join : table.joins()) {
      checkCondition(object + ", join of " + join.table().name(), join.on(), tables);
    }
    for (Expr filter : table.filters()) {
      checkCondition(object + ", filter", filter, tables);
    }
    for (WarehouseColumn column : table.columns()) {
      String columnObject = object + ", column '" + column.name() + "'";
      identifier(object, "column", column.name());
      checkExpression(columnObject, column.expression(), tables, false);
      if (column.description().isBlank()) {
        problem(columnObject, "has no description; pass one to .column(name, expression, description)");
      }
      columnDescription(columnObject, Optional.empty(), column.description());
    }
    for (Expr.ColumnRef pruned : table.alsoPrunedBy()) {
      checkExpression(object + ", alsoPrunedBy", pruned, tables, false);
      if (pruned.type() != LogicalType.TIMESTAMP) {
        problem(object, "alsoPrunedBy column " + pruned.qualifiedName() + " must be a TIMESTAMP");
      }
    }
    checkPartitioning(object, table);
    for (String cluster : table.clusterBy()) {
      if (table.findColumn(cluster).isEmpty()) {
        problem(object, "clusters by '" + cluster + "', which is not one of its columns");
      }
    }
    if (table.clusterBy().size() > WarehouseLimits.MAX_CLUSTER_COLUMNS) {
      problem(object, "clusters by " + table.clusterBy().size() + " columns; BigQuery allows at most " + WarehouseLimits.MAX_CLUSTER_COLUMNS);
    }
    if (table.lookbackDays() < 0) {
      problem(object, "lookback of " + table.lookbackDays() + " days is negative; use 0 or more");
    }
    for (ForeignKey key : table.references()) {
      checkForeignKey(object, table, key);
    }
  }

  private void checkPartitioning(String object, WarehouseTable table) {
    if (table.partitionColumn().isEmpty()) {
      if (table.kind() == TableKind.FACT) {
        problem(
            object,
            "is a fact without a partition column; name its business-date column with .partitionedBy(\"...\")");
      }
      return;
    }
    String partition = table.partitionColumn().get();
    Optional<WarehouseColumn> column = table.findColumn(partition);
    if (column.isEmpty()) {
      problem(object, "partition column '" + partition + "' is not one of its columns");
    } else if (column.get().expression().type() != LogicalType.DATE) {
      Expr expression = column.get().expression();
      // Name the table's own timestamp in the hint, not another catalog's column.
      String timestamp =
          expression.type() == LogicalType.TIMESTAMP ? describe(expression) : "a TIMESTAMP column";
      problem(
          object,
          "partition column '"
              + partition
              + "' is "
              + expression.type()
              + "; it must be a DATE (e.g. Expr.businessDate("
              + timestamp
              + "))");
    }
  }

  private void checkForeignKey(String object, WarehouseTable table, ForeignKey key) {
    if (table.findColumn(key.column()).isEmpty()) {
      problem(object, "reference column '" + key.column() + "' is not one of its columns");
    }
    Optional<WarehouseTable> target = catalog.findWarehouseTable(key.dimensionTable());
    if (target.isEmpty()) {
      problem(object, "references '" + key.dimensionTable() + "', which is not a warehouse table");
      return;
    }
    if (target.get().kind() != TableKind.DIMENSION) {
      problem(object, "references '" + key.dimensionTable() + "', which is not a dimension table");
    }
    Optional<WarehouseColumn> targetColumn = target.get().findColumn(key.dimensionColumn());
    if (targetColumn.isEmpty()) {
      problem(
          object,
          "references column '"
              + key.dimensionColumn()
              + "' of '"
              + key.dimensionTable()
              + "', which has no such column");
    } else if (table.findColumn(key.column()).isPresent()
        && !table
            .columnType(key.column())
            .isComparableWith(targetColumn.get().expression().type())) {
      problem(
          object,
          "reference column '"
              + key.column()
              + "' ("
              + table.columnType(key.column())
              + ") cannot be joined to "
              + key.dimensionTable()
              + "."
              + key.dimensionColumn()
              + " ("
              + targetColumn.get().expression().type()
              + ")");
    }
  }

  // ---------------------------------------------------------------- dimensions

  private void checkDimension(Dimension dimension) {
    String object = "dimension '" + dimension.name() + "'";
    identifier(object, "name", dimension.name());
    documented(object, dimension);
    columnDescription(object, dimension.displayName(), dimension.description());
    Expr.ColumnRef column = dimension.column();
    Optional<WarehouseTable> table = catalog.findWarehouseTable(column.table());
    if (table.isEmpty()) {
      problem(object, "reads table '" + column.table() + "', which is not a warehouse table");
    } else if (table.get().findColumn(column.column()).isEmpty()) {
      problem(object, "reads column '" + column.qualifiedName() + "', which does not exist");
    }
  }

  // ---------------------------------------------------------------- metrics

  private void checkMetric(Metric metric) {
    String object = "metric '" + metric.name() + "'";
    identifier(object, "name", metric.name());
    documented(object, metric);
    columnDescription(object, metric.displayName(), metric.description());
    metric.accept(
        new MetricVisitor<Void>() {
          @Override
          public Void visitSimple(Metric.Simple simple) {
            checkSimpleMetric(object, simple);
            return null;
          }

          @Override
          public Void visitRatio(Metric.Ratio ratio) {
            requireMetric(object, "numerator", ratio.numerator());
            requireMetric(object, "denominator", ratio.denominator());
            for (String input : ratio.inputs()) {
              if (catalog.findMetric(input).isPresent()
                  && !graph.type(input).isNumeric()) {
                problem(
                    object,
                    "divides by or into metric '"
                        + input
                        + "' of type "
                        + graph.type(input)
                        + "; a ratio needs numeric metrics");
              }
            }
            return null;
          }

          @Override
          public Void visitDerived(Metric.Derived derived) {
            List<String> refs = derived.inputs();
            if (refs.isEmpty()) {
              problem(object, "uses no metric; write it over metrics with Expr.metric(\"name\")");
            }
            refs.forEach(r -> requireMetric(object, "input", r));
            for (Expr.ColumnRef column : Exprs.columns(derived.expression())) {
              problem(
                  object,
                  "reads column "
                      + column.qualifiedName()
                      + " directly; a derived metric combines metrics only, define a simple metric for it");
            }
            checkTypes(object, derived.expression());
            return null;
          }

          @Override
          public Void visitRolling(Metric.Rolling rolling) {
            if (rolling.days() <= 0) {
              problem(
                  object,
                  "has a rolling window of "
                      + rolling.days()
                      + " days; the window must be 1 day or more");
            }
            if (requireMetric(object, "base", rolling.base())) {
              Metric base = catalog.metric(rolling.base());
              if (!(base instanceof Metric.Simple)) {
                problem(
                    object,
                    "rolls up metric '"
                        + rolling.base()
                        + "', which is not a simple metric; a rolling window needs SUM, COUNT or COUNT DISTINCT of a fact");
              } else {
                Metric.Simple simple = (Metric.Simple) base;
                switch (simple.aggregation()) {
                  case SUM:
                  case COUNT:
                  case COUNT_DISTINCT:
                    break;
                  default:
                    problem(
                        object,
                        "rolls up a "
                            + simple.aggregation().label()
                            + " metric; rolling windows support SUM, COUNT and COUNT DISTINCT");
                }
              }
            }
            return null;
          }
        });
  }

  private void checkSimpleMetric(String object, Metric.Simple metric) {
    Optional<WarehouseTable> fact = catalog.findWarehouseTable(metric.fact());
    if (metric.fact().isEmpty()) {
      problem(object, "reads no column of a fact; aggregate a column of a fact table");
      return;
    }
    if (fact.isEmpty()) {
      problem(object, "aggregates table '" + metric.fact() + "', which is not a warehouse table");
      return;
    }
    if (fact.get().kind() != TableKind.FACT) {
      problem(object, "aggregates '" + metric.fact() + "', a dimension table; metrics aggregate facts");
    }
    Set<String> tables = Set.of(metric.fact());
    checkExpression(object, metric.expression(), tables, false);
    metric.filter().ifPresent(f -> checkCondition(object + ", filter", f, tables));
    LogicalType type = metric.expression().type();
    if (metric.aggregation().needsNumeric() && !type.isNumeric()) {
      problem(
          object,
          metric.aggregation().label()
              + " of "
              + describe(metric.expression())
              + " of type "
              + type
              + " is not possible; "
              + metric.aggregation().label()
              + " needs a numeric column (INT64, NUMERIC or FLOAT64)");
    }
  }

  private boolean requireMetric(String object, String role, String name) {
    if (catalog.findMetric(name).isPresent()) {
      return true;
    }
    if (unregistered.contains(name)) {
      problem(
          object,
          role + " '" + name + "' is defined but not registered in catalog '" + catalog.name()
              + "': add it to the catalog's .addMetrics(...)");
      return false;
    }
    String what = "does not exist";
    if (catalog.findDimension(name).isPresent()) {
      what = "is a dimension, not a metric";
    } else if (catalog.findWarehouseTable(name).isPresent() || catalog.findLakeTable(name).isPresent()) {
      what = "is a table, not a metric";
    } else if (catalog.findMart(name).isPresent()) {
      what = "is a mart, not a metric";
    } else {
      what += Suggestion.didYouMean(name, catalog.metrics().stream().map(Metric::name).collect(Collectors.toList()));
    }
    problem(object, role + " '" + name + "' " + what + "; name a metric of the catalog");
    return false;
  }

  /**
   * One problem per distinct cycle found through each metric: an analyst who made two loops
   * that share a metric sees both at once instead of fixing one and meeting the next.
   */
  private void checkMetricCycles() {
    for (List<String> path : graph.cycles()) {
      problem(
          "metric '" + path.get(0) + "'",
          "is defined in terms of itself: " + String.join(" -> ", path) + "; break the cycle");
    }
  }

  // ---------------------------------------------------------------- marts

  private void checkMart(Mart mart) {
    String object = "mart '" + mart.name() + "'";
    identifier(object, "name", mart.name());
    documented(object, mart);
    if (mart.metrics().isEmpty()) {
      problem(object, "has no metrics; add at least one with .metrics(...)");
    }
    Set<String> columns = new LinkedHashSet<>();
    columns.add(mart.grain().dateColumn());
    for (String name : concat(mart.dimensions(), mart.metrics())) {
      if (!columns.add(name)) {
        problem(object, "has two columns named '" + name + "'; list each metric and dimension once");
      }
    }
    for (String dimension : mart.dimensions()) {
      if (catalog.findDimension(dimension).isEmpty()) {
        problem(object, "dimension '" + dimension + "' is not a dimension of the catalog");
      }
    }
    if (mart.dense() && mart.dimensions().isEmpty()) {
      problem(object, "is dense but has no dimensions; dense marts need a dimension to be dense over");
    }
    for (String metricName : mart.metrics()) {
      if (!requireMetric(object, "metric", metricName)) {
        continue;
      }
      for (Metric.Simple simple : graph.simpleInputs(List.of(metricName))) {
        for (String dimensionName : mart.dimensions()) {
          catalog
              .findDimension(dimensionName)
              .ifPresent(d -> checkReachable(object, metricName, simple, d));
        }
      }
      if (mart.grain() != Grain.DAY && graph.usesRolling(metricName)) {
        problem(
            object,
            "metric '"
                + metricName
                + "' is a rolling window over days; it belongs in a daily mart, not a "
                + mart.grain().name().toLowerCase()
                + "ly one");
      }
    }
  }

  private void checkReachable(String object, String metricName, Metric.Simple simple, Dimension d) {
    String dimensionTable = d.column().table();
    if (dimensionTable.equals(simple.fact())) {
      return;
    }
    Optional<WarehouseTable> fact = catalog.findWarehouseTable(simple.fact());
    boolean referenced =
        fact.isPresent()
            && fact.get().references().stream()
                .anyMatch(k -> k.dimensionTable().equals(dimensionTable));
    if (!referenced) {
      problem(
          object,
          "dimension '"
              + d.name()
              + "' (from "
              + dimensionTable
              + ") is not reachable from metric '"
              + metricName
              + "' (fact "
              + simple.fact()
              + "); add a reference from "
              + simple.fact()
              + " to "
              + dimensionTable
              + " or drop the dimension");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // ---------------------------------------------------------------- summaries

  private static final java.util.regex.Pattern SLACK_ID = java.util.regex.Pattern.compile("[A-Z][A-Z0-9]{2,20}");

  private void checkSummary(dev.kpi.model.summary.Summary summary) {
    String object = "summary '" + summary.name() + "'";
    identifier(object, "name", summary.name());
    documented(object, summary);
    Optional<Mart> mart = catalog.findMart(summary.mart());
    if (mart.isEmpty()) {
      problem(object, "reads mart '" + summary.mart() + "', which the catalog does not have");
    } else if (mart.get().grain() != Grain.DAY || !mart.get().dimensions().isEmpty()) {
      problem(object, "reads mart '" + summary.mart() + "'; headline KPIs come from a daily mart without dimensions");
    } else {
      for (String metric : summary.headline()) {
        if (!mart.get().metrics().contains(metric)) {
          problem(object, "headline metric '" + metric + "' is not in mart '" + summary.mart() + "'; add it to the mart or pick one of " + mart.get().metrics());
        }
      }
    }
    if (summary.headline().isEmpty()) {
      problem(object, "has no headline metrics; list them with .addHeadline(...)");
    }
    String header = summary.header().replace(dev.kpi.model.summary.Summary.DATE_PLACEHOLDER, "2026-11-24 (Tue)");
    if (summary.header().isBlank()) {
      problem(object, "has an empty header");
    } else if (header.length() > SlackLimits.MAX_HEADER_TEXT) {
      problem(object, "header is " + header.length() + " characters with the date; Slack shows at most " + SlackLimits.MAX_HEADER_TEXT + ", shorten it");
    }
    summary.dashboardUrl().ifPresent(url -> {
      if (!url.startsWith("https://") || url.length() > SlackLimits.MAX_BUTTON_URL || url.chars().anyMatch(Character::isWhitespace)) {
        problem(object, "dashboard URL '" + url + "' is not an https:// URL of at most " + SlackLimits.MAX_BUTTON_URL + " characters");
      }
    });
    dev.kpi.model.summary.Mention mention = summary.mention();
    boolean needsId = mention.kind() == dev.kpi.model.summary.Mention.Kind.USER || mention.kind() == dev.kpi.model.summary.Mention.Kind.USER_GROUP;
    if (needsId && (mention.id().isEmpty() || !SLACK_ID.matcher(mention.id().get()).matches())) {
      problem(object, "mentions a " + mention.kind().name().toLowerCase().replace('_', ' ') + " with id '" + mention.id().orElse("") + "'; use the Slack id (U… for a user, S… for a user group)");
    }
    if (!needsId && mention.id().isPresent()) {
      problem(object, "mention " + mention.kind() + " takes no id");
    }
    summary.breakdown().ifPresent(breakdown -> {
      Optional<Mart> breakdownMart = catalog.findMart(breakdown.mart());
      if (breakdownMart.isEmpty()) {
        problem(object, "breakdown reads mart '" + breakdown.mart() + "', which the catalog does not have");
        return;
      }
      if (breakdownMart.get().grain() != Grain.DAY || !breakdownMart.get().dimensions().contains(breakdown.dimension())) {
        problem(object, "breakdown mart '" + breakdown.mart() + "' is not a daily mart by dimension '" + breakdown.dimension() + "'");
      }
      List<String> shown = new ArrayList<>();
      shown.add(breakdown.rankBy());
      shown.addAll(breakdown.alsoShow());
      for (String metric : shown) {
        if (!breakdownMart.get().metrics().contains(metric)) {
          problem(object, "breakdown metric '" + metric + "' is not in mart '" + breakdown.mart() + "'");
        }
      }
      if (breakdown.top() < 1 || breakdown.top() > 50) {
        problem(object, "breakdown shows the top " + breakdown.top() + "; show between 1 and 50");
      }
    });
  }

  // ---------------------------------------------------------------- expressions

  private void checkCondition(String object, Expr condition, Set<String> tables) {
    checkExpression(object, condition, tables, false);
    if (readsAMissingColumn(condition)) {
      return;
    }
    if (condition.type() != LogicalType.BOOL) {
      problem(object, describe(condition) + " is " + condition.type() + ", not a condition (BOOL)");
    }
  }

  private void checkExpression(String object, Expr expr, Set<String> tables, boolean metricsAllowed) {
    for (Expr.ColumnRef column : Exprs.columns(expr)) {
      if (!tables.contains(column.table())) {
        problem(
            object,
            "reads "
                + column.qualifiedName()
                + ", but only "
                + tables.stream().sorted().collect(Collectors.joining(", "))
                + " can be read here; join the table or use a column of those");
      } else {
        checkColumnExists(object, column);
      }
    }
    if (!metricsAllowed) {
      for (Expr.MetricRef ref : Exprs.metrics(expr)) {
        problem(object, "uses metric '" + ref.name() + "'; metrics can be used only in derived metrics");
      }
    }
    if (!readsAMissingColumn(expr)) {
      // A column the table lacks has no type: its one problem above says so.
      checkTypes(object, expr);
    }
  }

  private boolean readsAMissingColumn(Expr expr) {
    for (Expr.ColumnRef column : Exprs.columns(expr)) {
      Optional<LakeTable> lake = catalog.findLakeTable(column.table());
      Optional<WarehouseTable> table = catalog.findWarehouseTable(column.table());
      boolean missing =
          lake.map(l -> l.findColumn(column.column()).isEmpty()).orElse(false)
              || table.map(t -> t.findColumn(column.column()).isEmpty()).orElse(false);
      if (missing) {
        return true;
      }
    }
    return false;
  }

  private void checkColumnExists(String object, Expr.ColumnRef column) {
    Optional<LakeTable> lake = catalog.findLakeTable(column.table());
    if (lake.isPresent()) {
      Optional<LakeColumn> declared = lake.get().findColumn(column.column());
      if (declared.isEmpty()) {
        problem(
            object,
            "reads " + column.qualifiedName() + ", which the lake table does not have"
                + Suggestion.didYouMean(column.column(), lake.get().columns().stream().map(LakeColumn::name).collect(Collectors.toList())));
      } else if (declared.get().type() != column.type()) {
        problem(
            object,
            "reads "
                + column.qualifiedName()
                + " as "
                + column.type()
                + ", but the lake declares it "
                + declared.get().type());
      }
      return;
    }
    catalog
        .findWarehouseTable(column.table())
        .ifPresent(
            t -> {
              Optional<WarehouseColumn> declared = t.findColumn(column.column());
              if (declared.isEmpty()) {
                problem(
                    object,
                    "reads " + column.qualifiedName() + ", which the table does not have"
                        + Suggestion.didYouMean(column.column(), t.columns().stream().map(WarehouseColumn::name).collect(Collectors.toList())));
              } else if (declared.get().expression().type() != column.type()) {
                problem(
                    object,
                    "reads "
                        + column.qualifiedName()
                        + " as "
                        + column.type()
                        + ", but the table declares it "
                        + declared.get().expression().type());
              }
            });
  }

  /** Reports every ill-typed node of the expression. */
  private void checkTypes(String object, Expr expr) {
    Function<Expr, LogicalType> typeOf =
        e -> dev.kpi.model.expr.TypeInference.typeOf(e, graph::type);
    for (String text : expr.accept(new TypeProblems(typeOf, catalog.timeZone()))) {
      problem(object, text);
    }
  }

  static String describe(Expr expr) {
    return ExprText.of(expr);
  }

  /** Finds type errors anywhere in an expression tree. */
  private static final class TypeProblems implements ExprVisitor<List<String>> {
    private final Function<Expr, LogicalType> typeOf;

    TypeProblems(Function<Expr, LogicalType> typeOf, String catalogZone) {
      this.typeOf = typeOf;
    }

    private List<String> children(Expr expr) {
      List<String> out = new ArrayList<>();
      for (Expr child : Exprs.children(expr)) {
        out.addAll(child.accept(this));
      }
      return out;
    }

    @Override
    public List<String> visitColumn(Expr.ColumnRef column) {
      return List.of();
    }

    @Override
    public List<String> visitLiteral(Expr.Literal literal) {
      return List.of();
    }

    @Override
    public List<String> visitArithmetic(Expr.Arithmetic arithmetic) {
      List<String> out = children(arithmetic);
      LogicalType l = typeOf.apply(arithmetic.left());
      LogicalType r = typeOf.apply(arithmetic.right());
      if (!l.isNumeric() || !r.isNumeric()) {
        out.add(
            "cannot compute "
                + describe(arithmetic)
                + ": "
                + arithmetic.op().symbol()
                + " needs numbers, got "
                + l
                + " and "
                + r);
      }
      return out;
    }

    @Override
    public List<String> visitComparison(Expr.Comparison comparison) {
      List<String> out = children(comparison);
      LogicalType l = typeOf.apply(comparison.left());
      LogicalType r = typeOf.apply(comparison.right());
      if (!l.isComparableWith(r)) {
        out.add(
            "cannot compare "
                + describe(comparison.left())
                + " ("
                + l
                + ") with "
                + describe(comparison.right())
                + " ("
                + r
                + "); compare values of the same type");
      }
      return out;
    }

    @Override
    public List<String> visitLogical(Expr.Logical logical) {
      List<String> out = children(logical);
      for (Expr operand : logical.operands()) {
        if (typeOf.apply(operand) != LogicalType.BOOL) {
          out.add(logical.op() + " needs conditions, but " + describe(operand) + " is " + typeOf.apply(operand));
        }
      }
      return out;
    }

    @Override
    public List<String> visitNot(Expr.Not not) {
      List<String> out = children(not);
      if (typeOf.apply(not.operand()) != LogicalType.BOOL) {
        out.add("NOT needs a condition, but " + describe(not.operand()) + " is " + typeOf.apply(not.operand()));
      }
      return out;
    }

    @Override
    public List<String> visitIsNull(Expr.IsNull isNull) {
      return children(isNull);
    }

    @Override
    public List<String> visitIn(Expr.In in) {
      List<String> out = children(in);
      LogicalType operand = typeOf.apply(in.operand());
      if (in.values().isEmpty()) {
        out.add(describe(in.operand()) + " IN () has no values; list at least one");
      }
      for (Expr.Literal value : in.values()) {
        if (!operand.isComparableWith(value.type())) {
          out.add(
              "cannot compare "
                  + describe(in.operand())
                  + " ("
                  + operand
                  + ") with "
                  + describe(value)
                  + " ("
                  + value.type()
                  + ") in IN; compare values of the same type");
        }
      }
      return out;
    }

    @Override
    public List<String> visitCase(Expr.Case caseExpr) {
      List<String> out = children(caseExpr);
      LogicalType type = typeOf.apply(caseExpr);
      for (Expr.When when : caseExpr.whens()) {
        if (typeOf.apply(when.condition()) != LogicalType.BOOL) {
          out.add("CASE WHEN needs a condition, but " + describe(when.condition()) + " is " + typeOf.apply(when.condition()));
        }
        if (!typeOf.apply(when.result()).isComparableWith(type)) {
          out.add("CASE branches must have one type, but " + describe(when.result()) + " is " + typeOf.apply(when.result()) + " and the first is " + type);
        }
      }
      caseExpr
          .otherwise()
          .filter(e -> !typeOf.apply(e).isComparableWith(type))
          .ifPresent(e -> out.add("CASE ELSE " + describe(e) + " is " + typeOf.apply(e) + ", but the branches are " + type));
      return out;
    }

    @Override
    public List<String> visitCoalesce(Expr.Coalesce coalesce) {
      List<String> out = children(coalesce);
      LogicalType type = typeOf.apply(coalesce);
      for (Expr operand : coalesce.operands()) {
        if (!typeOf.apply(operand).isComparableWith(type)) {
          out.add("COALESCE arguments must have one type, but " + describe(operand) + " is " + typeOf.apply(operand) + " and the first is " + type);
        }
      }
      return out;
    }

    @Override
    public List<String> visitBusinessDate(Expr.BusinessDate businessDate) {
      List<String> out = children(businessDate);
      LogicalType type = typeOf.apply(businessDate.timestamp());
      if (type != LogicalType.TIMESTAMP) {
        out.add("businessDate needs a TIMESTAMP, but " + describe(businessDate.timestamp()) + " is " + type);
      }
      businessDate
          .timeZone()
          .ifPresent(
              zone -> {
                try {
                  ZoneId.of(zone);
                } catch (DateTimeException e) {
                  out.add("time zone '" + zone + "' is not an IANA zone id; use e.g. Asia/Tokyo");
                }
              });
      return out;
    }

    @Override
    public List<String> visitMetric(Expr.MetricRef metric) {
      return List.of();
    }
  }
}
