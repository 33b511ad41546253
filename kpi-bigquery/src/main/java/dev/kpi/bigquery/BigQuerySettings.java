package dev.kpi.bigquery;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.QueryJobConfiguration;
import dev.kpi.runtime.KpiException;
import dev.kpi.sql.dialect.BigQueryDialect;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the production warehouse is and how kpi may use it: the project, the location, the
 * datasets of each layer, the labels put on every job, the cost and time guards, the endpoint.
 * Credentials are Application Default Credentials (the Composer environment's service account,
 * or {@code gcloud auth application-default login}); nothing here is secret. Everything is
 * checked here, before any request: a configuration error is a usage error (exit 2), which the
 * scheduler does not retry.
 */
public final class BigQuerySettings {
  /** BigQuery's rule for label keys: a lower-case letter first, then up to 62 of [a-z0-9_-]. */
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  /** ... and for values: up to 63 of [a-z0-9_-], possibly none. */
  private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");

  /** How often and how patiently a job that failed with a transient error is tried again. */
  public record Retries(int attempts, Duration initialDelay) {
    /** The wait before retry {@code n} (0-based): doubling, at most a minute. */
    public Duration delay(int n) {
      Duration delay = initialDelay.multipliedBy(1L << Math.min(n, 10));
      return delay.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : delay;
    }
  }

  /** Four attempts, 1 s, 2 s, 4 s apart; the system property kpi.bigquery.retry-delay-ms shortens the waits (tests). */
  static final Retries DEFAULT_RETRIES = new Retries(4, Duration.ofMillis(Long.getLong("kpi.bigquery.retry-delay-ms", 1000)));

  private final String project;
  private final Optional<String> location;
  private final String lakeDataset;
  private final String warehouseDataset;
  private final String martDataset;
  private final Map<String, String> labels;
  private final Optional<URI> endpoint;
  private final Optional<Long> maximumBytesBilled;
  private final Duration jobTimeout;
  private final Retries retries;
  private final BigQueryDialect dialect;

  public BigQuerySettings(
      String project,
      Optional<String> location,
      String lakeDataset,
      String warehouseDataset,
      String martDataset,
      Map<String, String> labels,
      Optional<String> endpoint,
      Optional<Long> maximumBytesBilled,
      Duration jobTimeout) {
    if (project == null || project.isBlank()) {
      throw KpiException.usage("the BigQuery target needs a project: pass --project or set KPI_BIGQUERY_PROJECT");
    }
    if (location.isPresent() && location.get().isBlank()) {
      throw KpiException.usage(
          "the BigQuery location is blank (--location or KPI_BIGQUERY_LOCATION): name the location of the datasets, e.g. asia-northeast1");
    }
    try {
      this.dialect = BigQueryDialect.forProject(project, lakeDataset, warehouseDataset, martDataset);
    } catch (IllegalArgumentException e) {
      throw KpiException.usage(e.getMessage());
    }
    labels.forEach(
        (key, value) -> {
          if (!LABEL_KEY.matcher(key).matches()) {
            throw KpiException.usage(
                "label key '" + key + "' (--label " + key + "=" + value + ") is not a BigQuery label key: start with a lower-case letter,"
                    + " then lower-case letters, digits, _ and -, at most 63 characters");
          }
          if (!LABEL_VALUE.matcher(value).matches()) {
            throw KpiException.usage(
                "label value '" + value + "' (--label " + key + "=" + value + ") is not a BigQuery label value: use lower-case letters,"
                    + " digits, _ and -, at most 63 characters");
          }
        });
    maximumBytesBilled.ifPresent(
        bytes -> {
          if (bytes <= 0) {
            throw KpiException.usage("--maximum-bytes-billed must be a positive number of bytes, not " + bytes);
          }
        });
    if (jobTimeout.isNegative() || jobTimeout.isZero()) {
      throw KpiException.usage("--job-timeout must be a positive number of minutes");
    }
    this.project = project;
    this.location = location;
    this.lakeDataset = lakeDataset;
    this.warehouseDataset = warehouseDataset;
    this.martDataset = martDataset;
    this.labels = new TreeMap<>(labels);
    this.endpoint = endpoint.filter(h -> !h.isBlank()).map(BigQuerySettings::endpoint);
    this.maximumBytesBilled = maximumBytesBilled;
    this.jobTimeout = jobTimeout;
    this.retries = DEFAULT_RETRIES;
  }

  private static URI endpoint(String text) {
    try {
      URI uri = URI.create(text.trim());
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw KpiException.usage("--bigquery-endpoint '" + text + "' is not a URL (http://HOST:PORT or https://HOST): " + e.getMessage());
    }
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
    labels.put("kpi_read", label(what));
    return labels;
  }

  /** Any text as a label value BigQuery accepts: lower case, [a-z0-9_-], at most 63 characters. */
  public static String label(String text) {
    String label = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    return label.length() > 63 ? label.substring(0, 63) : label;
  }

  public Optional<Long> maximumBytesBilled() {
    return maximumBytesBilled;
  }

  public Duration jobTimeout() {
    return jobTimeout;
  }

  Retries retries() {
    return retries;
  }

  public BigQueryDialect dialect() {
    return dialect;
  }

  /**
   * A query job's configuration with the guards every job carries: standard SQL, the cost limit
   * (a job that would bill more fails before it runs) and the job timeout (BigQuery cancels a job
   * that runs longer).
   */
  public QueryJobConfiguration.Builder query(String sql) {
    QueryJobConfiguration.Builder config = QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).setJobTimeoutMs(jobTimeout.toMillis());
    maximumBytesBilled.ifPresent(config::setMaximumBytesBilled);
    return config;
  }

  /**
   * The official client. For an endpoint on this machine (an emulator, a test server), no
   * credentials are sent; otherwise Application Default Credentials.
   */
  public BigQuery client() {
    BigQueryOptions.Builder options =
        BigQueryOptions.newBuilder().setProjectId(project).setResultRetryAlgorithm(TransientErrorRetries.handler());
    location.ifPresent(options::setLocation);
    if (endpoint.isPresent()) {
      URI uri = endpoint.get();
      options.setHost(uri.getScheme() + "://" + uri.getAuthority());
      if (loopback(uri)) {
        options.setCredentials(NoCredentials.getInstance());
      } else {
        options.setCredentials(applicationDefaultCredentials());
      }
    } else {
      options.setCredentials(applicationDefaultCredentials());
    }
    return options.build().getService();
  }

  private static boolean loopback(URI uri) {
    String host = uri.getHost();
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
  }

  /**
   * Found up front, so a machine without credentials gets a message instead of a failure deep in
   * the client; a configuration error (exit 2), which a scheduler's retry cannot fix.
   */
  private static com.google.auth.oauth2.GoogleCredentials applicationDefaultCredentials() {
    String file = System.getenv("GOOGLE_APPLICATION_CREDENTIALS");
    if (file != null && !file.isBlank() && !Files.isReadable(Path.of(file))) {
      throw KpiException.usage(
          "GOOGLE_APPLICATION_CREDENTIALS names " + file + ", which " + (Files.exists(Path.of(file)) ? "cannot be read" : "does not exist")
              + ": point it at the service account key file, or unset it to use Application Default Credentials");
    }
    try {
      return com.google.auth.oauth2.GoogleCredentials.getApplicationDefault();
    } catch (java.io.IOException e) {
      throw KpiException.usage(
          "no Google credentials for BigQuery (" + e.getMessage() + "): run 'gcloud auth application-default login', or set"
              + " GOOGLE_APPLICATION_CREDENTIALS to a service account key file (in Cloud Composer the environment's service account is used)");
    }
  }
}
