package dev.kpi.runtime.cli;

import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.report.CatalogListing;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists what the definitions define: metrics (kind, unit, the marts that hold them), dimensions, marts, saved"
          + " queries (kpi query --saved NAME) or tables (lake, warehouse and mart). Reads the definitions only, no warehouse."
    })
final class ListCommand implements Callable<Integer> {
  enum Format {
    table,
    json
  }

  @Parameters(index = "0", paramLabel = "metrics|dimensions|marts|queries|tables", description = "What to list: ${COMPLETION-CANDIDATES}.")
  CatalogListing.Subject subject;

  @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "table or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Override
  public Integer call() {
    CatalogListing listing = CatalogListing.of(Catalogs.load().catalog(), subject);
    if (format == Format.json) {
      listing.printJson(System.out);
    } else {
      listing.printTable(System.out);
    }
    return 0;
  }
}
