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

  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.WAREHOUSE);

  @Override
  public Integer call() {
    try (Session session = Session.reading(target, System.err)) {
      DailyKpis kpis = DailyKpis.read(session.martRows(), session.catalog().catalog(), date);
      if (format == Format.json) {
        KpiJsonWriter.write(kpis, System.out);
      } else {
        KpiTableWriter.write(kpis, System.out, session.hint());
      }
    }
    return 0;
  }
}
