package dev.kpi.runtime.cli;

import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.docs.DocsFormat;
import dev.kpi.runtime.docs.DocsFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the catalog as a static HTML site with search and as Markdown pages, from the definitions alone (no warehouse):"
          + " an index, a glossary, a page per metric (meaning, kind, formula, marts, lineage, its BigQuery SQL) and per lake,"
          + " warehouse and mart table, and schema.json for tbls. Open DIR/index.html in a browser; no network is needed.",
      "--check DIR compares DIR with what the definitions generate today and fails (exit 1) when it is out of date, for CI."
    })
final class DocsCommand implements Callable<Integer> {
  static final class Target {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the pages into (its other files are left alone).")
    Path out;

    @Option(names = "--check", required = true, paramLabel = "DIR", description = "A folder of committed pages to compare with the definitions.")
    Path check;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--format", defaultValue = "all", paramLabel = "markdown|html|all", description = "The Markdown pages, the HTML site, or both. Default: ${DEFAULT-VALUE}.")
  DocsFormat format;

  @Override
  public Integer call() {
    Map<String, String> pages = format.pages(Catalogs.load().catalog());
    if (target.out != null) {
      DocsFolder folder = new DocsFolder(target.out);
      int changed = folder.write(pages);
      System.err.println("kpi: " + (changed == 0 ? "the docs in " + folder.path() + " are up to date (" + pages.size() + " pages)" : "wrote the docs into " + folder.path() + ": " + changed + " of " + pages.size() + " files changed")
          + (format == DocsFormat.markdown ? "" : "; open " + folder.path().resolve("index.html")));
      return 0;
    }
    DocsFolder folder = new DocsFolder(target.check);
    List<String> differences = folder.differences(pages);
    if (differences.isEmpty()) {
      System.err.println("kpi: the docs in " + folder.path() + " are up to date (" + pages.size() + " pages)");
      return 0;
    }
    boolean foreign;
    try {
      foreign = folder.isForeign();
    } catch (java.io.IOException e) {
      throw new KpiException("cannot read " + folder.path() + ": " + e.getMessage(), e);
    }
    if (foreign) {
      throw new KpiException("the folder " + folder.path() + " was not written by kpi docs (it has no " + DocsFolder.MANIFEST + "): name the folder kpi docs --out wrote");
    }
    throw new KpiException(
        "the docs in " + folder.path() + " are not what the definitions generate (" + differences.size() + (differences.size() == 1 ? " file" : " files") + "):\n  - "
            + String.join("\n  - ", differences) + "\nregenerate them with: kpi docs --out " + target.check + (format == DocsFormat.all ? "" : " --format " + format));
  }
}
