package dev.kpi.runtime.docs;

import dev.kpi.model.catalog.Catalog;
import java.util.Map;
import java.util.TreeMap;

/** What kpi docs writes: the Markdown pages (for GitHub and review), the HTML site, or both; schema.json always. */
public enum DocsFormat {
  markdown,
  html,
  all;

  /** The files of this format, by path relative to the output folder. */
  public Map<String, String> pages(Catalog catalog) {
    Map<String, String> markdownPages = new CatalogDocs(catalog).pages();
    Map<String, String> out = new TreeMap<>();
    if (this != html) {
      out.putAll(markdownPages);
    } else {
      out.put(CatalogDocs.SCHEMA_JSON, markdownPages.get(CatalogDocs.SCHEMA_JSON));
    }
    if (this != markdown) {
      out.putAll(new HtmlSite(catalog).pages(markdownPages));
    }
    return out;
  }
}
