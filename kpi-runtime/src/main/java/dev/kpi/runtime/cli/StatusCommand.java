package dev.kpi.runtime.cli;

import dev.kpi.runtime.BuildPlanner;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.DateWindow;
import java.time.LocalDate;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Lists each table's built dates, the ones built with an older definition (stale), and those a run that stopped part-way left behind;",
      "and says when the last run failed and why, on a warehouse that keeps its runs.",
      "'kpi backfill --stale' rebuilds those. On BigQuery it reads kpi's ledger table in the warehouse dataset."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.WAREHOUSE);

  @Override
  public Integer call() {
    try (Session session = Session.reading(target, System.err)) {
      var runner = session.runner();
      for (String command : runner.interruptedRuns()) {
        System.out.println("interrupted: '" + command + "' did not finish; run it again to finish: " + session.hint().kpi(command));
      }
      var failed = runner.lastFailure();
      failed.ifPresent(
          run -> {
            System.out.println(
                "failed: the last run, '" + run.command() + "', "
                    + (run.builtSome()
                        ? "failed part-way: the tables it built before the failure hold its new rows, those it did not reach their earlier ones; run it again to finish: "
                        : "failed and wrote nothing; mend what its error names, then run it again: ")
                    + session.hint().kpi(run.command()));
            run.reason().lines().forEach(line -> System.out.println("  " + line));
          });
      print(runner.status(), failed.isPresent(), session.hint());
    }
    return 0;
  }

  private static void print(BuildPlanner.Status status, boolean lastRunFailed, CommandHint hint) {
    Map<String, SortedSet<LocalDate>> built = status.built();
    Map<String, SortedSet<LocalDate>> stale = status.stale();
    Map<String, SortedSet<LocalDate>> behind = status.behind();
    int staleDates = 0;
    SortedSet<LocalDate> behindDates = new TreeSet<>();
    for (Map.Entry<String, SortedSet<LocalDate>> table : built.entrySet()) {
      SortedSet<LocalDate> old = stale.get(table.getKey());
      SortedSet<LocalDate> late = behind.getOrDefault(table.getKey(), new TreeSet<>());
      staleDates += old.size();
      behindDates.addAll(late);
      System.out.println(
          table.getKey() + ": " + (table.getValue().isEmpty() ? "nothing built" : table.getValue().size() + " dates built (" + ranges(table.getValue()) + ")")
              + (old.isEmpty() ? "" : "; " + old.size() + " stale (" + ranges(old) + ")")
              + (late.isEmpty() ? "" : "; " + late.size() + " built before a table it reads rebuilt them (" + ranges(late) + ")"));
    }
    boolean nothingBuilt = built.values().stream().allMatch(SortedSet::isEmpty);
    if (nothingBuilt) {
      System.out.println("nothing is built yet: run " + hint.kpi("run --date YYYY-MM-DD"));
      return;
    }
    if (staleDates > 0) {
      System.out.println(staleDates + " stale table dates: rebuild them with " + hint.kpi("backfill --stale"));
    }
    if (!behindDates.isEmpty()) {
      System.out.println(
          "some dates hold numbers from before the tables they read were rebuilt (a run that stopped part-way): rebuild them with "
              + hint.kpi("backfill --from " + behindDates.first() + " --to " + behindDates.last() + " --force"));
    }
    if (staleDates == 0 && behindDates.isEmpty()) {
      System.out.println(lastRunFailed ? "no date is stale, but the last run failed (above)" : "everything built is up to date");
    }
  }

  private static String ranges(SortedSet<LocalDate> dates) {
    var windows = DateWindow.covering(dates);
    String text = windows.stream().limit(5).map(DateWindow::toString).collect(Collectors.joining(", "));
    return windows.size() > 5 ? text + ", ... " + (windows.size() - 5) + " more" : text;
  }
}
