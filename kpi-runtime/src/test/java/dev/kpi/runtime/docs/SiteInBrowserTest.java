package dev.kpi.runtime.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.runtime.testing.Browser;
import dev.kpi.runtime.testing.TestCatalogs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The catalog site in a real (headless) browser: every page loads clean and offline, the lineage draws, the search finds. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteInBrowserTest {
  private final Catalog catalog = TestCatalogs.v1();
  private Path site;
  private Browser browser;

  @BeforeAll
  void writeTheSite(@TempDir Path temp) throws Exception {
    site = temp.resolve("site");
    Map<String, String> pages = DocsFormat.all.pages(catalog);
    new DocsFolder(site).write(pages);
    browser = Browser.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void everyPageLoadsWithoutAnErrorOrANetworkRequest() throws Exception {
    for (String page : DocsFormat.html.pages(catalog).keySet()) {
      if (!page.endsWith(".html")) {
        continue;
      }
      try (Browser.Page tab = browser.open(site.resolve(page), 1280, 900)) {
        assertThat(tab.problems()).as(page).isEmpty();
        assertThat(tab.networkRequests()).as(page).isEmpty();
        assertThat(tab.eval("document.querySelector('main h1') !== null").getAsBoolean()).as(page).isTrue();
      }
    }
  }

  @Test
  void aMetricPageDrawsItsLineageAndTheSearchFindsByNameAndDescription() throws Exception {
    String metric = catalog.metrics().get(0).name();
    try (Browser.Page tab = browser.open(site.resolve("metrics/" + metric + ".html"), 1280, 900)) {
      assertThat(tab.eval("(() => { const r = document.querySelector('svg.lineage').getBoundingClientRect(); return r.width > 100 && r.height > 20; })()").getAsBoolean()).isTrue();
      assertThat(tab.eval("document.querySelector('.search').hidden").getAsBoolean()).as("the search box shows once its script ran").isFalse();
      JsonArray found = tab.eval("(() => { const i = document.getElementById('search'); i.value = '" + metric + "'; i.dispatchEvent(new Event('input'));"
          + " return [...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href')); })()").getAsJsonArray();
      assertThat(found).isNotEmpty();
      assertThat(found.get(0).getAsString()).isEqualTo("../metrics/" + metric + ".html");
      String word = catalog.metrics().get(0).description().split("\\s+")[0];
      JsonArray byDescription = tab.eval("(() => { const i = document.getElementById('search'); i.value = '" + word.toLowerCase() + "'; i.dispatchEvent(new Event('input'));"
          + " return [...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href')); })()").getAsJsonArray();
      assertThat(byDescription).as("a word of its description finds it").anyMatch(h -> h.getAsString().equals("../metrics/" + metric + ".html"));
      assertThat(tab.eval("(() => { const i = document.getElementById('search'); i.value = '" + word + " zzzz-none'; i.dispatchEvent(new Event('input'));"
          + " return document.getElementById('search-results').textContent; })()").getAsString()).startsWith("Nothing matches");
      tab.screenshot(Path.of("target/screenshots/test-catalog-metric.png"));
      assertThat(tab.problems()).isEmpty();
    }
  }
}
