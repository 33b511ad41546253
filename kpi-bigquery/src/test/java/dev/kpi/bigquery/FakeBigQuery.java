package dev.kpi.bigquery;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import dev.kpi.sql.testing.TableData;
import dev.kpi.sql.testing.ZetaSqlBuildRunner;

/**
 * An in-memory BigQuery REST v2 server (on 127.0.0.1, a free port) that the official Java client
 * ({@code google-cloud-bigquery}) talks to with no Google account: {@link #client()} is a client
 * for project {@value #PROJECT}, location {@value #LOCATION}, {@code NoCredentials} and fast
 * retries.
 *
 * <p>Endpoints served (paths under {@code /bigquery/v2/projects/{project}}):
 *
 * <ul>
 *   <li>{@code GET /datasets/{d}} (datasets.get; 404 notFound), {@code POST /datasets}
 *       (datasets.insert; 409 duplicate);
 *   <li>{@code GET /datasets/{d}/tables/{t}} (tables.get; 404), {@code POST /datasets/{d}/tables}
 *       (tables.insert; 404 when the dataset is missing, 409 duplicate), {@code PATCH
 *       /datasets/{d}/tables/{t}} (tables.patch, what {@code bigQuery.update(TableInfo)} sends; see
 *       below), {@code DELETE /datasets/{d}/tables/{t}} (tables.delete), {@code GET
 *       /datasets/{d}/tables/{t}/data} (tabledata.list, only for the anonymous result tables of
 *       scripted results);
 *   <li>{@code POST /jobs} (jobs.insert; 409 duplicate), {@code GET /jobs/{id}} (jobs.get; 404,
 *       also when {@code ?location=} differs from the job's), {@code GET /queries/{id}}
 *       (jobs.getQueryResults), {@code POST /queries} (jobs.query, the client's fast path).
 * </ul>
 *
 * Anything else is answered 501 with a message naming the endpoint (501 is not retried by the
 * client, so the test fails fast and says what is missing). Resource fields the client asks to
 * trim ({@code ?fields=}) are ignored: full resources are always returned.
 *
 * <p>Tables: like BigQuery, the stored schema (and so tables.get) names types the legacy way
 * (INTEGER, FLOAT, BOOLEAN, RECORD) whatever the request said. The client sends tables.patch as a
 * {@code POST} with {@code X-HTTP-Method-Override: PATCH} (its HTTP transport has no PATCH); the
 * fake, like Google's front end, serves and records that request as a {@code PATCH}. A patch
 * replaces the fields its body has (output-only ones, such as etag and numRows, are ignored) and
 * refuses, with 400 invalid, what BigQuery refuses: a column missing from a new schema, a changed
 * column type, a mode other than REQUIRED to NULLABLE changed, a REQUIRED column added, a changed
 * time partitioning.
 *
 * <p>Jobs: every job is DONE on insert (never PENDING/RUNNING). A query whose text matches a
 * {@link #failJobsMatching} rule is DONE with {@code status.errorResult}; its
 * getQueryResults/jobs.query answer is an HTTP error (400, or 404/403 for reasons notFound /
 * accessDenied) like BigQuery's, so {@code job.waitFor()} and {@code job.getQueryResults()}
 * throw. A dry run is not stored (its jobReference comes back without a jobId, like BigQuery's),
 * and a failing dry run is answered 400 at once. Jobs inserted without a location get {@value
 * #LOCATION} (standing in for BigQuery's inference from the referenced tables). A jobs.insert with
 * the id of a stored job is answered 409 "Already Exists: Job project:location.id" (reason
 * duplicate); the client then fetches that job and returns it when it is under 24 hours old (see
 * {@link #clock}).
 *
 * <p>kpi's own statements are recognised by their text: the ledger's (see {@link
 * #builtDates}), and the lake check's counting queries, answered with a clean lake (all counts
 * 0) unless a {@link #resultsFor} rule matches.
 *
 * <p>All state is guarded by this object's monitor; the server answers on a small thread pool.
 */
public final class FakeBigQuery implements AutoCloseable {

  /** The project of {@link #client()}, and of {@link #addDataset} ids without a project. */
  public static final String PROJECT = "example-project";

  /** The location of {@link #client()}, of seeded datasets and of jobs inserted without one. */
  public static final String LOCATION = "asia-northeast1";

  /** Bytes a dry run reports when no {@link #bytesFor} rule matches: 1 MiB. */
  public static final long DEFAULT_DRY_RUN_BYTES = 1_048_576L;

  private static final String PREFIX = "/bigquery/v2/projects/";
  private static final String ANON_DATASET = "_fake_anonymous";
  private static final Gson GSON = new GsonBuilder().serializeNulls().create();

  /** One HTTP request as received, with the status it was answered with. */
  public record Recorded(String method, String path, String query, String body, int status) {

    /** The body parsed as a JSON object, or null when there is none (or it is not an object). */
    public JsonObject json() {
      if (body == null || body.isBlank()) {
        return null;
      }
      JsonElement element = JsonParser.parseString(body);
      return element.isJsonObject() ? element.getAsJsonObject() : null;
    }

    /** A decoded query-string parameter, or null. */
    public String queryParam(String name) {
      return parseQuery(query).get(name);
    }

    /** "METHOD path", e.g. "POST /bigquery/v2/projects/example-project/jobs". */
    @Override
    public String toString() {
      return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status;
    }
  }

  private record Rule<T>(Predicate<String> query, T value) {}

  /** A job error to inject; {@code left} counts the jobs it still fails (-1: every one). */
  private record Failure(String reason, String message, java.util.concurrent.atomic.AtomicInteger left) {
    Failure(String reason, String message) {
      this(reason, message, new java.util.concurrent.atomic.AtomicInteger(-1));
    }
  }

  private record Results(JsonArray fields, JsonArray rows) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;
  /** Runs the jobs' SQL in the executing mode; null when kpi's statements are recognised by text. */
  private final ReferenceEngine engine;
  private final ExecutorService jobRunner;
  private final List<Hold> holds = new ArrayList<>();

  private final List<Recorded> requests = new ArrayList<>();
  private final Map<String, JsonObject> datasets = new LinkedHashMap<>(); // "p:d"
  private final Map<String, JsonObject> tables = new LinkedHashMap<>(); // "p:d.t"
  private final Map<String, JsonObject> jobs = new LinkedHashMap<>(); // "p:jobId"
  private final Map<String, Results> anonymousTables = new LinkedHashMap<>(); // tableId
  private final List<Rule<Long>> bytesRules = new ArrayList<>();
  private final List<Rule<Failure>> failureRules = new ArrayList<>();
  private final List<Rule<Results>> resultRules = new ArrayList<>();
  private final Map<String, List<Object>> builtDates = new java.util.TreeMap<>(); // "table date"
  private int failuresLeft;
  private int failureStatus;
  private Predicate<String> failing = request -> true;
  private Clock clock = Clock.systemUTC();

