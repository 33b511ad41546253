package dev.kpi.runtime.query;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.kpi.model.LogicalType;
import dev.kpi.model.Unit;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.query.FilterText;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.runtime.report.JsonNumbers;
import dev.kpi.runtime.report.TextTable;
import dev.kpi.runtime.warehouse.Answer;
import dev.kpi.slack.KpiFormat;
import dev.kpi.sql.dialect.ColumnDdl;
import dev.kpi.sql.render.QuerySql;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A query's answer for people and programs: a terminal table (values as the Slack message shows
 * them: ¥1,234, 12.3%), CSV and JSON (values exact: NUMERIC with all its digits, NULL empty or
 * null). Warnings go with the answer: under the table, in JSON's "warnings"; CSV has none, so
 * they go to the log.
 */
public final class AnswerWriter {
  /** How an answer is written. */
  public enum Format {
    table,
    csv,
    json
  }

  private final Catalog catalog;

  public AnswerWriter(Catalog catalog) {
    this.catalog = catalog;
  }

  public void write(Format format, SavedQuery query, QueryRoute route, Answer answer, PrintStream out, PrintStream log) {
    switch (format) {
      case csv:
        csv(answer, out);
        route.warnings().forEach(w -> log.println("kpi: warning: " + w));
        break;
      case json:
        json(query, route, answer, out);
        break;
      default:
        table(query, route, answer, out);
    }
  }

  private void table(SavedQuery query, QueryRoute route, Answer answer, PrintStream out) {
    List<String> header = new ArrayList<>();
    List<TextTable.Align> aligns = new ArrayList<>();
    for (ColumnDdl column : answer.columns()) {
      header.add(column.name());
      aligns.add(isNumber(column.type()) ? TextTable.Align.RIGHT : TextTable.Align.LEFT);
    }
    TextTable table = TextTable.of(header, aligns);
    for (List<Object> row : answer.rows()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        cells.add(cell(answer.columns().get(i), row.get(i)));
      }
      table.row(cells);
    }
    out.println(QuerySql.describe(catalog, query) + ", from " + route.source());
    out.println();
    table.print(out);
    out.println("(" + answer.rows().size() + (answer.rows().size() == 1 ? " row" : " rows") + ")");
    if (!route.warnings().isEmpty()) {
      out.println();
      out.println("warning: the numbers may be incomplete:");
      route.warnings().forEach(w -> out.println("  - " + w));
    }
  }

  private String cell(ColumnDdl column, Object value) {
    if (value == null) {
      return KpiFormat.NOTHING;
    }
    if (value instanceof Double && !Double.isFinite((Double) value)) {
      return value.toString();
    }
    if (isNumber(column.type())) {
      return KpiFormat.value(Optional.of(new BigDecimal(value.toString())), unit(column.name()));
    }
    return value.toString();
  }

  private Optional<Unit> unit(String column) {
    return catalog.findMetric(column).flatMap(m -> m.unit());
  }

  private static void csv(Answer answer, PrintStream out) {
    out.println(answer.columns().stream().map(c -> csvField(c.name())).collect(Collectors.joining(",")));
    for (List<Object> row : answer.rows()) {
      out.println(row.stream().map(v -> v == null ? "" : csvField(exact(v))).collect(Collectors.joining(",")));
    }
  }

  private static String csvField(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private void json(SavedQuery query, QueryRoute route, Answer answer, PrintStream out) {
    JsonObject root = new JsonObject();
    JsonObject asked = new JsonObject();
    asked.addProperty("name", query.name());
    asked.add("metrics", strings(query.metrics()));
    asked.add("dimensions", strings(query.dimensions()));
    asked.addProperty("grain", query.grain().name().toLowerCase(java.util.Locale.ROOT));
    asked.addProperty("dense", query.dense());
    asked.add("filter", query.filter().<JsonElement>map(f -> new JsonPrimitive(FilterText.text(f, catalog))).orElse(JsonNull.INSTANCE));
    asked.addProperty("from", route.read().start().toString());
    asked.addProperty("to", route.read().end().toString());
    root.add("query", asked);
    root.addProperty("source", route.source());
    root.addProperty("reason", route.reason());
    root.add("warnings", strings(route.warnings()));
    JsonArray columns = new JsonArray();
    for (ColumnDdl column : answer.columns()) {
      JsonObject c = new JsonObject();
      c.addProperty("name", column.name());
      c.addProperty("type", column.type().name());
      columns.add(c);
    }
    root.add("columns", columns);
    JsonArray rows = new JsonArray();
    for (List<Object> row : answer.rows()) {
      JsonObject r = new JsonObject();
      for (int i = 0; i < row.size(); i++) {
        r.add(answer.columns().get(i).name(), json(row.get(i)));
      }
      rows.add(r);
    }
    root.add("rows", rows);
    out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(root));
  }

  private static JsonElement json(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof BigDecimal) {
      return JsonNumbers.exact((BigDecimal) value);
    }
    if (value instanceof Double && !Double.isFinite((Double) value)) {
      // JSON has no NaN or infinity: the text says which.
      return new JsonPrimitive(value.toString());
    }
    if (value instanceof Double) {
      return JsonNumbers.exact(BigDecimal.valueOf((Double) value));
    }
    if (value instanceof Number) {
      return new JsonPrimitive((Number) value);
    }
    if (value instanceof Boolean) {
      return new JsonPrimitive((Boolean) value);
    }
    return new JsonPrimitive(value.toString());
  }

  /** A value as exact text: NUMERIC without trailing zeros (1234.5), FLOAT64 in full (0.1, not 1.0E-1), a date as 2026-11-24. */
  static String exact(Object value) {
    if (value instanceof BigDecimal) {
      return JsonNumbers.plain((BigDecimal) value).toPlainString();
    }
    if (value instanceof Double && Double.isFinite((Double) value)) {
      return JsonNumbers.plain(BigDecimal.valueOf((Double) value)).toPlainString();
    }
    if (value instanceof LocalDate) {
      return value.toString();
    }
    return String.valueOf(value);
  }

  private static boolean isNumber(LogicalType type) {
    return type == LogicalType.INT64 || type == LogicalType.NUMERIC || type == LogicalType.FLOAT64;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }
}
