package dev.kpi.runtime.cli;

import dev.kpi.runtime.contract.ShrinkPolicy;
import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.warehouse.BuildReport;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Builds every table for a range of dates, one set-based statement per table.",
      "Resumable: dates already built by the current definitions are skipped (unless --force).",
      "With --stale, rebuilds exactly the dates built by older definitions (see kpi status)."
    })
final class BackfillCommand implements Callable<Integer> {
  @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "First business date (inclusive).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "Last business date (inclusive).")
  LocalDate to;

  @Option(names = "--force", description = "Rebuild dates even when they are up to date.")
  boolean force;

  @Option(names = "--stale", description = "Rebuild the dates built by an older definition of their table, and nothing else.")
  boolean stale;

  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.BUILD);

  @Mixin ShrinkOptions shrink = new ShrinkOptions();

  @Override
  public Integer call() {
    if (stale && (from != null || to != null || force)) {
      throw KpiException.usage("--stale rebuilds what is stale and takes no --from, --to or --force");
    }
    if (!stale && (from == null || to == null)) {
      throw KpiException.usage("give the range with --from and --to (or --stale)");
    }
    target.chosen();
    ShrinkPolicy policy = shrink.policy();
    DateWindow window = stale ? null : DateWindow.of(from, to);
    LocalDate lakeFrom = stale ? LocalDate.now().minusYears(1) : from;
    LocalDate lakeTo = stale ? LocalDate.now() : to;
    try (Session session = Session.building(target, lakeFrom, lakeTo, System.err)) {
      ProgressBar progress = new ProgressBar(System.err);
      List<BuildReport> builds = stale ? session.runner().backfillStale(policy, progress) : session.runner().backfill(window, force, policy, progress);
      if (stale && builds.isEmpty()) {
        System.out.println("nothing is stale: every date built was built by the current definitions");
        return 0;
      }
      boolean counted = builds.stream().allMatch(b -> b.rows() >= 0);
      long rows = builds.stream().mapToLong(BuildReport::rows).sum();
      System.out.println(
          (stale ? "rebuilt the stale dates: " : "backfilled " + window + ": ")
              + plural(builds.size(), "table build") + (counted ? ", " + plural(rows, "row") + " written" : "")
              + (builds.stream().anyMatch(b -> b.window() != null) ? "" : " (every date was already up to date)"));
      builds.forEach(b -> System.out.println("  " + b));
    }
    return 0;
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
