package dev.kpi.runtime.dashboard;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.kpi.model.Unit;
import dev.kpi.model.mart.Grain;
import dev.kpi.runtime.docs.HtmlSite;
import dev.kpi.slack.KpiFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import static dev.kpi.runtime.docs.Html.escape;

/**
 * A dashboard as a static folder: index.html with every number written into the page (cards,
 * tables; readable without JavaScript), formatted as the Slack message formats it, each with its
 * exact value in {@code data-value}; the charts drawn by ECharts, copied from its webjar into the
 * folder, so that viewing needs no network. Definition text and lake warnings are escaped; the
 * chart data is JSON in a script element that no text can close.
 */
public final class DashboardPage {
  private static final String ECHARTS = "/META-INF/resources/webjars/echarts/";

  private DashboardPage() {}

  /**
   * The folder's files by path: index.html and its assets. {@code catalog}: where the catalog
   * site is, relative to the dashboard ("../" when it is written inside one), for links from each
   * card to its KPI's page.
   */
  public static Map<String, String> files(Dashboard dashboard, Optional<String> catalog) {
    Map<String, String> out = new TreeMap<>();
    out.put("index.html", html(dashboard, catalog));
    out.put("assets/site.css", HtmlSite.stylesheet());
    out.put("assets/dashboard.js", dev.kpi.runtime.docs.Html.resource(DashboardPage.class, "dashboard.js"));
    String echarts = ECHARTS + echartsVersion() + "/";
    out.put("assets/echarts.min.js", dev.kpi.runtime.docs.Html.resource(DashboardPage.class, echarts + "dist/echarts.min.js"));
    out.put("assets/echarts.LICENSE.txt", dev.kpi.runtime.docs.Html.resource(DashboardPage.class, echarts + "LICENSE") + "\n" + dev.kpi.runtime.docs.Html.resource(DashboardPage.class, echarts + "NOTICE"));
    return out;
  }

  static String html(Dashboard d, Optional<String> catalog) {
    StringBuilder page = new StringBuilder();
    page.append("<!doctype html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(d.title())).append("</title>\n<link rel=\"stylesheet\" href=\"assets/site.css\">\n</head>\n<body>\n")
        .append("<header>\n<span class=\"home\">").append(escape(d.title())).append("</span>\n<nav>営業日 ").append(d.date()).append(" (").append(escape(d.timeZone()))
        .append(") · 直近 ").append(d.days()).append(" 日")
        .append(catalog.map(c -> " · <a href=\"" + escape(c) + "index.html\">KPI の定義 (catalog)</a>").orElse("")).append("</nav>\n</header>\n<main>\n");
    if (!d.subtitle().isBlank()) {
      page.append("<p class=\"muted\">").append(escape(d.subtitle())).append("</p>\n");
    }
    notices(d, page);
    cards(d, catalog, page);
    trends(d, page);
    d.breakdown().ifPresent(b -> breakdown(d, b, page));
    d.periods().forEach(t -> periods(t, page));
    page.append("</main>\n<footer class=\"muted\"><p>kpi dashboard: the marts' rows as built; numbers as in the Slack summary. Charts: ECharts (Apache-2.0, assets/echarts.LICENSE.txt).</p></footer>\n")
        .append("<script type=\"application/json\" id=\"dashboard-data\">").append(chartData(d)).append("</script>\n")
        .append("<script src=\"assets/echarts.min.js\"></script>\n<script src=\"assets/dashboard.js\"></script>\n</body>\n</html>\n");
    return page.toString();
  }

  private static void notices(Dashboard d, StringBuilder page) {
    page.append("<section id=\"notices\">\n<h2>注意 (notices)</h2>\n");
    if (d.notices().isEmpty()) {
      page.append("<p class=\"ok\">Every value shown was built by the current definitions, and the lake check passed with no warnings.</p>\n");
    } else {
      page.append("<ul class=\"notices\">\n");
      d.notices().forEach(n -> page.append("<li>").append(escape(n)).append("</li>\n"));
      page.append("</ul>\n");
    }
    page.append("</section>\n");
  }

  private static void cards(Dashboard d, Optional<String> catalog, StringBuilder page) {
    page.append("<section id=\"headline\">\n<h2>主要 KPI (").append(d.date()).append(")</h2>\n<div class=\"cards\">\n");
    for (Dashboard.Card card : d.cards()) {
      Optional<Unit> unit = card.metric().unit();
      String label = escape(card.metric().label());
      String title = catalog.map(c -> "<a href=\"" + escape(c) + "metrics/" + escape(card.metric().metric()) + ".html\">" + label + "</a>").orElse(label);
      page.append("<article class=\"card\" data-metric=\"").append(escape(card.metric().metric())).append("\">\n<h3>").append(title).append("</h3>\n");
      page.append("<div class=\"value\"").append(dataValue(card.value().value())).append(">").append(KpiFormat.value(card.value().value(), unit)).append(status(card.value())).append("</div>\n<dl>\n");
      for (Dashboard.Compared compared : card.compared()) {
        page.append("<dt>").append(compared.comparison().japaneseLabel()).append("</dt><dd data-compared=\"").append(compared.comparison().daysBefore()).append("\"")
            .append(dataValue(compared.base().value())).append("><span class=\"change ").append(direction(compared.change())).append("\">")
            .append(KpiFormat.change(compared.change())).append("</span> <span class=\"muted\">").append(KpiFormat.value(compared.base().value(), unit)).append("</span>")
            .append(status(compared.base())).append("</dd>\n");
      }
      page.append("<dt>月初来</dt><dd class=\"month-to-date\"").append(dataValue(card.monthToDate())).append(card.monthToDateNote().isEmpty() ? "" : " title=\"" + escape(card.monthToDateNote()) + "\"")
          .append(">").append(KpiFormat.value(card.monthToDate(), unit)).append("</dd>\n</dl>\n");
      page.append(sparkline(card.lastDays(), card.metric().label(), d.days())).append("</article>\n");
    }
    page.append("</div>\n</section>\n");
  }

