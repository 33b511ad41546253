package dev.kpi.runtime.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.TblsFormat;
import dev.kpi.runtime.testing.TestCatalogProvider;
import dev.kpi.runtime.testing.TestCatalogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpi docs}: the catalog as Markdown pages, and the check that committed pages are what the definitions generate. */
class CatalogDocsTest {
  @TempDir Path temp;

  @AfterEach
  void resetCatalog() {
    TestCatalogProvider.use(TestCatalogs::v1);
  }

  @Test
  void everyMetricAndTableHasItsPage() {
    Catalog catalog = TestCatalogs.v1();
    Map<String, String> pages = new CatalogDocs(catalog).pages();
    catalog.metrics().forEach(m -> {
      String page = pages.get("metrics/" + m.name() + ".md");
      assertThat(page).as(m.name()).isNotNull().contains("`" + m.name() + "`", "## Lineage", "```mermaid", "## BigQuery SQL of its daily values", "`example-project.warehouse.");
      assertThat(page).contains(catalog.graph().kind(m.name()).label());
    });
    catalog.lakeTables().forEach(t -> assertThat(pages).containsKey("tables/lake." + t.name() + ".md"));
    catalog.warehouseTables().forEach(t -> assertThat(pages).containsKey("tables/warehouse." + t.name() + ".md"));
    catalog.marts().forEach(m -> assertThat(pages.get("tables/mart." + m.name() + ".md")).contains("| grain | " + m.grain().name().toLowerCase()));
    assertThat(pages.get("index.md")).contains("## Metrics", "## Tables", "## Lineage");
    catalog.metrics().forEach(m -> assertThat(pages.get("glossary.md")).contains("(`" + m.name() + "`)"));
  }

  @Test
  void theSchemaJsonIsInTblsFormat() {
    Catalog catalog = TestCatalogs.v1();
    TblsFormat.check(new CatalogDocs(catalog).pages().get("schema.json"), catalog);
  }

  @Test
  void definitionTextCannotBecomeMarkup() {
    assertThat(CatalogDocs.text("see [this](http://x) <script>alert(1)</script> a|b *bold* `code`\nline"))
        .isEqualTo("see \\[this\\](http://x) &lt;script&gt;alert(1)&lt;/script&gt; a\\|b \\*bold\\* \\`code\\` line");
    assertThat(CatalogDocs.text("# not a heading")).isEqualTo("\\# not a heading");
    assertThat(CatalogDocs.text("- not a list")).isEqualTo("\\- not a list");
    assertThat(CatalogDocs.text("1. not a numbered list")).isEqualTo("1\\. not a numbered list");
  }

  @Test
  void checkPassesOnWhatOutWroteAndNamesEveryDifferenceAfterADefinitionChanged() throws Exception {
    Path docs = temp.resolve("docs");
    Cli.Result out = Cli.run("docs", "--out", docs.toString());
    assertThat(out.exitCode).as(out.toString()).isZero();
    assertThat(out.err).startsWith("kpi: wrote the docs into " + docs + ": ");
    Files.writeString(docs.resolve("notes.txt"), "mine", StandardCharsets.UTF_8);
    Cli.Result check = Cli.run("docs", "--check", docs.toString());
    assertThat(check.exitCode).as(check.toString()).isZero();
    assertThat(check.err).startsWith("kpi: the docs in " + docs + " are up to date (");

    TestCatalogProvider.use(TestCatalogs::v2WithTax);
    // A page kpi docs wrote for a metric the catalog no longer has, and a page of somebody's own.
    Files.writeString(docs.resolve("metrics/gone.md"), "# an old metric\n", StandardCharsets.UTF_8);
    Files.writeString(docs.resolve(DocsFolder.MANIFEST), Files.readString(docs.resolve(DocsFolder.MANIFEST)) + "metrics/gone.md\n", StandardCharsets.UTF_8);
    Files.writeString(docs.resolve("mine.md"), "# notes\n", StandardCharsets.UTF_8);
    Cli.Result stale = Cli.run("docs", "--check", docs.toString());
    assertThat(stale.exitCode).isEqualTo(1);
    assertThat(stale.out).isEmpty();
    assertThat(stale.err)
        .startsWith("kpi: error: the docs in " + docs + " are not what the definitions generate (")
        .contains("  - out of date: index.md\n", "  - missing: metrics/revenue_with_tax.md\n", "  - not generated any more: metrics/gone.md\n")
        .endsWith("regenerate them with: kpi docs --out " + docs + "\n");

    Cli.Result rewrite = Cli.run("docs", "--out", docs.toString());
    assertThat(rewrite.exitCode).isZero();
    assertThat(docs.resolve("metrics/gone.md")).doesNotExist();
    assertThat(docs.resolve("notes.txt")).hasContent("mine");
    assertThat(docs.resolve("mine.md")).hasContent("# notes");
    assertThat(Cli.run("docs", "--check", docs.toString()).exitCode).isZero();
    assertThat(Cli.run("docs", "--out", docs.toString()).err).startsWith("kpi: the docs in " + docs + " are up to date (");
  }

  @Test
  void aFolderKpiDocsDidNotWriteIsRefused() throws Exception {
    Path docs = Files.createDirectories(temp.resolve("handwritten"));
    Files.writeString(docs.resolve("design.md"), "# design\n", StandardCharsets.UTF_8);
    Cli.Result out = Cli.run("docs", "--out", docs.toString());
    assertThat(out.exitCode).isEqualTo(2);
    assertThat(out.err).isEqualTo("kpi: error: the folder " + docs + " holds files kpi docs did not write (it has no .kpi-docs); give an empty or new folder with --out, or one kpi docs wrote before\n");
    assertThat(docs.resolve("design.md")).hasContent("# design");
    assertThat(docs.resolve("index.md")).doesNotExist();
  }

  @Test
  void aFileIsNotAFolderAndAFolderKpiDocsDidNotWriteIsNotCheckedAsIfItWere() throws Exception {
    Path file = Files.writeString(temp.resolve("a-file"), "x", StandardCharsets.UTF_8);
    Cli.Result out = Cli.run("docs", "--out", file.toString());
    assertThat(out.exitCode).isEqualTo(2);
    assertThat(out.err).isEqualTo("kpi: error: " + file + " is a file, not a folder; give a new or empty folder with --out\n");

    Path handwritten = Files.createDirectories(temp.resolve("handwritten"));
    Files.writeString(handwritten.resolve("design.md"), "# design\n", StandardCharsets.UTF_8);
    Cli.Result check = Cli.run("docs", "--check", handwritten.toString());
    assertThat(check.exitCode).isEqualTo(1);
    assertThat(check.err).isEqualTo("kpi: error: the folder " + handwritten + " was not written by kpi docs (it has no .kpi-docs): name the folder kpi docs --out wrote\n");
  }

  @Test
  void outAndCheckAreOneOrTheOther() {
    Cli.Result both = Cli.run("docs", "--out", "a", "--check", "b");
    assertThat(both.exitCode).isEqualTo(2);
    assertThat(both.err).contains("mutually exclusive");
    assertThat(Cli.run("docs").exitCode).isEqualTo(2);
    Cli.Result missing = Cli.run("docs", "--check", temp.resolve("nothing").toString());
    assertThat(missing.exitCode).isEqualTo(1);
    assertThat(missing.err).contains("  - the folder " + temp.resolve("nothing") + " does not exist\n");
  }
}
