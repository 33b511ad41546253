package dev.kpi.runtime.report;

import com.google.gson.GsonBuilder;
import dev.kpi.model.Documented;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.MetricGraph;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.query.FilterText;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.model.warehouse.WarehouseTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the catalog defines, as {@code kpi list} shows it: one entry per metric, dimension, mart
 * or table, each a map of field → value (text, yes/no, a list of names, or null). The text table
 * shows the fields named in {@link #tableFields}; JSON has them all.
 */
public final class CatalogListing {
  /** What {@code kpi list} lists. */
  public enum Subject {
    metrics,
    dimensions,
    marts,
    queries,
    tables
  }

  private final Subject subject;
  private final List<Map<String, Object>> entries;

  private CatalogListing(Subject subject, List<Map<String, Object>> entries) {
    this.subject = subject;
    this.entries = entries;
  }

  public static CatalogListing of(Catalog catalog, Subject subject) {
    switch (subject) {
      case metrics:
        return new CatalogListing(subject, catalog.metrics().stream().map(m -> metric(catalog, m)).toList());
      case dimensions:
        return new CatalogListing(subject, catalog.dimensions().stream().map(d -> dimension(catalog, d)).toList());
      case marts:
        return new CatalogListing(subject, catalog.marts().stream().map(m -> mart(catalog, m)).toList());
      case queries:
        return new CatalogListing(subject, catalog.queries().stream().map(q -> query(catalog, q)).toList());
      default:
        return new CatalogListing(subject, tables(catalog));
    }
  }

  public List<Map<String, Object>> entries() {
    return entries;
  }

  private static Map<String, Object> metric(Catalog catalog, Metric metric) {
    MetricGraph graph = catalog.graph();
    Map<String, Object> entry = named(metric.name(), metric);
    entry.put("kind", graph.kind(metric.name()).label());
    entry.put("type", graph.type(metric.name()).name());
    entry.put("unit", metric.unit().map(Enum::name).orElse(null));
    List<Mart> marts = catalog.marts().stream().filter(m -> m.metrics().contains(metric.name())).toList();
    entry.put("grains", marts.stream().map(m -> grain(m.grain())).distinct().toList());
    entry.put("marts", marts.stream().map(Mart::name).toList());
    documented(entry, metric);
    return entry;
  }

  private static Map<String, Object> dimension(Catalog catalog, Dimension dimension) {
    Map<String, Object> entry = named(dimension.name(), dimension);
    entry.put("column", dimension.column().qualifiedName());
    entry.put("type", dimension.column().type().name());
    entry.put("marts", catalog.marts().stream().filter(m -> m.dimensions().contains(dimension.name())).map(Mart::name).toList());
    documented(entry, dimension);
    return entry;
  }

  private static Map<String, Object> mart(Catalog catalog, Mart mart) {
    Map<String, Object> entry = named(mart.name(), mart);
    entry.put("grain", grain(mart.grain()));
    entry.put("dimensions", mart.dimensions());
    entry.put("dense", mart.dense());
    entry.put("filter", mart.filter().map(f -> FilterText.text(f, catalog)).orElse(null));
    entry.put("metrics", mart.metrics());
    documented(entry, mart);
    return entry;
  }

  private static Map<String, Object> query(Catalog catalog, SavedQuery query) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", query.name());
    entry.put("grain", grain(query.grain()));
    entry.put("metrics", query.metrics());
    entry.put("dimensions", query.dimensions());
    entry.put("dense", query.dense());
    entry.put("filter", query.filter().map(f -> FilterText.text(f, catalog)).orElse(null));
    documented(entry, query);
    return entry;
  }

  private static List<Map<String, Object>> tables(Catalog catalog) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LakeTable table : catalog.lakeTables()) {
      Map<String, Object> entry = table("lake", table.name());
      entry.put("columns", table.columns().stream().map(c -> c.name()).toList());
      entry.put("partitioned_by", table.partitionColumn().orElse(null));
      entry.put("primary_key", table.primaryKey());
      documented(entry, table);
      out.add(entry);
    }
    for (WarehouseTable table : catalog.warehouseTables()) {
      Map<String, Object> entry = table("warehouse", table.name());
      entry.put("columns", table.columns().stream().map(c -> c.name()).toList());
      entry.put("partitioned_by", table.partitionColumn().orElse(null));
      entry.put("primary_key", List.of());
      documented(entry, table);
      out.add(entry);
    }
    for (Mart mart : catalog.marts()) {
      Map<String, Object> entry = table("mart", mart.name());
      List<String> columns = new ArrayList<>();
      columns.add(mart.grain().dateColumn());
      columns.addAll(mart.dimensions());
      columns.addAll(mart.metrics());
      entry.put("columns", columns);
      entry.put("partitioned_by", mart.grain().dateColumn());
      List<String> key = new ArrayList<>();
      key.add(mart.grain().dateColumn());
      key.addAll(mart.dimensions());
      entry.put("primary_key", key);
      documented(entry, mart);
      out.add(entry);
    }
    return out;
  }

  private static Map<String, Object> table(String layer, String name) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", layer + "." + name);
    entry.put("layer", layer);
    return entry;
  }

  private static Map<String, Object> named(String name, Documented object) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put("display_name", object.displayName().orElse(name));
    return entry;
  }

  private static void documented(Map<String, Object> entry, Documented object) {
    entry.put("owner", object.owner());
    entry.put("description", object.description());
  }

  private static String grain(Grain grain) {
    return grain.name().toLowerCase(Locale.ROOT);
  }

  /** The fields a terminal table shows (the JSON has every field). */
  List<String> tableFields() {
    switch (subject) {
      case metrics:
        return List.of("name", "display_name", "kind", "unit", "marts", "owner", "description");
      case dimensions:
        return List.of("name", "display_name", "column", "type", "marts", "owner", "description");
      case marts:
        return List.of("name", "grain", "dimensions", "dense", "metrics", "owner", "description");
      case queries:
        return List.of("name", "grain", "metrics", "dimensions", "filter", "owner", "description");
      default:
        return List.of("name", "partitioned_by", "primary_key", "owner", "description");
    }
  }

  public void printTable(PrintStream out) {
    List<String> fields = tableFields();
    TextTable table = TextTable.text(fields.stream().map(f -> f.replace('_', ' ')).toArray(String[]::new));
    for (Map<String, Object> entry : entries) {
      table.row(fields.stream().map(f -> text(entry.get(f))).toList());
    }
    table.print(out);
  }

  public void printJson(PrintStream out) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put(subject.name(), entries);
    out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(root));
  }

  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Boolean) {
      return (Boolean) value ? "yes" : "no";
    }
    if (value instanceof List) {
      return ((List<?>) value).stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
    return value.toString();
  }
}
