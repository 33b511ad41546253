package dev.kpi.runtime.cli;

import com.google.cloud.bigquery.BigQuery;
import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.bigquery.BigQueryMartRows;
import dev.kpi.runtime.bigquery.BigQueryRunner;
import dev.kpi.runtime.bigquery.BigQuerySettings;
import dev.kpi.runtime.report.MartRows;
import java.io.PrintStream;

/** What a command on the BigQuery target needs: the catalog, the client, the runner, the mart reader. */
final class BigQueryTarget {
  final LoadedCatalog catalog;
  final BigQuerySettings settings;
  final BigQuery client;
  final BigQueryRunner runner;
  final CommandHint hint;

  private BigQueryTarget(LoadedCatalog catalog, BigQuerySettings settings, CommandHint hint, PrintStream log) {
    this.catalog = catalog;
    this.hint = hint;
    this.settings = settings;
    this.client = settings.client();
    this.runner = new BigQueryRunner(client, settings, catalog.catalog(), line -> log.println("kpi: " + line));
  }

  static BigQueryTarget open(TargetOptions options, CommandHint hint, PrintStream log) {
    LoadedCatalog catalog = Catalogs.load();
    return new BigQueryTarget(catalog, options.bigQuery(), hint, log);
  }

  MartRows martRows() {
    return new BigQueryMartRows(client, settings);
  }

  dev.kpi.runtime.slack.SummaryReader summaryReader() {
    return new dev.kpi.runtime.slack.SummaryReader(martRows(), catalog.catalog(), runner.fingerprints(), hint);
  }
}
