package dev.kpi.runtime.bigquery;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import dev.kpi.runtime.KpiException;
import dev.kpi.sql.dialect.BigQueryDialect;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the production warehouse is: the project, the location, the datasets of each layer and
 * the labels put on every job. Credentials are Application Default Credentials (the Composer
 * environment's service account, or {@code gcloud auth application-default login}); nothing
 * here is secret.
 */
public final class BigQuerySettings {
  /** Label keys and values: lower-case letters, digits, _ and -, at most 63 (BigQuery's rule). */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9_-]{0,63}");

  private final String project;
  private final Optional<String> location;
  private final String lakeDataset;
  private final String warehouseDataset;
  private final String martDataset;
  private final Map<String, String> labels;
  private final Optional<String> host;
  private final BigQueryDialect dialect;

  public BigQuerySettings(
      String project,
      Optional<String> location,
      String lakeDataset,
      String warehouseDataset,
      String martDataset,
      Map<String, String> labels,
      Optional<String> host) {
    if (project == null || project.isBlank()) {
      throw KpiException.usage("the BigQuery target needs a project: pass --project or set KPI_BIGQUERY_PROJECT");
    }
    try {
      this.dialect = BigQueryDialect.forProject(project, lakeDataset, warehouseDataset, martDataset);
    } catch (IllegalArgumentException e) {
      throw KpiException.usage(e.getMessage());
    }
    labels.forEach(
        (key, value) -> {
          if (key.isEmpty() || !LABEL.matcher(key).matches() || !LABEL.matcher(value).matches()) {
            throw KpiException.usage(
                "label '" + key + "=" + value + "' is not a BigQuery label: use lower-case letters, digits, _ and -, at most 63 characters");
          }
        });
    this.project = project;
    this.location = location.filter(l -> !l.isBlank());
    this.lakeDataset = lakeDataset;
    this.warehouseDataset = warehouseDataset;
    this.martDataset = martDataset;
    this.labels = new TreeMap<>(labels);
    this.host = host.filter(h -> !h.isBlank());
  }

  public String project() {
    return project;
  }

  public Optional<String> location() {
    return location;
  }

  public String lakeDataset() {
    return lakeDataset;
  }

  public String warehouseDataset() {
    return warehouseDataset;
  }

  public String martDataset() {
    return martDataset;
  }

  public Map<String, String> labels() {
    return labels;
  }
  /** The labels of a job that only reads: the --label values (billing groups it with the rest) and what it reads. */
  public Map<String, String> readLabels(String what) {
    Map<String, String> labels = new LinkedHashMap<>(labels());
    labels.put("kpi_read", what);
    return labels;
  }


  public BigQueryDialect dialect() {
    return dialect;
  }

  /**
   * The official client. With a host (an emulator or a test server), no credentials are sent;
   * otherwise Application Default Credentials.
   */
  public BigQuery client() {
    BigQueryOptions.Builder options =
        BigQueryOptions.newBuilder().setProjectId(project).setResultRetryAlgorithm(ServerErrorRetries.handler());
    location.ifPresent(options::setLocation);
    if (host.isPresent()) {
      options.setHost(host.get()).setCredentials(NoCredentials.getInstance());
    } else {
      options.setCredentials(applicationDefaultCredentials());
    }
    return options.build().getService();
  }

  /** Found up front, so a machine without credentials gets a message instead of a failure deep in the client. */
  private static com.google.auth.oauth2.GoogleCredentials applicationDefaultCredentials() {
    try {
      return com.google.auth.oauth2.GoogleCredentials.getApplicationDefault();
    } catch (java.io.IOException e) {
      throw new KpiException(
          "no Google credentials for BigQuery: run 'gcloud auth application-default login', or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file (in Cloud Composer the environment's service account is used)");
    }
  }
}
