package dev.kpi.runtime.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.TestCatalogs;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpi docs}'s HTML site: a page per Markdown page, links between pages, the lineage as SVG, the search index. */
class HtmlSiteTest {
  @TempDir Path temp;

  private static Map<String, String> site(Catalog catalog) {
    return DocsFormat.html.pages(catalog);
  }

  @Test
  void everyMarkdownPageHasItsHtmlPageAndEveryLinkLeadsToAPageOfTheSite() {
    Catalog catalog = TestCatalogs.v1();
    Map<String, String> site = site(catalog);
    Map<String, String> markdown = new CatalogDocs(catalog).pages();
    markdown.keySet().stream().filter(p -> p.endsWith(".md")).forEach(p -> assertThat(site).containsKey(HtmlSite.html(p)));
    assertThat(site).containsKeys("schema.json", "assets/site.css", "assets/search.js", HtmlSite.SEARCH_INDEX).doesNotContainKey("index.md");
    site.forEach((path, text) -> {
      if (!path.endsWith(".html")) {
        return;
      }
      Document page = Jsoup.parse(text);
      for (Element link : page.select("a[href]")) {
        String href = link.attr("href");
        assertThat(href).as(path + ": " + link).doesNotEndWith(".md").doesNotStartWith("http");
        String target = Path.of(path).resolveSibling(href.replaceFirst("#.*", "")).normalize().toString();
        assertThat(site).as(path + " links to " + href).containsKey(target.isEmpty() ? path : target);
      }
      for (Element script : page.select("script[src], link[href]")) {
        String src = script.hasAttr("src") ? script.attr("src") : script.attr("href");
        assertThat(site).as(path + " loads " + src).containsKey(Path.of(path).resolveSibling(src).normalize().toString());
      }
    });
  }

  @Test
  void aMetricPageShowsItsLineageAsSvgWithALinkToEachTable() {
    Catalog catalog = TestCatalogs.v1();
    Map<String, String> site = site(catalog);
    catalog.metrics().forEach(m -> {
      Document page = Jsoup.parse(site.get("metrics/" + m.name() + ".html"));
      assertThat(page.title()).isEqualTo(m.displayName().orElse(m.name()) + " · " + catalog.name());
      assertThat(page.select("figure.lineage svg rect.node.lake")).as(m.name()).isNotEmpty();
      assertThat(page.select("figure.lineage svg rect.node.mart")).as(m.name()).hasSize((int) catalog.marts().stream().filter(x -> x.metrics().contains(m.name())).count());
      assertThat(page.select("figure.lineage svg path.edge")).isNotEmpty();
      assertThat(page.select("figure.lineage a[href^=../tables/]")).isNotEmpty();
      assertThat(page.select("pre code.language-sql").text()).contains("SELECT");
      assertThat(page.select("pre code.language-mermaid")).isEmpty();
    });
  }

  @Test
  void definitionTextStaysTextInTheSiteAndTheSearchIndex() {
    Catalog catalog = TestCatalogs.withDescription("Revenue <script>alert(1)</script> & [a link](http://x) \"quoted\" </script>");
    Map<String, String> site = site(catalog);
    String metric = catalog.metrics().get(0).name();
    Document page = Jsoup.parse(site.get("metrics/" + metric + ".html"));
    assertThat(page.select("main script")).isEmpty();
    assertThat(page.select("main a[href=http://x]")).isEmpty();
    assertThat(page.select("main p").first().text()).isEqualTo("Revenue <script>alert(1)</script> & [a link](http://x) \"quoted\" </script>");
    assertThat(site.get(HtmlSite.SEARCH_INDEX)).doesNotContain("<script>", "</script>").contains("\\u003cscript\\u003e");
  }

  @Test
  void theSearchIndexHoldsEveryMetricTableAndColumn() {
    Catalog catalog = TestCatalogs.v1();
    String index = site(catalog).get(HtmlSite.SEARCH_INDEX);
    assertThat(index).startsWith("window.KPI_SEARCH_INDEX = [").endsWith("];\n");
    catalog.metrics().forEach(m -> assertThat(index).contains("\"u\":\"metrics/" + m.name() + ".html\""));
    catalog.lakeTables().forEach(t -> t.columns().forEach(c -> assertThat(index).contains("\"t\":\"lake." + t.name() + "." + c.name() + "\"")));
    catalog.marts().forEach(m -> assertThat(index).contains("\"t\":\"mart." + m.name() + "\""));
  }

  @Test
  void docsWritesTheSiteAndTheMarkdownAndFormatChoosesOne() {
    Path all = temp.resolve("all");
    Cli.Result out = Cli.run("docs", "--out", all.toString());
    assertThat(out.exitCode).as(out.toString()).isZero();
    assertThat(out.err).endsWith("; open " + all.resolve("index.html") + "\n");
    assertThat(all.resolve("index.html")).exists();
    assertThat(all.resolve("index.md")).exists();

    Path markdown = temp.resolve("md");
    assertThat(Cli.run("docs", "--out", markdown.toString(), "--format", "markdown").exitCode).isZero();
    assertThat(markdown.resolve("index.md")).exists();
    assertThat(markdown.resolve("index.html")).doesNotExist();
    assertThat(Cli.run("docs", "--check", markdown.toString(), "--format", "markdown").exitCode).isZero();
    Cli.Result mismatch = Cli.run("docs", "--check", markdown.toString());
    assertThat(mismatch.exitCode).isEqualTo(1);
    assertThat(mismatch.err).contains("  - missing: index.html\n");

    Cli.Result bad = Cli.run("docs", "--out", markdown.toString(), "--format", "pdf");
    assertThat(bad.exitCode).isEqualTo(2);
    assertThat(bad.err).contains("--format", "markdown, html, all");
  }
}