  private FakeBigQuery(HttpServer server, ExecutorService executor, ReferenceEngine engine) {
    this.server = server;
    this.executor = executor;
    this.url = "http://127.0.0.1:" + server.getAddress().getPort();
    this.engine = engine;
    this.jobRunner =
        engine == null
            ? null
            : Executors.newSingleThreadExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "fake-bigquery-jobs");
                  thread.setDaemon(true);
                  return thread;
                });
  }

  /**
   * Starts a server on 127.0.0.1 and a free port that recognises kpi's statements by their text
   * and runs no SQL (see the class comment). Close it (try-with-resources or @AfterEach).
   */
  public static FakeBigQuery start() {
    return start(null);
  }

  /**
   * Starts a server that runs every query job's SQL on ZetaSQL's reference engine over its
   * tables ({@link ReferenceEngine}): seed the lake with {@link #insertRows}, read what jobs
   * built with {@link #rows}. Jobs go PENDING, RUNNING, DONE on a thread of their own, one at a
   * time in the order inserted; {@link #holdJobsMatching} keeps one RUNNING.
   */
  public static FakeBigQuery executing() {
    return start(new ReferenceEngine());
  }

  private static FakeBigQuery start(ReferenceEngine engine) {
    // The JDK's server writes a response's headers and body in two packets; without TCP_NODELAY
    // the client's delayed ACK holds the second ~40 ms, on every request. Read when the server
    // class first loads, so set before the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              4,
              runnable -> {
                Thread thread = new Thread(runnable, "fake-bigquery");
                thread.setDaemon(true);
                return thread;
              });
      server.setExecutor(executor);
      FakeBigQuery fake = new FakeBigQuery(server, executor, engine);
      server.createContext("/", fake::handle);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start FakeBigQuery", e);
    }
  }

  /**
   * What to pass to {@code BigQueryOptions.Builder.setHost}: "http://127.0.0.1:PORT" (no path;
   * the client appends "/bigquery/v2/", a trailing slash is optional).
   */
  public String url() {
    return url;
  }

  /**
   * An official client for this server: project {@value #PROJECT}, location {@value #LOCATION},
   * {@link NoCredentials}, retries after 10 ms (doubling, at most 100 ms, 6 attempts, 5 s in all).
   */
  public BigQuery client() {
    return options().build().getService();
  }

  /**
   * The options of {@link #client()}, to add to before building a client (say {@code
   * setResultRetryAlgorithm}, which the production code may set too).
   */
  public BigQueryOptions.Builder options() {
    return BigQueryOptions.newBuilder()
        .setHost(url)
        .setProjectId(PROJECT)
        .setLocation(LOCATION)
        .setCredentials(NoCredentials.getInstance())
        .setRetrySettings(fastRetries());
  }

  /** The retry settings of {@link #client()}. */
  public static RetrySettings fastRetries() {
    return RetrySettings.newBuilder()
        .setInitialRetryDelayDuration(Duration.ofMillis(10))
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(Duration.ofMillis(100))
        .setMaxAttempts(6)
        .setTotalTimeoutDuration(Duration.ofSeconds(5))
        .setInitialRpcTimeoutDuration(Duration.ofSeconds(5))
        .setMaxRpcTimeoutDuration(Duration.ofSeconds(5))
        .build();
  }

  @Override
  public void close() {
    synchronized (this) {
      holds.forEach(Hold::release);
    }
    server.stop(0);
    executor.shutdownNow();
    if (jobRunner != null) {
      jobRunner.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- datasets and tables

  /** Adds a dataset ("d" in {@value #PROJECT}, or "project.d"/"project:d") in {@value #LOCATION}. */
  public synchronized void addDataset(String id) {
    String key = datasetKey(id);
    if (!datasets.containsKey(key)) {
      JsonObject dataset = new JsonObject();
      dataset.addProperty("location", LOCATION);
      datasets.put(key, completeDataset(key, dataset));
    }
  }

  /** Whether the dataset exists (seeded or created through the API). */
  public synchronized boolean hasDataset(String id) {
    return datasets.containsKey(datasetKey(id));
  }

  /** The stored dataset resource, as datasets.get answers it. */
  public synchronized Optional<JsonObject> dataset(String id) {
    return Optional.ofNullable(datasets.get(datasetKey(id))).map(JsonObject::deepCopy);
  }

  /**
   * Seeds a table (its dataset is added when missing). {@code tableResource} is a REST Table
   * resource, at least {@code {"schema":{"fields":[{"name":..,"type":..}]}}}; tableReference, id,
   * type, creationTime... are filled in.
   */
  /**
   * A table's REST resource as a test seeds it: "name:TYPE" columns (TYPE as the REST API names
   * it, STRING, INTEGER, TIMESTAMP, ...), each of {@code mode} (NULLABLE, REQUIRED), partitioned
   * by day of {@code partitionField} when it is not null.
   */
  public static JsonObject tableResource(List<String> columns, String mode, String partitionField) {
    JsonArray fields = new JsonArray();
    for (String column : columns) {
      JsonObject field = new JsonObject();
      field.addProperty("name", column.substring(0, column.indexOf(':')));
      field.addProperty("type", column.substring(column.indexOf(':') + 1));
      field.addProperty("mode", mode);
      fields.add(field);
    }
    JsonObject schema = new JsonObject();
    schema.add("fields", fields);
    JsonObject resource = new JsonObject();
    resource.add("schema", schema);
    if (partitionField != null) {
      JsonObject partitioning = new JsonObject();
      partitioning.addProperty("type", "DAY");
      partitioning.addProperty("field", partitionField);
      resource.add("timePartitioning", partitioning);
    }
    return resource;
  }

  public synchronized void addTable(String dataset, String table, JsonObject tableResource) {
    addDataset(dataset);
    String datasetKey = datasetKey(dataset);
    tables.put(datasetKey + "." + table, completeTable(datasetKey, table, tableResource.deepCopy()));
    if (engine != null) {
      engine.create(engineName(datasetKey + "." + table));
    }
  }

  /** {@link #addTable(String, String, JsonObject)} with the resource as JSON text. */
  public void addTable(String dataset, String table, String tableResourceJson) {
    addTable(dataset, table, JsonParser.parseString(tableResourceJson).getAsJsonObject());
  }

  /** The stored table resource (as tables.get answers it), if the table exists. */
  public synchronized Optional<JsonObject> table(String dataset, String table) {
    return Optional.ofNullable(tables.get(datasetKey(dataset) + "." + table))
        .map(JsonObject::deepCopy);
  }

  /** The stored job resource (as jobs.get answers it), if a job with this id was inserted. */
  public synchronized Optional<JsonObject> job(String jobId) {
    return Optional.ofNullable(jobs.get(PROJECT + ":" + jobId)).map(JsonObject::deepCopy);
  }

  // ---------------------------------------------------------------- recorded requests

  /** Every request received, in order (also those answered with an error). */
  public synchronized List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** Bodies of every jobs.insert request received, in order (retries and rejected ones too). */
  public synchronized List<JsonObject> jobInserts() {
    return bodies("POST", "/jobs");
  }

  /** Bodies of every jobs.query request received (what {@code bigquery.query(config)} sends). */
  public synchronized List<JsonObject> queryRequests() {
    return bodies("POST", "/queries");
  }

  /** Bodies of every tables.insert request received, in order. */
  public synchronized List<JsonObject> tableInserts() {
    return bodies("POST", "/tables");
  }

  /** Bodies of every tables.patch request received (what {@code bigQuery.update(TableInfo)} sends), in order. */
  public synchronized List<JsonObject> tableUpdates() {
    List<JsonObject> out = new ArrayList<>();
    for (Recorded recorded : requests) {
      if (recorded.method().equals("PATCH") && recorded.path().contains("/tables/")) {
        out.add(recorded.json());
      }
    }
    return out;
  }

  /** Dataset ids ("d", without project) of every datasets.insert request received, in order. */
  public synchronized List<String> datasetInserts() {
    List<String> out = new ArrayList<>();
    for (JsonObject body : bodies("POST", "/datasets")) {
      out.add(body.getAsJsonObject("datasetReference").get("datasetId").getAsString());
    }
    return out;
  }

  /** Forgets the recorded requests (not the datasets, tables and jobs). */
  public synchronized void clearRequests() {
    requests.clear();
  }

  // ---------------------------------------------------------------- scripting

  /**
   * Bytes processed reported by dry runs of matching queries (statistics.totalBytesProcessed and
   * statistics.query.totalBytesProcessed). The latest matching rule wins; otherwise {@value
   * #DEFAULT_DRY_RUN_BYTES}. Real runs report 0.
   */
  public synchronized void bytesFor(Predicate<String> queryMatches, long bytes) {
    bytesRules.add(0, new Rule<>(queryMatches, bytes));
  }

  /**
   * Matching query jobs end DONE with status.errorResult = {reason, message} (and status.errors);
   * getQueryResults/jobs.query on them answer an HTTP error with that reason and message (400;
   * 404 for "notFound", 403 for "accessDenied"). Dry runs of them are answered 400 at once.
   */
  public synchronized void failJobsMatching(
      Predicate<String> queryMatches, String reason, String message) {
    failureRules.add(0, new Rule<>(queryMatches, new Failure(reason, message)));
  }

  /** As {@link #failJobsMatching(Predicate, String, String)}, for the next {@code times} matching jobs only. */
  public synchronized void failJobsMatching(Predicate<String> queryMatches, String reason, String message, int times) {
    failureRules.add(0, new Rule<>(queryMatches, new Failure(reason, message, new java.util.concurrent.atomic.AtomicInteger(times))));
  }

  /** The failure the first matching rule with failures left injects into a job of {@code sql}. */
  private Failure takeFailure(String sql) {
    for (Rule<Failure> rule : failureRules) {
      if (!rule.query().test(sql)) {
        continue;
      }
      java.util.concurrent.atomic.AtomicInteger left = rule.value().left();
      if (left.get() == 0) {
        continue;
      }
      if (left.get() > 0) {
        left.decrementAndGet();
      }
      return rule.value();
    }
    return null;
  }

  /**
   * The next {@code n} requests, to any endpoint, are answered {@code httpStatus} (e.g. 503,
   * reason backendError) without being handled: nothing is created. Beware: google-cloud-bigquery
   * 2.59.0 does not retry these by default (its retry algorithm sees the raw
   * HttpResponseException, not a BigQueryException); a client retries them only with a result
   * retry algorithm that does (see FakeBigQueryTest).
   */
  public synchronized void failNextRequests(int n, int httpStatus) {
    failNextRequests(n, httpStatus, request -> true);
  }

  /**
   * {@link #failNextRequests(int, int)} for the next {@code n} requests that {@code request}
   * accepts, as "METHOD /bigquery/v2/projects/..." (no query string); others are served.
   */
  public synchronized void failNextRequests(int n, int httpStatus, Predicate<String> request) {
    this.failuresLeft = n;
    this.failureStatus = httpStatus;
    this.failing = request;
  }

  /**
   * Result rows of matching queries (the latest matching rule wins; otherwise no rows and no
   * columns). {@code columns} is "name:TYPE, name:TYPE" (GoogleSQL or legacy type names: DATE,
   * NUMERIC, INT64, STRING, FLOAT64, BOOL, TIMESTAMP...); each row holds one value per column,
   * written with {@code String.valueOf} (null stays null), e.g. {@code List.of("2026-11-24",
   * "12.50", 3)}. Served by jobs.query, getQueryResults and the tabledata.list of the job's
   * anonymous destination table.
   */
  public synchronized void resultsFor(
      Predicate<String> queryMatches, String columns, List<? extends List<?>> rows) {
    resultRules.add(0, new Rule<>(queryMatches, results(columns, rows)));
  }

  private static Results results(String columns, List<? extends List<?>> rows) {
    JsonArray fields = new JsonArray();
    for (String column : columns.split(",")) {
      String[] parts = column.trim().split(":");
      JsonObject field = new JsonObject();
      field.addProperty("name", parts[0].trim());
      field.addProperty("type", legacyType(parts[1].trim()));
      field.addProperty("mode", "NULLABLE");
      fields.add(field);
    }
    JsonArray rowArray = new JsonArray();
    for (List<?> row : rows) {
      if (row.size() != fields.size()) {
        throw new IllegalArgumentException("row " + row + " does not have " + fields.size() + " values");
      }
      JsonArray cells = new JsonArray();
      for (Object value : row) {
        JsonObject cell = new JsonObject();
        cell.add("v", value == null ? JsonNull.INSTANCE : GSON.toJsonTree(String.valueOf(value)));
        cells.add(cell);
      }
      JsonObject rowObject = new JsonObject();
      rowObject.add("f", cells);
      rowArray.add(rowObject);
    }
    return new Results(fields, rowArray);
  }

  /**
   * The clock stamping creationTime/startTime/endTime. The client re-attaches to a job whose
   * insert answered 409 only when that job was created in the last 24 hours; an older clock makes
   * it throw the 409 instead.
   */
  public synchronized void clock(Clock clock) {
    this.clock = clock;
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
      if (method.equals("POST") && override != null) {
        method = override.toUpperCase(Locale.ROOT); // as Google's front end reads it
      }
      String rawPath = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      String body = readBody(exchange);
      Response response;
      try {
        response = respond(method, rawPath, query, body);
      } catch (RuntimeException e) {
        response = error(500, "internalError", "FakeBigQuery failed: " + e);
      }
      synchronized (this) {
        requests.add(new Recorded(method, decode(rawPath), query, body, response.status));
      }
      byte[] bytes = response.json == null ? new byte[0] : GSON.toJson(response.json).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
      if (bytes.length == 0) {
        exchange.sendResponseHeaders(response.status, -1);
      } else {
        exchange.sendResponseHeaders(response.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } finally {
      exchange.close();
    }
  }

  private record Response(int status, JsonObject json) {}

  private synchronized Response respond(String method, String rawPath, String rawQuery, String body) {
    if (failuresLeft > 0 && failing.test(method + " " + decode(rawPath))) {
      failuresLeft--;
      return error(
          failureStatus,
          failureStatus >= 500 ? "backendError" : "invalid",
          "Error encountered during execution. Retrying may solve the problem. (FakeBigQuery)");
    }
    if (!rawPath.startsWith(PREFIX)) {
      return unsupported(method, rawPath);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.substring(PREFIX.length()).split("/")) {
      segments.add(decode(segment));
    }
    Map<String, String> params = parseQuery(rawQuery);
    JsonObject json = body == null || body.isBlank() ? null : JsonParser.parseString(body).getAsJsonObject();
    String project = segments.get(0);
    String resource = segments.size() > 1 ? segments.get(1) : "";
    int n = segments.size();
    switch (resource) {
      case "datasets":
        if (n == 2 && method.equals("POST")) {
          return insertDataset(project, json);
        }
        if (n == 3 && method.equals("GET")) {
          return getDataset(project, segments.get(2));
        }
        if (n == 4 && segments.get(3).equals("tables") && method.equals("POST")) {
          return insertTable(project, segments.get(2), json);
        }
        if (n == 5 && segments.get(3).equals("tables") && method.equals("GET")) {
          return getTable(project, segments.get(2), segments.get(4));
        }
        if (n == 5 && segments.get(3).equals("tables") && method.equals("PATCH")) {
          return patchTable(project, segments.get(2), segments.get(4), json);
        }
        if (n == 5 && segments.get(3).equals("tables") && method.equals("DELETE")) {
          return deleteTable(project, segments.get(2), segments.get(4));
        }
        if (n == 6 && segments.get(5).equals("data") && method.equals("GET")) {
          return listTableData(project, segments.get(2), segments.get(4));
        }
        break;
      case "jobs":
        if (n == 2 && method.equals("POST")) {
          return insertJob(project, json);
        }
        if (n == 3 && method.equals("GET")) {
          JsonObject job = findJob(project, segments.get(2), params.get("location"));
          return job == null ? jobNotFound(project, segments.get(2), params.get("location")) : ok(job);
        }
        break;
      case "queries":
        if (n == 2 && method.equals("POST")) {
          return query(project, json);
        }
        if (n == 3 && method.equals("GET")) {
          return getQueryResults(project, segments.get(2), params);
        }
        break;
      default:
        break;
    }
    return unsupported(method, rawPath);
  }

  // ---------------------------------------------------------------- datasets

  private Response getDataset(String project, String dataset) {
    JsonObject found = datasets.get(project + ":" + dataset);
    return found == null ? notFound("Dataset " + project + ":" + dataset) : ok(found);
  }

  private Response insertDataset(String project, JsonObject body) {
    String dataset = body.getAsJsonObject("datasetReference").get("datasetId").getAsString();
    String key = project + ":" + dataset;
    if (datasets.containsKey(key)) {
      return error(409, "duplicate", "Already Exists: Dataset " + key);
    }
    JsonObject stored = completeDataset(key, body.deepCopy());
    datasets.put(key, stored);
    return ok(stored);
  }

  private JsonObject completeDataset(String key, JsonObject dataset) {
    String project = key.substring(0, key.indexOf(':'));
    String id = key.substring(key.indexOf(':') + 1);
    JsonObject reference = new JsonObject();
    reference.addProperty("datasetId", id);
    reference.addProperty("projectId", project);
    dataset.addProperty("kind", "bigquery#dataset");
    dataset.addProperty("id", key);
    dataset.add("datasetReference", reference);
    dataset.addProperty("selfLink", url + PREFIX + project + "/datasets/" + id);
    dataset.addProperty("etag", UUID.randomUUID().toString());
    if (!dataset.has("location")) {
      dataset.addProperty("location", "US"); // BigQuery's default when the request has none
    }
    String now = String.valueOf(clock.millis());
    dataset.addProperty("creationTime", now);
    dataset.addProperty("lastModifiedTime", now);
    return dataset;
  }

  // ---------------------------------------------------------------- tables

  private Response getTable(String project, String dataset, String table) {
    JsonObject found = tables.get(project + ":" + dataset + "." + table);
    return found == null ? notFound("Table " + project + ":" + dataset + "." + table) : ok(found);
  }

  private Response insertTable(String project, String dataset, JsonObject body) {
    String datasetKey = project + ":" + dataset;
    if (!datasets.containsKey(datasetKey)) {
      return notFound("Dataset " + datasetKey);
    }
    String table = body.getAsJsonObject("tableReference").get("tableId").getAsString();
    String key = datasetKey + "." + table;
    if (tables.containsKey(key)) {
      return error(409, "duplicate", "Already Exists: Table " + key);
    }
    JsonObject stored = completeTable(datasetKey, table, body.deepCopy());
    tables.put(key, stored);
    if (engine != null) {
      engine.create(engineName(key));
    }
    return ok(stored);
  }

  private Response deleteTable(String project, String dataset, String table) {
    String key = project + ":" + dataset + "." + table;
    if (tables.remove(key) == null) {
      return notFound("Table " + key);
    }
    if (engine != null) {
      engine.drop(engineName(key));
    }
    return new Response(204, null);
  }

  private static final java.util.Set<String> OUTPUT_ONLY =
      java.util.Set.of(
          "kind", "id", "etag", "selfLink", "tableReference", "type", "location", "creationTime", "lastModifiedTime",
          "numRows", "numBytes", "numLongTermBytes", "numActiveLogicalBytes", "numLongTermLogicalBytes",
          "numTotalLogicalBytes", "numPhysicalBytes");

  /** tables.patch: the body's fields replace the stored ones, within BigQuery's rules. */
  private Response patchTable(String project, String dataset, String table, JsonObject body) {
    String key = project + ":" + dataset + "." + table;
    JsonObject stored = tables.get(key);
    if (stored == null) {
      return notFound("Table " + key);
    }
    JsonObject patch = body.deepCopy();
    legacyTypes(patch);
    if (patch.has("schema") && !patch.get("schema").isJsonNull()) {
      String refused = schemaChangeRefused(key, stored.getAsJsonObject("schema"), patch.getAsJsonObject("schema"));
      if (refused != null) {
        return error(400, "invalid", refused);
      }
    }
    if (patch.has("timePartitioning") && !partitioning(stored).equals(partitioning(patch))) {
      return error(400, "invalid", "Cannot change partitioning spec for table " + key + " (" + partitioning(stored) + " -> " + partitioning(patch) + ")");
    }
    JsonObject updated = stored.deepCopy();
    for (Map.Entry<String, JsonElement> field : patch.entrySet()) {
      if (OUTPUT_ONLY.contains(field.getKey())) {
        continue;
      }
      if (field.getValue().isJsonNull()) {
        updated.remove(field.getKey());
      } else {
        updated.add(field.getKey(), field.getValue());
      }
    }
    updated.addProperty("etag", UUID.randomUUID().toString());
    updated.addProperty("lastModifiedTime", String.valueOf(clock.millis()));
    tables.put(key, updated);
    return ok(updated);
  }

  /** BigQuery's message when a patched schema is not a compatible extension of the stored one, or null. */
  private static String schemaChangeRefused(String table, JsonObject stored, JsonObject patched) {
    String prefix = "Provided Schema does not match Table " + table + ". ";
    Map<String, JsonObject> before = fieldsByName(stored);
    Map<String, JsonObject> after = fieldsByName(patched);
    for (Map.Entry<String, JsonObject> old : before.entrySet()) {
      JsonObject now = after.get(old.getKey());
      String name = old.getValue().get("name").getAsString();
      if (now == null) {
        return prefix + "Field " + name + " is missing in new schema";
      }
      String oldType = old.getValue().get("type").getAsString();
      String newType = now.get("type").getAsString();
      if (!oldType.equals(newType)) {
        return prefix + "Field " + name + " has changed type from " + oldType + " to " + newType;
      }
      String oldMode = mode(old.getValue());
      String newMode = mode(now);
      if (!oldMode.equals(newMode) && !(oldMode.equals("REQUIRED") && newMode.equals("NULLABLE"))) {
        return prefix + "Field " + name + " has changed mode from " + oldMode + " to " + newMode;
      }
    }
    for (Map.Entry<String, JsonObject> added : after.entrySet()) {
      if (!before.containsKey(added.getKey()) && mode(added.getValue()).equals("REQUIRED")) {
        return prefix + "Cannot add required fields to an existing schema. (field: " + added.getValue().get("name").getAsString() + ")";
      }
    }
    return null;
  }

  private static Map<String, JsonObject> fieldsByName(JsonObject schema) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    if (schema != null && schema.has("fields")) {
      for (JsonElement field : schema.getAsJsonArray("fields")) {
        out.put(field.getAsJsonObject().get("name").getAsString().toLowerCase(Locale.ROOT), field.getAsJsonObject());
      }
    }
    return out;
  }

  private static String mode(JsonObject field) {
    return field.has("mode") && !field.get("mode").isJsonNull() ? field.get("mode").getAsString() : "NULLABLE";
  }

  /** "DAY on business_date", "none": the parts of timePartitioning a patch may not change. */
  private static String partitioning(JsonObject table) {
    if (!table.has("timePartitioning") || table.get("timePartitioning").isJsonNull()) {
      return "none";
    }
    JsonObject partitioning = table.getAsJsonObject("timePartitioning");
    String type = partitioning.has("type") ? partitioning.get("type").getAsString() : "DAY";
    boolean hasField = partitioning.has("field") && !partitioning.get("field").isJsonNull();
    return type + " on " + (hasField ? partitioning.get("field").getAsString() : "_PARTITIONTIME");
  }

  /** Schema types as BigQuery stores and answers them: legacy names, nested fields too. */
  private static void legacyTypes(JsonObject resource) {
    if (resource.has("schema") && resource.get("schema").isJsonObject()) {
      legacyFieldTypes(resource.getAsJsonObject("schema"));
    }
  }

  private static void legacyFieldTypes(JsonObject holder) {
    if (!holder.has("fields") || !holder.get("fields").isJsonArray()) {
      return;
    }
    for (JsonElement element : holder.getAsJsonArray("fields")) {
      JsonObject field = element.getAsJsonObject();
      if (field.has("type") && !field.get("type").isJsonNull()) {
        field.addProperty("type", legacyType(field.get("type").getAsString()));
      }
      legacyFieldTypes(field);
    }
  }

  private JsonObject completeTable(String datasetKey, String table, JsonObject resource) {
    String project = datasetKey.substring(0, datasetKey.indexOf(':'));
    String dataset = datasetKey.substring(datasetKey.indexOf(':') + 1);
    JsonObject reference = new JsonObject();
    reference.addProperty("projectId", project);
    reference.addProperty("datasetId", dataset);
    reference.addProperty("tableId", table);
    resource.addProperty("kind", "bigquery#table");
    resource.addProperty("id", datasetKey + "." + table);
    resource.add("tableReference", reference);
    resource.addProperty("selfLink", url + PREFIX + project + "/datasets/" + dataset + "/tables/" + table);
    resource.addProperty("etag", UUID.randomUUID().toString());
    if (!resource.has("type")) {
      resource.addProperty("type", "TABLE");
    }
    JsonObject datasetResource = datasets.get(datasetKey);
    if (datasetResource != null && datasetResource.has("location")) {
      resource.add("location", datasetResource.get("location"));
    }
    legacyTypes(resource);
    String now = String.valueOf(clock.millis());
    resource.addProperty("creationTime", now);
    resource.addProperty("lastModifiedTime", now);
    if (!resource.has("numRows")) {
      resource.addProperty("numRows", "0");
      resource.addProperty("numBytes", "0");
    }
    return resource;
  }

  private Response listTableData(String project, String dataset, String table) {
    Results results = ANON_DATASET.equals(dataset) ? anonymousTables.get(table) : null;
    if (results == null) {
      return error(501, "notImplemented",
          "FakeBigQuery serves tabledata.list only for scripted query results, not " + project + ":" + dataset + "." + table);
    }
    JsonObject out = new JsonObject();
    out.addProperty("kind", "bigquery#tableDataList");
    out.addProperty("totalRows", String.valueOf(results.rows().size()));
    out.add("rows", results.rows().deepCopy());
    return ok(out);
  }

  // ---------------------------------------------------------------- jobs

  private Response insertJob(String project, JsonObject body) {
    JsonObject job = body.deepCopy();
    JsonObject reference = job.has("jobReference") ? job.getAsJsonObject("jobReference") : new JsonObject();
    job.add("jobReference", reference);
    String jobId = reference.has("jobId") ? reference.get("jobId").getAsString() : "job_" + UUID.randomUUID().toString().replace("-", "");
    String location = reference.has("location") ? reference.get("location").getAsString() : LOCATION;
    reference.addProperty("projectId", project);
    reference.addProperty("jobId", jobId);
    reference.addProperty("location", location);
    JsonObject configuration = job.getAsJsonObject("configuration");
    JsonObject queryConfig = configuration == null ? null : configuration.getAsJsonObject("query");
    JsonObject copy = configuration == null ? null : configuration.getAsJsonObject("copy");
    if (copy != null) {
      // A copy job: the source table's resource (schema, partitioning, clustering) under the
      // destination's name; the fake keeps no rows. BigQuery's default WRITE_EMPTY: an existing
      // destination fails the job.
      JsonObject source =
          copy.has("sourceTable") ? copy.getAsJsonObject("sourceTable") : copy.getAsJsonArray("sourceTables").get(0).getAsJsonObject();
      JsonObject destination = copy.getAsJsonObject("destinationTable");
      String from = source.get("projectId").getAsString() + ":" + source.get("datasetId").getAsString() + "." + source.get("tableId").getAsString();
      String to = destination.get("projectId").getAsString() + ":" + destination.get("datasetId").getAsString() + "." + destination.get("tableId").getAsString();
      if (!tables.containsKey(from)) {
        return error(404, "notFound", "Not found: Table " + from);
      }
      if (tables.containsKey(to)) {
        return error(409, "duplicate", "Already Exists: Table " + to);
      }
      JsonObject copied = tables.get(from).deepCopy();
      copied.add("tableReference", destination.deepCopy());
      copied.addProperty("id", to);
      tables.put(to, copied);
      if (engine != null) {
        engine.copy(engineName(from), engineName(to));
      }
      completeJob(job, project, location, null);
      jobs.put(project + ":" + jobId, job);
      return ok(job);
    }
    if (queryConfig == null) {
      return error(501, "notImplemented", "FakeBigQuery runs only query jobs, not " + configuration);
    }
    String sql = queryConfig.get("query").getAsString();
    boolean dryRun = isTrue(configuration, "dryRun") || isTrue(queryConfig, "dryRun");
    String badLabel = labelProblem(configuration);
    if (badLabel != null) {
      return error(400, "invalid", badLabel);
    }
    Failure failure = dryRun ? match(failureRules, sql) : takeFailure(sql);
    if (dryRun) {
      if (failure != null) {
        return error(failureHttpStatus(failure.reason()), failure.reason(), failure.message());
      }
      if (engine != null) {
        try {
          engine.dryRun(sql, parameters(queryConfig), schemas());
        } catch (ReferenceEngine.JobError e) {
          return error(failureHttpStatus(e.reason), e.reason, e.getMessage());
        }
      }
      reference.remove("jobId"); // BigQuery answers a dry run without a job id and keeps nothing
      completeJob(job, project, location, null);
      long bytes = Optional.ofNullable(match(bytesRules, sql)).orElse(DEFAULT_DRY_RUN_BYTES);
      JsonObject statistics = job.getAsJsonObject("statistics");
      statistics.addProperty("totalBytesProcessed", String.valueOf(bytes));
      statistics.getAsJsonObject("query").addProperty("totalBytesProcessed", String.valueOf(bytes));
      statistics.getAsJsonObject("query").addProperty("totalBytesProcessedAccuracy", "PRECISE");
      return ok(job);
    }
    String key = project + ":" + jobId;
    if (jobs.containsKey(key)) {
      return error(409, "duplicate", "Already Exists: Job " + project + ":" + location + "." + jobId);
    }
    if (engine != null) {
      completeJob(job, project, location, null);
      setState(job, "PENDING");
      jobs.put(key, job);
      Failure injected = failure;
      jobRunner.execute(() -> runJob(key, injected));
      return ok(job);
    }
    completeJob(job, project, location, failure);
    if (failure == null) {
      recordBuiltDates(sql, queryConfig);
    }
    Results results = failure == null ? results(sql) : null;
    if (results != null && !queryConfig.has("destinationTable")) {
      String anonymous = "anon_" + jobId;
      anonymousTables.put(anonymous, results);
      JsonObject destination = new JsonObject();
      destination.addProperty("projectId", project);
      destination.addProperty("datasetId", ANON_DATASET);
      destination.addProperty("tableId", anonymous);
      queryConfig.add("destinationTable", destination);
    }
    jobs.put(key, job);
    return ok(job);
  }

  // ---------------------------------------------------------------- executing jobs

  /** A job of the executing mode: RUNNING (held while a {@link Hold} says so), then DONE with what its SQL did. */
  private void runJob(String key, Failure injected) {
    Hold hold;
    synchronized (this) {
      JsonObject job = jobs.get(key);
      setState(job, "RUNNING");
      job.getAsJsonObject("statistics").addProperty("startTime", String.valueOf(clock.millis()));
      String sql = job.getAsJsonObject("configuration").getAsJsonObject("query").get("query").getAsString();
      hold = holds.stream().filter(h -> h.query.test(sql)).findFirst().orElse(null);
      notifyAll();
    }
    if (hold != null) {
      hold.block();
    }
    synchronized (this) {
      JsonObject job = jobs.get(key);
      JsonObject queryConfig = job.getAsJsonObject("configuration").getAsJsonObject("query");
      Failure failure = injected;
      if (failure == null) {
        try {
          ReferenceEngine.Outcome outcome;
          try {
            outcome = engine.run(queryConfig.get("query").getAsString(), parameters(queryConfig), schemas());
          } finally {
            engine.takeCreated().forEach(this::addCreatedTable);
          }
          String jobId = job.getAsJsonObject("jobReference").get("jobId").getAsString();
          String anonymous = "anon_" + jobId;
          anonymousTables.put(anonymous, results(outcome));
          if (!queryConfig.has("destinationTable")) {
            JsonObject destination = new JsonObject();
            destination.addProperty("projectId", job.getAsJsonObject("jobReference").get("projectId").getAsString());
            destination.addProperty("datasetId", ANON_DATASET);
            destination.addProperty("tableId", anonymous);
            queryConfig.add("destinationTable", destination);
          }
          JsonObject statistics = job.getAsJsonObject("statistics").getAsJsonObject("query");
          statistics.addProperty("statementType", outcome.statementType());
          statistics.addProperty("numDmlAffectedRows", String.valueOf(outcome.affectedRows()));
        } catch (ReferenceEngine.JobError e) {
          failure = new Failure(e.reason, e.getMessage());
        }
      }
      if (failure != null) {
        JsonObject error = new JsonObject();
        error.addProperty("reason", failure.reason());
        error.addProperty("message", failure.message());
        JsonObject status = job.getAsJsonObject("status");
        status.add("errorResult", error);
        JsonArray errors = new JsonArray();
        errors.add(error.deepCopy());
        status.add("errors", errors);
      }
      setState(job, "DONE");
      job.getAsJsonObject("statistics").addProperty("endTime", String.valueOf(clock.millis()));
      notifyAll();
    }
  }

  /** The resource of a table a job's CREATE TABLE made, as tables.get then answers it. */
  private void addCreatedTable(ReferenceEngine.Created created) {
    String[] parts = created.table().split("\\.");
    JsonArray fields = new JsonArray();
    for (int i = 0; i < created.schema().names().size(); i++) {
      JsonObject field = new JsonObject();
      field.addProperty("name", created.schema().names().get(i));
      field.addProperty("type", ReferenceEngine.restType(created.schema().types().get(i)));
      fields.add(field);
    }
    JsonObject schema = new JsonObject();
    schema.add("fields", fields);
    JsonObject resource = new JsonObject();
    resource.add("schema", schema);
    if (created.schema().partitionColumn() != null) {
      JsonObject partitioning = new JsonObject();
      partitioning.addProperty("type", "DAY");
      partitioning.addProperty("field", created.schema().partitionColumn());
      resource.add("timePartitioning", partitioning);
    }
    resource.addProperty("requirePartitionFilter", created.schema().requirePartitionFilter());
    String datasetKey = parts[0] + ":" + parts[1];
    tables.put(datasetKey + "." + parts[2], completeTable(datasetKey, parts[2], resource));
  }

  private static void setState(JsonObject job, String state) {
    job.getAsJsonObject("status").addProperty("state", state);
  }

  private static boolean done(JsonObject job) {
    return "DONE".equals(job.getAsJsonObject("status").get("state").getAsString());
  }

  /** Waits (releasing the monitor) until the job is DONE or {@code millis} have passed. */
  private void awaitDone(JsonObject job, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (!done(job)) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Results results(ReferenceEngine.Outcome outcome) {
    JsonArray fields = new JsonArray();
    for (com.google.zetasql.SimpleColumn column : outcome.columns()) {
      JsonObject field = new JsonObject();
      field.addProperty("name", column.getName());
      field.addProperty("type", ReferenceEngine.restType(column.getType()));
      field.addProperty("mode", "NULLABLE");
      fields.add(field);
    }
    JsonArray rows = new JsonArray();
    for (List<com.google.zetasql.Value> row : outcome.rows()) {
      JsonArray cells = new JsonArray();
      for (com.google.zetasql.Value value : row) {
        JsonObject cell = new JsonObject();
        cell.add("v", ReferenceEngine.restValue(value));
        cells.add(cell);
      }
      JsonObject rowObject = new JsonObject();
      rowObject.add("f", cells);
      rows.add(rowObject);
    }
    return new Results(fields, rows);
  }

  private static Map<String, com.google.zetasql.Value> parameters(JsonObject queryConfig) {
    Map<String, com.google.zetasql.Value> out = new LinkedHashMap<>();
    if (queryConfig.has("queryParameters")) {
      for (JsonElement parameter : queryConfig.getAsJsonArray("queryParameters")) {
        JsonObject p = parameter.getAsJsonObject();
        out.put(p.get("name").getAsString(), ReferenceEngine.parameter(p));
      }
    }
    return out;
  }

  /** Every table's schema, by "project.dataset.table" as SQL names it. */
  private Map<String, ReferenceEngine.Schema> schemas() {
    Map<String, ReferenceEngine.Schema> out = new LinkedHashMap<>();
    tables.forEach((key, resource) -> out.put(engineName(key), ReferenceEngine.schema(resource)));
    return out;
  }

  /** "p:d.t" as SQL names the table: "p.d.t". */
  private static String engineName(String key) {
    return key.replaceFirst(":", ".");
  }

  /**
   * BigQuery's label rules: at most 64; keys start with a lowercase letter and hold lowercase
   * letters, digits, _ and -, at most 63 characters; values the same characters, at most 63.
   */
  private static String labelProblem(JsonObject configuration) {
    if (configuration == null || !configuration.has("labels")) {
      return null;
    }
    JsonObject labels = configuration.getAsJsonObject("labels");
    if (labels.size() > 64) {
      return "Too many labels: " + labels.size() + " (at most 64)";
    }
    for (Map.Entry<String, JsonElement> label : labels.entrySet()) {
      if (!label.getKey().matches("[\\p{Ll}\\p{Lo}][\\p{Ll}\\p{Lo}\\p{N}_-]{0,62}")) {
        return "Invalid label key: '" + label.getKey() + "'";
      }
      String value = label.getValue().isJsonNull() ? "" : label.getValue().getAsString();
      if (!value.matches("[\\p{Ll}\\p{Lo}\\p{N}_-]{0,63}")) {
        return "Invalid label value: '" + value + "' of key '" + label.getKey() + "'";
      }
    }
    return null;
  }

  /**
   * While a job whose SQL {@code query} accepts runs, it stays RUNNING until {@link #release}:
   * a test can then kill the client mid-job, or see what polling does.
   */
  public synchronized Hold holdJobsMatching(Predicate<String> query) {
    Hold hold = new Hold(query);
    holds.add(hold);
    return hold;
  }

  /** A job kept RUNNING: {@link #awaitHeld} until one is, {@link #release} to let it finish. */
  public static final class Hold {
    private final Predicate<String> query;
    private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    private Hold(Predicate<String> query) {
      this.query = query;
    }

    /** Whether a job reached the hold within the time. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
      return held.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public void release() {
      released.countDown();
    }

    private void block() {
      held.countDown();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Appends rows to a table (in the executing mode), as a load job would: values by column, of
   * the Java types of {@link TableData} for the column's type.
   */
  public synchronized void insertRows(String dataset, String table, TableData rows) {
    String key = datasetKey(dataset) + "." + table;
    JsonObject resource = tables.get(key);
    if (engine == null || resource == null) {
      throw new IllegalStateException(engine == null ? "insertRows needs FakeBigQuery.executing()" : "no table " + key);
    }
    ReferenceEngine.Schema schema = ReferenceEngine.schema(resource);
    List<Map<String, com.google.zetasql.Value>> values = new ArrayList<>();
    for (Map<String, Object> row : rows.rowMaps()) {
      Map<String, com.google.zetasql.Value> converted = new LinkedHashMap<>();
      row.forEach((name, value) -> {
        int index = schema.index(name);
        if (index < 0) {
          throw new IllegalArgumentException("table " + key + " has no column " + name);
        }
        converted.put(name, ZetaSqlBuildRunner.value(logicalType(schema.types().get(index)), value));
      });
      values.add(converted);
    }
    engine.load(engineName(key), values);
  }

  /** Replaces what a table holds (in the executing mode) with {@code rows}: a new extract of it. */
  public synchronized void replaceRows(String dataset, String table, TableData rows) {
    if (engine == null) {
      throw new IllegalStateException("replaceRows needs FakeBigQuery.executing()");
    }
    String key = datasetKey(dataset) + "." + table;
    engine.drop(engineName(key));
    engine.create(engineName(key));
    insertRows(dataset, table, rows);
  }

  /** What a table holds (in the executing mode), its columns as its schema has them. */
  public synchronized TableData rows(String dataset, String table) {
    String key = datasetKey(dataset) + "." + table;
    JsonObject resource = tables.get(key);
    if (engine == null || resource == null) {
      throw new IllegalStateException(engine == null ? "rows needs FakeBigQuery.executing()" : "no table " + key);
    }
    ReferenceEngine.Schema schema = ReferenceEngine.schema(resource);
    List<TableData.Column> columns = new ArrayList<>();
    for (int i = 0; i < schema.names().size(); i++) {
      columns.add(new TableData.Column(schema.names().get(i), logicalType(schema.types().get(i))));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (List<com.google.zetasql.Value> row : engine.rows(engineName(key), schema)) {
      List<Object> values = new ArrayList<>();
      row.forEach(value -> values.add(ZetaSqlBuildRunner.javaValue(value)));
      rows.add(values);
    }
    return new TableData(columns, rows);
  }

  private static dev.kpi.model.LogicalType logicalType(com.google.zetasql.Type type) {
    switch (type.getKind()) {
      case TYPE_INT64:
        return dev.kpi.model.LogicalType.INT64;
      case TYPE_NUMERIC:
        return dev.kpi.model.LogicalType.NUMERIC;
      case TYPE_DOUBLE:
        return dev.kpi.model.LogicalType.FLOAT64;
      case TYPE_STRING:
        return dev.kpi.model.LogicalType.STRING;
      case TYPE_BOOL:
        return dev.kpi.model.LogicalType.BOOL;
      case TYPE_DATE:
        return dev.kpi.model.LogicalType.DATE;
      case TYPE_TIMESTAMP:
        return dev.kpi.model.LogicalType.TIMESTAMP;
      default:
        throw new IllegalArgumentException("no logical type for a " + type.getKind() + " column");
    }
  }

  private void completeJob(JsonObject job, String project, String location, Failure failure) {
    String jobId = job.getAsJsonObject("jobReference").has("jobId")
        ? job.getAsJsonObject("jobReference").get("jobId").getAsString()
        : null;
    job.addProperty("kind", "bigquery#job");
    job.addProperty("etag", UUID.randomUUID().toString());
    if (jobId != null) {
      job.addProperty("id", project + ":" + location + "." + jobId);
      job.addProperty("selfLink", url + PREFIX + project + "/jobs/" + jobId + "?location=" + location);
    }
    job.addProperty("user_email", "fake@" + project + ".iam.gserviceaccount.com");
    job.getAsJsonObject("configuration").addProperty("jobType", "QUERY");
    JsonObject status = new JsonObject();
    status.addProperty("state", "DONE");
    if (failure != null) {
      JsonObject error = new JsonObject();
      error.addProperty("reason", failure.reason());
      error.addProperty("message", failure.message());
      status.add("errorResult", error);
      JsonArray errors = new JsonArray();
      errors.add(error.deepCopy());
      status.add("errors", errors);
    }
    job.add("status", status);
    String now = String.valueOf(clock.millis());
    JsonObject statistics = new JsonObject();
    statistics.addProperty("creationTime", now);
    statistics.addProperty("startTime", now);
    statistics.addProperty("endTime", now);
    statistics.addProperty("totalBytesProcessed", "0");
    JsonObject queryStatistics = new JsonObject();
    queryStatistics.addProperty("totalBytesProcessed", "0");
    queryStatistics.addProperty("totalBytesBilled", "0");
    queryStatistics.addProperty("cacheHit", false);
    statistics.add("query", queryStatistics);
    job.add("statistics", statistics);
  }

  private JsonObject findJob(String project, String jobId, String location) {
    JsonObject job = jobs.get(project + ":" + jobId);
    if (job == null) {
      return null;
    }
    String jobLocation = job.getAsJsonObject("jobReference").get("location").getAsString();
    boolean locationMatches = location == null
        ? jobLocation.equalsIgnoreCase("US") || jobLocation.equalsIgnoreCase("EU")
        : jobLocation.equalsIgnoreCase(location);
    return locationMatches ? job : null;
  }

  private Response jobNotFound(String project, String jobId, String location) {
    return notFound("Job " + project + ":" + (location == null ? "US" : location) + "." + jobId);
  }

  private Response getQueryResults(String project, String jobId, Map<String, String> params) {
    JsonObject job = findJob(project, jobId, params.get("location"));
    if (job == null) {
      return jobNotFound(project, jobId, params.get("location"));
    }
    if (engine != null) {
      awaitDone(job, Math.min(2_000, Long.parseLong(params.getOrDefault("timeoutMs", "10000"))));
      if (!done(job)) {
        JsonObject pending = new JsonObject();
        pending.addProperty("kind", "bigquery#getQueryResultsResponse");
        pending.add("jobReference", job.getAsJsonObject("jobReference").deepCopy());
        pending.addProperty("jobComplete", false);
        return ok(pending);
      }
    }
    JsonObject errorResult = job.getAsJsonObject("status").getAsJsonObject("errorResult");
    if (errorResult != null) {
      String reason = errorResult.get("reason").getAsString();
      return error(failureHttpStatus(reason), reason, errorResult.get("message").getAsString());
    }
    String sql = job.getAsJsonObject("configuration").getAsJsonObject("query").get("query").getAsString();
    Results results = engine != null ? anonymousTables.get("anon_" + jobId) : results(sql);
    JsonObject out = resultBody(job.getAsJsonObject("jobReference"), results, !"0".equals(params.get("maxResults")));
    out.addProperty("kind", "bigquery#getQueryResultsResponse");
    out.addProperty("etag", job.get("etag").getAsString());
    return ok(out);
  }

  private Response query(String project, JsonObject request) {
    String sql = request.get("query").getAsString();
    Failure failure = engine == null ? match(failureRules, sql) : null;
    if (failure != null) {
      return error(failureHttpStatus(failure.reason()), failure.reason(), failure.message());
    }
    // Store the job jobs.query creates, so the client's fallbacks (jobs.get, getQueryResults) work.
    JsonObject insert = new JsonObject();
    JsonObject reference = new JsonObject();
    reference.addProperty("jobId", "job_" + UUID.randomUUID().toString().replace("-", ""));
    if (request.has("location")) {
      reference.add("location", request.get("location"));
    }
    insert.add("jobReference", reference);
    JsonObject queryConfig = new JsonObject();
    List<String> copied =
        List.of("query", "useLegacySql", "parameterMode", "queryParameters", "defaultDataset",
            "useQueryCache", "maximumBytesBilled", "createSession", "connectionProperties");
    for (String field : copied) {
      if (request.has(field)) {
        queryConfig.add(field, request.get(field).deepCopy());
      }
    }
    JsonObject configuration = new JsonObject();
    configuration.add("query", queryConfig);
    if (request.has("labels")) {
      configuration.add("labels", request.get("labels").deepCopy());
    }
    insert.add("configuration", configuration);
    Response inserted = insertJob(project, insert);
    if (inserted.status() != 200) {
      return inserted;
    }
    JsonObject job = inserted.json();
    Results results;
    if (engine != null) {
      JsonObject stored = jobs.get(project + ":" + job.getAsJsonObject("jobReference").get("jobId").getAsString());
      awaitDone(stored, 60_000);
      JsonObject errorResult = stored.getAsJsonObject("status").getAsJsonObject("errorResult");
      if (errorResult != null) {
        String reason = errorResult.get("reason").getAsString();
        return error(failureHttpStatus(reason), reason, errorResult.get("message").getAsString());
      }
      results = anonymousTables.get("anon_" + stored.getAsJsonObject("jobReference").get("jobId").getAsString());
    } else {
      results = results(sql);
    }
    JsonObject out = resultBody(job.getAsJsonObject("jobReference"), results, true);
    out.addProperty("kind", "bigquery#queryResponse");
    return ok(out);
  }

  private static JsonObject resultBody(JsonObject jobReference, Results results, boolean withRows) {
    JsonObject out = new JsonObject();
    JsonObject schema = new JsonObject();
    schema.add("fields", results == null ? new JsonArray() : results.fields().deepCopy());
    out.add("schema", schema);
    out.add("jobReference", jobReference.deepCopy());
    int rows = results == null ? 0 : results.rows().size();
    out.addProperty("totalRows", String.valueOf(rows));
    if (withRows && rows > 0) {
      out.add("rows", results.rows().deepCopy());
    }
    out.addProperty("totalBytesProcessed", "0");
    out.addProperty("jobComplete", true);
    out.addProperty("cacheHit", false);
    return out;
  }

  // ---------------------------------------------------------------- kpi's ledger

  /**
   * kpi's ledger of built dates, kept as BigQuery would after the MERGE jobs kpi sends
   * (dev.kpi.sql.render.BuiltDatesSql): this fake runs no SQL, so it recognises those
   * statements by their text and applies their parameters — one row per table and date, the
   * last MERGE winning, a DELETE forgetting a table — and answers the ledger's SELECT with them.
   */
  private void recordBuiltDates(String sql, JsonObject queryConfig) {
    // kpi appends the MERGE to a build script, inside its transaction.
    boolean merge = sql.contains("MERGE `") && sql.contains(".kpi_built_dates` AS built");
    boolean delete = sql.startsWith("DELETE FROM ") && sql.contains(".kpi_built_dates`\nWHERE table_name = @table_name");
    boolean recreated = sql.startsWith("UPDATE ") && sql.contains(".kpi_built_dates`\nSET fingerprint = 'recreated-empty'");
    if (!merge && !delete && !recreated) {
      return;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (JsonElement parameter : queryConfig.getAsJsonArray("queryParameters")) {
      JsonObject p = parameter.getAsJsonObject();
      JsonElement value = p.getAsJsonObject("parameterValue").get("value");
      parameters.put(p.get("name").getAsString(), value == null || value.isJsonNull() ? null : value.getAsString());
    }
    if (delete) {
      forgetBuiltDates(parameters.get("table_name"));
      return;
    }
    if (recreated) {
      String marked = parameters.get("table_name");
      builtDates.replaceAll((key, row) -> key.startsWith(marked + " ") ? withFingerprint(row, "recreated-empty") : row);
      return;
    }
    String table = parameters.get("table_name");
    LocalDate end = LocalDate.parse(parameters.get("end_date"));
    // @lake_rows: one entry per date from the start, separated by ';' (an empty one for none).
    String[] lakeRows = parameters.get("lake_rows") == null ? new String[0] : parameters.get("lake_rows").split(";", -1);
    int day = 0;
    for (LocalDate date = LocalDate.parse(parameters.get("start_date")); !date.isAfter(end); date = date.plusDays(1), day++) {
      builtDates.put(
          table + " " + date,
          java.util.Arrays.asList(
              table,
              date.toString(),
              parameters.get("fingerprint"),
              parameters.get("job_id"),
              clock.instant(),
              day < lakeRows.length && !lakeRows[day].isEmpty() ? lakeRows[day] : null,
              parameters.get("lake_warnings")));
    }
  }

  private static List<Object> withFingerprint(List<Object> row, String fingerprint) {
    List<Object> out = new ArrayList<>(row);
    out.set(2, fingerprint);
    return out;
  }

  /** The rows of the ledger as {@code SELECT table_name, business_date, fingerprint, built_at} reads them. */
  public synchronized List<String> builtDates() {
    List<String> out = new ArrayList<>();
    builtDates.values().forEach(row -> out.add(row.get(0) + " " + row.get(1) + " " + row.get(2)));
    return out;
  }

  /** Marks the ledger's rows of one table as built by another definition (as before a change). */
  public synchronized void olderDefinitionBuilt(String table) {
    builtDates.replaceAll((key, row) -> key.startsWith(table + " ") ? withFingerprint(row, "older-definition") : row);
  }

  /** Forgets the ledger's rows of one table (as if an older kpi, without a ledger, had built it). */
  public synchronized void forgetBuiltDates(String table) {
    builtDates.keySet().removeIf(key -> key.startsWith(table + " "));
  }

  private Results results(String sql) {
    if (sql.startsWith("SELECT table_name, business_date, fingerprint, built_at, lake_rows, lake_warnings") && sql.contains(".kpi_built_dates`")) {
      List<List<Object>> rows = new ArrayList<>();
      for (List<Object> row : builtDates.values()) {
        Instant builtAt = (Instant) row.get(4);
        // The REST API sends a TIMESTAMP as seconds since the epoch.
        rows.add(
            java.util.Arrays.asList(
                row.get(0), row.get(1), row.get(2), builtAt.getEpochSecond() + "." + String.format("%06d", builtAt.getNano() / 1000), row.get(5), row.get(6)));
      }
      return results("table_name:STRING, business_date:DATE, fingerprint:STRING, built_at:TIMESTAMP, lake_rows:STRING, lake_warnings:STRING", rows);
    }
    Results scripted = match(resultRules, sql);
    if (scripted == null && sql.startsWith("SELECT\n") && sql.contains(" AS checked_rows,\n")) {
      return cleanLakeCounts(sql);
    }
    return scripted;
  }

  /**
   * kpi's lake check (dev.kpi.sql.render.LakeCheckSql) counts a lake table's problems in one
   * row; unless a {@link #resultsFor} rule says otherwise, the lake is clean: every count of the
   * query's outer SELECT (one "expression AS name" a line, up to the first FROM) is 0.
   */
  private static Results cleanLakeCounts(String sql) {
    List<String> columns = new ArrayList<>();
    List<Object> row = new ArrayList<>();
    for (String line : sql.substring(0, sql.indexOf("\nFROM")).split("\n")) {
      java.util.regex.Matcher alias = java.util.regex.Pattern.compile(" AS ([a-z0-9_]+),?$").matcher(line);
      if (alias.find()) {
        columns.add(alias.group(1) + ":INT64");
        row.add(0);
      }
    }
    return results(String.join(", ", columns), List.of(row));
  }

  // ---------------------------------------------------------------- helpers

  private List<JsonObject> bodies(String method, String pathSuffix) {
    List<JsonObject> out = new ArrayList<>();
    for (Recorded recorded : requests) {
      if (recorded.method().equals(method) && recorded.path().endsWith(pathSuffix)) {
        out.add(recorded.json());
      }
    }
    return out;
  }

  private static <T> T match(List<Rule<T>> rules, String sql) {
    for (Rule<T> rule : rules) {
      if (rule.query().test(sql)) {
        return rule.value();
      }
    }
    return null;
  }

  private static boolean isTrue(JsonObject object, String field) {
    return object.has(field) && !object.get(field).isJsonNull() && object.get(field).getAsBoolean();
  }

  private static int failureHttpStatus(String reason) {
    return switch (reason) {
      case "notFound" -> 404;
      case "accessDenied" -> 403;
      default -> 400;
    };
  }

  private static String legacyType(String type) {
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "INT64" -> "INTEGER";
      case "FLOAT64" -> "FLOAT";
      case "BOOL" -> "BOOLEAN";
      case "STRUCT" -> "RECORD";
      default -> type.toUpperCase(Locale.ROOT);
    };
  }

  private static String datasetKey(String id) {
    int separator = Math.max(id.indexOf(':'), id.indexOf('.'));
    return separator < 0 ? PROJECT + ":" + id : id.substring(0, separator) + ":" + id.substring(separator + 1);
  }

  private static Response ok(JsonObject json) {
    return new Response(200, json.deepCopy());
  }

  private static Response notFound(String what) {
    return error(404, "notFound", "Not found: " + what);
  }

  private static Response unsupported(String method, String path) {
    return error(501, "notImplemented", "FakeBigQuery does not implement " + method + " " + path);
  }

  /** BigQuery's error body: {"error":{"code","message","errors":[{message,domain,reason}],"status"}}. */
  private static Response error(int code, String reason, String message) {
    JsonObject detail = new JsonObject();
    detail.addProperty("message", message);
    detail.addProperty("domain", "global");
    detail.addProperty("reason", reason);
    JsonArray errors = new JsonArray();
    errors.add(detail);
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", message);
    error.add("errors", errors);
    error.addProperty("status", switch (code) {
      case 400 -> "INVALID_ARGUMENT";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ALREADY_EXISTS";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    });
    JsonObject out = new JsonObject();
    out.add("error", error);
    return new Response(code, out);
  }

  private static String readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
      in = new GZIPInputStream(in);
    }
    byte[] bytes = in.readAllBytes();
    return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      params.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  /** Decodes a path (a '+' stays a '+'). */
  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
