package dev.kpi.runtime.cli;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.Suggestion;
import dev.kpi.model.summary.Summary;
import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.dashboard.Dashboard;
import dev.kpi.runtime.dashboard.DashboardPage;
import dev.kpi.runtime.dashboard.DashboardReader;
import dev.kpi.runtime.docs.DocsFolder;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a static dashboard of a summary's KPIs from the marts: headline cards (the date's value, its change from the"
          + " compared dates, the last days, the month to date), daily trend charts, the breakdown, and the weekly and monthly"
          + " marts; dates not built, stale or behind their facts and the lake check's warnings are shown on the page.",
      "Open DIR/index.html in a browser; it needs no network. Publish DIR on a static host or a bucket (docs/dashboard.md)."
    })
final class DashboardCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the dashboard into (its other files are left alone).")
  Path out;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The business date. Default: the last date built in the summary's mart.")
  LocalDate date;

  @Option(names = "--days", defaultValue = "28", paramLabel = "N", description = "How many days the sparklines and trend charts show, the date's last (7 to 366). Default: ${DEFAULT-VALUE}.")
  int days;

  @Option(names = "--summary", paramLabel = "NAME", description = "The summary whose KPIs to show (the definitions' Summaries). Default: the catalog's only one.")
  String summary;

  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.WAREHOUSE);

  @Override
  public Integer call() {
    if (days < 7 || days > 366) {
      throw KpiException.usage("--days " + days + " is out of range; give 7 to 366 days");
    }
    LoadedCatalog loaded = Catalogs.load();
    Summary chosen = summary(loaded.catalog());
    try (Session session = Session.reading(target, loaded, System.err)) {
      LocalDate day = date;
      if (day == null) {
        Map<LocalDate, ?> built = session.warehouse().builtDates().getOrDefault(TableRef.of(Layer.MART, chosen.mart()).toString(), Map.of());
        day = built.keySet().stream().max(LocalDate::compareTo)
            .orElseThrow(() -> new KpiException("mart " + chosen.mart() + " has no built dates yet; build a date first with: " + session.hint().kpi("run --date YYYY-MM-DD")));
        System.err.println("kpi: the dashboard of " + day + ", the last date built in mart " + chosen.mart() + " (--date chooses another)");
      }
      Dashboard dashboard = new DashboardReader(loaded.catalog(), session.warehouse(), session.runner().fingerprints(), session.hint()).read(chosen, day, days);
      DocsFolder folder = new DocsFolder(out, "kpi dashboard");
      // Written inside the catalog site (kpi docs --out site; kpi dashboard --out site/dashboard): each card links to its KPI's page.
      Path parent = folder.path().getParent();
      Optional<String> catalog = parent != null && DocsFolder.wrote(parent, "kpi docs", "index.html") ? Optional.of("../") : Optional.empty();
      int changed = folder.write(DashboardPage.files(dashboard, catalog));
      System.err.println("kpi: " + (changed == 0 ? "the dashboard in " + folder.path() + " is up to date" : "wrote the dashboard of " + day + " into " + folder.path())
          + (dashboard.notices().isEmpty() ? "" : " with " + dashboard.notices().size() + (dashboard.notices().size() == 1 ? " notice" : " notices") + " on the page")
          + "; open " + folder.path().resolve("index.html"));
      dashboard.notices().forEach(n -> System.err.println("kpi: warning: " + n));
    }
    return 0;
  }

  private Summary summary(Catalog catalog) {
    List<String> names = catalog.summaries().stream().map(Summary::name).toList();
    if (summary != null) {
      return catalog.findSummary(summary)
          .orElseThrow(() -> KpiException.usage("there is no summary '" + summary + "'" + Suggestion.didYouMean(summary, names) + "; the definitions declare "
              + (names.isEmpty() ? "none" : String.join(", ", names))));
    }
    if (names.isEmpty()) {
      throw new KpiException("the definitions declare no summary, whose headline KPIs the dashboard shows; declare one (a Summary in the catalog)");
    }
    if (names.size() > 1) {
      throw KpiException.usage("the definitions declare " + names.size() + " summaries (" + String.join(", ", names) + "); choose one with --summary NAME");
    }
    return catalog.summaries().get(0);
  }
}
