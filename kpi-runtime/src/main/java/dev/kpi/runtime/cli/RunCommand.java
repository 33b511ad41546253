package dev.kpi.runtime.cli;

import dev.kpi.runtime.duckdb.BuildReport;
import dev.kpi.runtime.duckdb.EmbeddedRunner;
import dev.kpi.runtime.report.DailyKpis;
import dev.kpi.runtime.report.KpiTableWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "The daily job: builds the warehouse tables for the date and its lookback window, then the marts, then prints the date's KPIs.",
      "The scheduler calls: kpi run --date {{ ds }}"
    })
final class RunCommand implements Callable<Integer> {
  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The business date to build.")
  LocalDate date;

  @Mixin EmbeddedOptions options = new EmbeddedOptions();

  @Override
  public Integer call() {
    try (Workspace workspace = Workspace.open(options, date.minusDays(31), date, System.err)) {
      EmbeddedRunner runner = new EmbeddedRunner(workspace.warehouse(), workspace.catalog(), System.err);
      List<BuildReport> builds = runner.runDate(date);
      builds.forEach(b -> System.err.println("kpi: built " + b));
      KpiTableWriter.write(DailyKpis.read(workspace.warehouse().connection(), workspace.catalog().catalog(), date), System.out);
    }
    return 0;
  }
}
