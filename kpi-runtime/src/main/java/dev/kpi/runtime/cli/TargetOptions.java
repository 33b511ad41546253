package dev.kpi.runtime.cli;

import dev.kpi.runtime.bigquery.BigQuerySettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which warehouse a command works on, and where BigQuery's is. */
final class TargetOptions {
  enum Target {
    embedded,
    bigquery
  }

  @Option(
      names = "--target",
      paramLabel = "embedded|bigquery",
      defaultValue = "${env:KPI_TARGET:-embedded}",
      description = "embedded (DuckDB in the data folder) or bigquery. Default: ${DEFAULT-VALUE}, or $KPI_TARGET.")
  Target target = Target.embedded;

  @Option(names = "--project", paramLabel = "PROJECT", defaultValue = "${env:KPI_BIGQUERY_PROJECT}", description = "BigQuery project (or $KPI_BIGQUERY_PROJECT).")
  String project;

  @Option(
      names = "--location",
      paramLabel = "LOCATION",
      defaultValue = "${env:KPI_BIGQUERY_LOCATION:-asia-northeast1}",
      description = "BigQuery location of the datasets and jobs. Default: ${DEFAULT-VALUE}, or $KPI_BIGQUERY_LOCATION.")
  String location;

  @Option(
      names = "--lake-dataset",
      paramLabel = "DATASET",
      defaultValue = "${env:KPI_BIGQUERY_LAKE_DATASET:-lake}",
      description = "Dataset of the lake tables. Default: ${DEFAULT-VALUE}, or $KPI_BIGQUERY_LAKE_DATASET.")
  String lakeDataset;

  @Option(
      names = "--warehouse-dataset",
      paramLabel = "DATASET",
      defaultValue = "${env:KPI_BIGQUERY_WAREHOUSE_DATASET:-warehouse}",
      description = "Dataset of the warehouse tables. Default: ${DEFAULT-VALUE}, or $KPI_BIGQUERY_WAREHOUSE_DATASET.")
  String warehouseDataset;

  @Option(
      names = "--mart-dataset",
      paramLabel = "DATASET",
      defaultValue = "${env:KPI_BIGQUERY_MART_DATASET:-mart}",
      description = "Dataset of the marts. Default: ${DEFAULT-VALUE}, or $KPI_BIGQUERY_MART_DATASET.")
  String martDataset;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label on every BigQuery job, dataset and table (repeatable), e.g. env=prd.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--bigquery-host",
      defaultValue = "${env:KPI_BIGQUERY_HOST}",
      hidden = true,
      description = "BigQuery's API root, for an emulator or a test server; no credentials are sent to it.")
  String host;

  boolean isBigQuery() {
    return target == Target.bigquery;
  }

  BigQuerySettings bigQuery() {
    return new BigQuerySettings(
        project, Optional.ofNullable(location), lakeDataset, warehouseDataset, martDataset, labels, Optional.ofNullable(host));
  }
}
