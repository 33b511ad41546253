package dev.kpi.runtime.cli;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.Suggestion;
import dev.kpi.model.mart.Mart;
import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.query.AnswerWriter;
import dev.kpi.runtime.query.MartReport;
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
    description = {
      "Prints the KPIs of a date beside the previous day and the same weekday a week before.",
      "With --mart, prints any mart's rows (weekly, monthly, by item type) for --date or --from..--to, each marked"
          + " when a date of its period is stale (built by an older definition) or missing."
    })
final class ShowCommand implements Callable<Integer> {
  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The business date.")
  LocalDate date;

  @Option(names = "--mart", paramLabel = "NAME", description = "A mart to print the rows of (kpi list marts).")
  String mart;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "With --mart: the first business date.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "With --mart: the last business date.")
  LocalDate to;

  @Option(names = "--format", defaultValue = "table", paramLabel = "table|json|csv", description = "table or json (and csv with --mart). Default: ${DEFAULT-VALUE}.")
  AnswerWriter.Format format;

  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.WAREHOUSE);

  @Override
  public Integer call() {
    if (mart != null) {
      return showMart();
    }
    if (from != null || to != null) {
      throw KpiException.usage("--from and --to go with --mart (kpi show --mart NAME --from A --to B); for the KPIs of one date give --date");
    }
    if (date == null) {
      throw KpiException.usage("give the date with --date YYYY-MM-DD (or a mart and its dates with --mart NAME --from A --to B)");
    }
    if (format == AnswerWriter.Format.csv) {
      throw KpiException.usage("--format csv goes with --mart; the KPIs of a date are a table or json");
    }
    try (Session session = Session.reading(target, System.err)) {
      DailyKpis kpis = DailyKpis.read(session.martRows(), session.catalog().catalog(), date, session::currentFingerprint);
      if (format == AnswerWriter.Format.json) {
        KpiJsonWriter.write(kpis, System.out);
      } else {
        KpiTableWriter.write(kpis, System.out, session.hint());
      }
    }
    return 0;
  }

  private int showMart() {
    LoadedCatalog loaded = Catalogs.load();
    Catalog catalog = loaded.catalog();
    Mart chosen =
        catalog.findMart(mart)
            .orElseThrow(
                () -> KpiException.usage(
                    "there is no mart '" + mart + "'" + Suggestion.didYouMean(mart, catalog.marts().stream().map(Mart::name).toList())
                        + "; the marts are " + String.join(", ", catalog.marts().stream().map(Mart::name).toList())));
    if (date != null && (from != null || to != null)) {
      throw KpiException.usage("give either --date or --from and --to, not both");
    }
    LocalDate first = date != null ? date : from;
    LocalDate last = date != null ? date : to;
    if (first == null || last == null) {
      throw KpiException.usage("give the dates of mart " + mart + " to show: --date YYYY-MM-DD, or --from A --to B");
    }
    if (first.isAfter(last)) {
      throw KpiException.usage("--from " + first + " is after --to " + last + "; give --from on or before --to");
    }
    try (Session session = Session.reading(target, loaded, System.err)) {
      MartReport.Report report = new MartReport(catalog, session.warehouse(), session.runner().fingerprints(), session.hint()).read(chosen, first, last);
      new AnswerWriter(catalog).write(format, MartReport.query(chosen), report.route(), report.answer(), System.out, System.err);
    }
    return 0;
  }
}
