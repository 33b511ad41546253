package dev.kpi.runtime.docs;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.model.warehouse.WarehouseColumn;
import dev.kpi.model.warehouse.WarehouseTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.node.Code;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * The catalog's Markdown pages ({@link CatalogDocs}) as a static HTML site that opens from a
 * folder, a bucket or any static host with no network: each page rendered by commonmark with its
 * links to .html pages, the lineage drawn as SVG ({@link Lineage}), and a search over every
 * metric, dimension, table and column in the header. The search index is a script, not JSON
 * fetched at view time, because browsers refuse fetches from file:// pages; the search writes its
 * results as text, never as HTML, so no definition text can become markup.
 */
public final class HtmlSite {
  /** The search index the pages load: {@code window.KPI_SEARCH_INDEX = [...]}. */
  static final String SEARCH_INDEX = "assets/search-index.js";
  private static final List<String> ASSETS = List.of("assets/site.css", "assets/search.js");
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), HeadingAnchorExtension.create());

  private final Catalog catalog;
  private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();

  public HtmlSite(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The HTML pages of the Markdown pages (by path: "metrics/gmv.md" → "metrics/gmv.html"), the assets and the search index. */
  public Map<String, String> pages(Map<String, String> markdown) {
    Map<String, String> out = new TreeMap<>();
    markdown.forEach((path, text) -> {
      if (path.endsWith(".md")) {
        out.put(html(path), page(path, text));
      }
    });
    for (String asset : ASSETS) {
      out.put(asset, Html.resource(HtmlSite.class, asset.substring(asset.indexOf('/') + 1)));
    }
    out.put(SEARCH_INDEX, "window.KPI_SEARCH_INDEX = " + searchIndex() + ";\n");
    return out;
  }

  static String html(String markdownPath) {
    return markdownPath.substring(0, markdownPath.length() - ".md".length()) + ".html";
  }

  private String page(String path, String markdown) {
    String root = "../".repeat((int) path.chars().filter(c -> c == '/').count());
    Node document = parser.parse(markdown);
    HtmlRenderer renderer =
        HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
              // The pages' own links are relative: an address elsewhere keeps its ".md".
              if (node instanceof Link && attributes.containsKey("href") && !attributes.get("href").contains(":")) {
                attributes.put("href", attributes.get("href").replaceFirst("\\.md(#|$)", ".html$1"));
              }
            })
            .nodeRendererFactory(context -> new LineageRenderer(context, root))
            .build();
    String title = title(document);
    return "<!doctype html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + Html.escape(title) + " · " + Html.escape(catalog.name()) + "</title>\n"
        + "<link rel=\"stylesheet\" href=\"" + root + "assets/site.css\">\n</head>\n"
        + "<body data-root=\"" + root + "\">\n<header>\n<a class=\"home\" href=\"" + root + "index.html\">" + Html.escape(catalog.name()) + "</a>\n"
        + "<nav><a href=\"" + root + "index.html\">Index</a> <a href=\"" + root + "glossary.html\">Glossary</a></nav>\n"
        + "<div class=\"search\" hidden><input id=\"search\" type=\"search\" placeholder=\"Search metrics, tables, columns\" aria-label=\"Search the catalog\" autocomplete=\"off\">"
        + "<ul id=\"search-results\" hidden></ul></div>\n</header>\n<main>\n"
        + renderer.render(document)
        + "</main>\n<script src=\"" + root + SEARCH_INDEX + "\"></script>\n<script src=\"" + root + "assets/search.js\"></script>\n</body>\n</html>\n";
  }

  /** The text of the page's first heading. */
  private static String title(Node document) {
    StringBuilder title = new StringBuilder();
    document.accept(new AbstractVisitor() {
      private boolean done;

      @Override
      public void visit(Heading heading) {
        if (!done) {
          heading.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
              title.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
              title.append(code.getLiteral());
            }
          });
          done = true;
        }
      }
    });
    return title.toString();
  }

  /** Mermaid blocks (the lineage) become the SVG drawing; other code blocks render as commonmark does. */
  private static final class LineageRenderer implements NodeRenderer {
    private final HtmlWriter html;
    private final String root;

    LineageRenderer(HtmlNodeRendererContext context, String root) {
      this.html = context.getWriter();
      this.root = root;
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
      return Set.of(FencedCodeBlock.class);
    }

    @Override
    public void render(Node node) {
      FencedCodeBlock block = (FencedCodeBlock) node;
      String info = block.getInfo() == null ? "" : block.getInfo().strip();
      html.line();
      if (info.equals("mermaid")) {
        html.raw("<figure class=\"lineage\">" + Lineage.parse(block.getLiteral()).svg(name -> root + html(CatalogDocs.tablePage(Lineage.layer(name), Lineage.tableName(name)))) + "</figure>");
      } else {
        html.tag("pre");
        html.tag("code", info.isEmpty() ? Map.of() : Map.of("class", "language-" + info));
        html.text(block.getLiteral());
        html.tag("/code");
        html.tag("/pre");
      }
      html.line();
    }
  }

  // ---------------------------------------------------------------- search

  private record Entry(String t, String k, String u, String d, String s) {}

  private String searchIndex() {
    List<Entry> entries = new ArrayList<>();
    for (Metric metric : catalog.metrics()) {
      String title = metric.displayName().orElse(metric.name());
      entries.add(entry(title, "metric", html(CatalogDocs.metricPage(metric.name())), metric.description(), metric.name() + " " + metric.owner()));
    }
    for (Dimension dimension : catalog.dimensions()) {
      entries.add(entry(dimension.displayName().orElse(dimension.name()), "dimension", "glossary.html", dimension.description(), dimension.name() + " " + dimension.column().qualifiedName()));
    }
    for (LakeTable table : catalog.lakeTables()) {
      String page = html(CatalogDocs.tablePage("lake", table.name()));
      entries.add(entry("lake." + table.name(), "lake table", page, table.description(), table.owner()));
      for (LakeColumn column : table.columns()) {
        entries.add(entry("lake." + table.name() + "." + column.name(), "column", page, column.description(), column.type().toString()));
      }
    }
    for (WarehouseTable table : catalog.warehouseTables()) {
      String page = html(CatalogDocs.tablePage("warehouse", table.name()));
      entries.add(entry("warehouse." + table.name(), "warehouse table", page, table.description(), table.owner()));
      for (WarehouseColumn column : table.columns()) {
        entries.add(entry("warehouse." + table.name() + "." + column.name(), "column", page, column.description(), ""));
      }
    }
    for (Mart mart : catalog.marts()) {
      entries.add(entry("mart." + mart.name(), "mart", html(CatalogDocs.tablePage("mart", mart.name())), mart.description(), String.join(" ", mart.metrics()) + " " + mart.grain()));
    }
    for (SavedQuery query : catalog.queries()) {
      entries.add(entry(query.name(), "saved query", "index.html#saved-queries", query.description(), String.join(" ", query.metrics())));
    }
    Gson gson = new GsonBuilder().disableJdkUnsafe().create();
    return gson.toJson(entries);
  }

  /** An entry; {@code s} is what the search matches, in lower case. */
  private static Entry entry(String title, String kind, String url, String description, String keywords) {
    return new Entry(title, kind, url, description, (title + " " + kind + " " + description + " " + keywords).toLowerCase(java.util.Locale.ROOT));
  }

  /** The stylesheet the site and the dashboard share. */
  public static String stylesheet() {
    return Html.resource(HtmlSite.class, "site.css");
  }
}
