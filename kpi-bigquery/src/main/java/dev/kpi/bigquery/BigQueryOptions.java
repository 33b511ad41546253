package dev.kpi.bigquery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where BigQuery's warehouse is and how kpi may use it: the options of {@code --target bigquery}. */
public final class BigQueryOptions {
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
      names = "--maximum-bytes-billed",
      paramLabel = "BYTES",
      defaultValue = "${env:KPI_BIGQUERY_MAXIMUM_BYTES_BILLED}",
      description = "The most bytes any one BigQuery job may bill; a job that would bill more fails before it runs (or $KPI_BIGQUERY_MAXIMUM_BYTES_BILLED). Default: no limit.")
  Long maximumBytesBilled;

  @Option(
      names = "--job-timeout",
      paramLabel = "MINUTES",
      defaultValue = "${env:KPI_BIGQUERY_JOB_TIMEOUT:-45}",
      description = "Minutes a BigQuery job may run before BigQuery cancels it and kpi stops waiting; keep it below the scheduler's task timeout. Default: ${DEFAULT-VALUE}, or $KPI_BIGQUERY_JOB_TIMEOUT.")
  long jobTimeoutMinutes = 45;

  @Option(
      names = {"--bigquery-endpoint", "--bigquery-host"},
      paramLabel = "URL",
      defaultValue = "${env:KPI_BIGQUERY_ENDPOINT}",
      description = "BigQuery's API root, for an emulator or a local test server (http://127.0.0.1:9050); no credentials are sent to an endpoint on this machine (or $KPI_BIGQUERY_ENDPOINT).")
  String endpoint;

  BigQuerySettings settings() {
    return new BigQuerySettings(
        project,
        Optional.ofNullable(location),
        lakeDataset,
        warehouseDataset,
        martDataset,
        labels,
        Optional.ofNullable(endpoint),
        Optional.ofNullable(maximumBytesBilled),
        Duration.ofMinutes(jobTimeoutMinutes));
  }
}