  private static void trends(Dashboard d, StringBuilder page) {
    Dashboard.Trends trends = d.trends();
    page.append("<section id=\"trends\">\n<h2>日次推移 (daily, ").append(escape(trends.mart())).append(")</h2>\n<div class=\"charts\">\n");
    for (Dashboard.Series series : trends.series()) {
      page.append("<div class=\"chart\" data-chart=\"trend\" data-metric=\"").append(escape(series.metric().metric())).append("\" role=\"img\" aria-label=\"")
          .append(escape(series.metric().label())).append("\"></div>\n");
    }
    page.append("</div>\n<details>\n<summary>日次の値 (the table)</summary>\n<table class=\"mart\" data-mart=\"").append(escape(trends.mart())).append("\">\n<thead><tr><th>business_date</th>");
    trends.series().forEach(s -> page.append("<th class=\"number\">").append(escape(s.metric().label())).append("</th>"));
    page.append("<th>status</th></tr></thead>\n<tbody>\n");
    for (int i = trends.dates().size() - 1; i >= 0; i--) {
      String status = trends.statuses().get(i);
      page.append("<tr data-period=\"").append(trends.dates().get(i)).append("\" data-status=\"").append(escape(status)).append("\"><td>").append(trends.dates().get(i)).append("</td>");
      for (Dashboard.Series series : trends.series()) {
        cell(page, series.metric(), series.values().get(i));
      }
      page.append("<td>").append(escape(status)).append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n</details>\n</section>\n");
  }

  private static void breakdown(Dashboard d, Dashboard.Breakdown b, StringBuilder page) {
    page.append("<section id=\"breakdown\">\n<h2>").append(escape(b.dimensionLabel())).append(" 上位").append(b.top().size()).append(" (").append(escape(b.columns().get(0).label()))
        .append("順, ").append(d.date()).append(")</h2>\n");
    page.append("<div class=\"chart\" data-chart=\"breakdown\" role=\"img\" aria-label=\"").append(escape(b.dimensionLabel())).append("\"></div>\n");
    page.append("<table class=\"mart\" data-mart=\"").append(escape(b.mart())).append("\">\n<thead><tr><th>#</th><th>").append(escape(b.dimensionLabel())).append("</th>");
    b.columns().forEach(c -> page.append("<th class=\"number\">").append(escape(c.label())).append("</th>"));
    page.append("<th>status</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < b.top().size(); i++) {
      Dashboard.Row row = b.top().get(i);
      page.append("<tr data-label=\"").append(escape(row.label())).append("\"><td>").append(i + 1).append("</td><td>").append(escape(row.label())).append("</td>");
      for (int c = 0; c < b.columns().size(); c++) {
        cell(page, b.columns().get(c), row.values().get(c));
      }
      page.append("<td>").append(escape(row.status())).append("</td></tr>\n");
    }
    b.rest().ifPresent(rest -> {
      page.append("<tr class=\"rest\" data-rest=\"").append(b.restCount()).append("\"><td></td><td>その他 ").append(b.restCount()).append(" 件</td>");
      for (int c = 0; c < b.columns().size(); c++) {
        cell(page, b.columns().get(c), rest.values().get(c));
      }
      page.append("<td>").append(escape(rest.status())).append("</td></tr>\n");
    });
    page.append("</tbody>\n</table>\n</section>\n");
  }

  private static void periods(Dashboard.PeriodTable table, StringBuilder page) {
    String unit = table.grain() == Grain.WEEK ? "週次 (weekly" : "月次 (monthly";
    page.append("<section class=\"periods\" id=\"").append(escape(table.mart())).append("\">\n<h2>").append(unit).append(", ").append(escape(table.mart())).append(")</h2>\n");
    page.append("<table class=\"mart\" data-mart=\"").append(escape(table.mart())).append("\">\n<thead><tr><th>").append(table.grain().dateColumn()).append("</th>");
    table.columns().forEach(c -> page.append("<th class=\"number\">").append(escape(c.label())).append("</th>"));
    page.append("<th>status</th></tr></thead>\n<tbody>\n");
    for (int i = table.rows().size() - 1; i >= 0; i--) {
      Dashboard.PeriodRow row = table.rows().get(i);
      page.append("<tr data-period=\"").append(row.period()).append("\" data-status=\"").append(escape(row.status())).append("\"><td>").append(row.period()).append("</td>");
      for (int c = 0; c < table.columns().size(); c++) {
        cell(page, table.columns().get(c), row.values().get(c));
      }
      page.append("<td>").append(escape(row.status())).append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n");
    if (table.recounted()) {
      page.append("<p class=\"muted\">Distinct counts and ratios are recounted for each period, never added up from its days.</p>\n");
    }
    page.append("</section>\n");
  }

  private static void cell(StringBuilder page, Dashboard.Column column, Optional<BigDecimal> value) {
    page.append("<td class=\"number\" data-metric=\"").append(escape(column.metric())).append("\"").append(dataValue(value)).append(">")
        .append(KpiFormat.value(value, column.unit())).append("</td>");
  }

  /** The exact value, for a reader (or a test) that wants the number, not its rounding. */
  private static String dataValue(Optional<BigDecimal> value) {
    return value.map(v -> " data-value=\"" + v.stripTrailingZeros().toPlainString() + "\"").orElse("");
  }

  private static String status(Dashboard.Value value) {
    return value.current() ? "" : "<span class=\"status\">(" + escape(value.status()) + ")</span>";
  }

  /** As the text shows it: a change that rounds to ±0.0% is flat, whatever its sign. */
  private static String direction(Optional<BigDecimal> change) {
    String text = KpiFormat.change(change);
    return text.startsWith("+") ? "up" : text.startsWith(KpiFormat.MINUS) ? "down" : change.isPresent() ? "flat" : "none";
  }

  /** The last days as a line, drawn without JavaScript; a date with no value breaks the line. */
  static String sparkline(List<Optional<BigDecimal>> values, String label, int days) {
    double min = values.stream().flatMap(Optional::stream).mapToDouble(BigDecimal::doubleValue).min().orElse(0);
    double max = values.stream().flatMap(Optional::stream).mapToDouble(BigDecimal::doubleValue).max().orElse(0);
    double span = max - min == 0 ? 1 : max - min;
    StringBuilder svg = new StringBuilder("<svg class=\"sparkline\" viewBox=\"0 0 100 30\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"")
        .append(escape(label)).append(", the last ").append(days).append(" days\">");
    List<String> points = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).isEmpty()) {
        line(svg, points);
        continue;
      }
      boolean alone = (i == 0 || values.get(i - 1).isEmpty()) && (i == values.size() - 1 || values.get(i + 1).isEmpty());
      double x = values.size() == 1 ? 50 : 100.0 * i / (values.size() - 1);
      double y = 28 - 26 * (values.get(i).get().doubleValue() - min) / span;
      if (alone) {
        // A day with no neighbour draws no line: a dot, so it is not lost.
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\"/>", x, y));
      } else {
        points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
      }
    }
    line(svg, points);
    return svg.append("</svg>\n").toString();
  }

  private static void line(StringBuilder svg, List<String> points) {
    if (!points.isEmpty()) {
      svg.append("<polyline vector-effect=\"non-scaling-stroke\" points=\"").append(String.join(" ", points)).append("\"/>");
      points.clear();
    }
  }

  /** What the charts draw: each series' values and their Slack-formatted text (for the tooltips). */
  private static String chartData(Dashboard d) {
    JsonObject data = new JsonObject();
    JsonArray dates = new JsonArray();
    d.trends().dates().forEach(x -> dates.add(x.toString()));
    data.add("dates", dates);
    JsonArray series = new JsonArray();
    for (Dashboard.Series s : d.trends().series()) {
      series.add(series(s.metric(), s.values()));
    }
    data.add("series", series);
    d.breakdown().ifPresent(b -> {
      JsonObject breakdown = new JsonObject();
      JsonArray labels = new JsonArray();
      b.top().forEach(r -> labels.add(r.label()));
      breakdown.add("labels", labels);
      JsonArray columns = new JsonArray();
      for (int c = 0; c < b.columns().size(); c++) {
        int column = c;
        columns.add(series(b.columns().get(c), b.top().stream().map(r -> r.values().get(column)).toList()));
      }
      breakdown.add("columns", columns);
      data.add("breakdown", breakdown);
    });
    // Gson escapes <, > and & as \\u003c..., so no text can end the script element.
    Gson gson = new GsonBuilder().disableJdkUnsafe().create();
    return gson.toJson(data);
  }

  private static JsonObject series(Dashboard.Column column, List<Optional<BigDecimal>> values) {
    JsonObject out = new JsonObject();
    out.addProperty("metric", column.metric());
    out.addProperty("label", column.label());
    JsonArray numbers = new JsonArray();
    JsonArray text = new JsonArray();
    for (Optional<BigDecimal> value : values) {
      numbers.add(value.<com.google.gson.JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
      text.add(KpiFormat.value(value, column.unit()));
    }
    out.add("values", numbers);
    out.add("text", text);
    return out;
  }

  private static String echartsVersion() {
    Properties pom = new Properties();
    try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the ECharts webjar is not on the class path");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }
}
