package dev.kpi.runtime.cli;

import dev.kpi.runtime.report.DailyKpis;
import dev.kpi.runtime.report.KpiJsonWriter;
import dev.kpi.runtime.report.KpiTableWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Prints the KPIs of a date beside the previous day and the same weekday a week before.")
final class ShowCommand implements Callable<Integer> {
  enum Format {
    table,
    json
  }

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The business date.")
  LocalDate date;

  @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "table or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Mixin EmbeddedOptions options = new EmbeddedOptions();

  @Mixin TargetOptions target = new TargetOptions();

  @Override
  public Integer call() {
    if (target.isBigQuery()) {
      BigQueryTarget bigQuery = BigQueryTarget.open(target, options.hint(), System.err);
      print(DailyKpis.read(bigQuery.martRows(), bigQuery.catalog.catalog(), date));
      return 0;
    }
    try (Workspace workspace = Workspace.openForReading(options)) {
      print(DailyKpis.read(workspace.martRows(), workspace.catalog().catalog(), date));
    }
    return 0;
  }

  private void print(DailyKpis kpis) {
    if (format == Format.json) {
      KpiJsonWriter.write(kpis, System.out);
    } else {
      KpiTableWriter.write(kpis, System.out, options.hint());
    }
  }
}
