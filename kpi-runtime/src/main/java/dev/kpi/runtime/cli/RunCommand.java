package dev.kpi.runtime.cli;

import dev.kpi.runtime.contract.ShrinkPolicy;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.report.DailyKpis;
import dev.kpi.runtime.report.KpiTableWriter;
import dev.kpi.runtime.warehouse.Progress;
import dev.kpi.runtime.warehouse.Targets;
import dev.kpi.runtime.warehouse.WarehouseTarget;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Builds the warehouse tables for the date and its lookback window, then the marts, then prints the date's KPIs.",
      "On BigQuery, --dry-run prints the bytes each statement would process instead, and the tables a run would create or alter; it runs and changes nothing."
    })
final class RunCommand implements Callable<Integer> {
  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The business date to build.")
  LocalDate date;

  @Option(names = "--dry-run", description = "BigQuery only: estimate the bytes each statement would process and log the tables a run would create or alter; run and change nothing.")
  boolean dryRun;

  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.BUILD);

  @Mixin ShrinkOptions shrink = new ShrinkOptions();

  @Override
  public Integer call() {
    WarehouseTarget chosen = target.chosen();
    ShrinkPolicy policy = shrink.policy();
    if (dryRun && !chosen.estimates()) {
      throw KpiException.usage(
          "--dry-run is for a warehouse that estimates what a run would process (--target "
              + Targets.available().stream().filter(WarehouseTarget::estimates).map(WarehouseTarget::name).collect(Collectors.joining(" or --target "))
              + "); the " + chosen.name() + " warehouse runs and rolls back locally");
    }
    try (Session session = Session.building(target, date.minusDays(31), date, System.err)) {
      if (dryRun) {
        DryRunTable.write(session.runner().dryRun(date), System.out);
        return 0;
      }
      session.runner().daily("run", date, policy, Progress.NONE);
      KpiTableWriter.write(DailyKpis.read(session.martRows(), session.catalog().catalog(), date, session::currentFingerprint), System.out, session.hint());
    }
    return 0;
  }
}
