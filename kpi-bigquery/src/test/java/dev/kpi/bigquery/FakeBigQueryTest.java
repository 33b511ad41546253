package dev.kpi.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.http.HttpResponseException;
import com.google.cloud.BaseServiceException;
import com.google.cloud.ExceptionHandler;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.TimePartitioning;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeBigQueryTest {

  private static final String LOCATION = FakeBigQuery.LOCATION;
  private static final String V2 = "/bigquery/v2/projects/example-project";

  private FakeBigQuery fake;
  private BigQuery bigquery;

  @BeforeEach
  void start() {
    fake = FakeBigQuery.start();
    bigquery = fake.client();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static QueryJobConfiguration kpiQuery(String sql) {
    return QueryJobConfiguration.newBuilder(sql)
        .setUseLegacySql(false)
        .addNamedParameter("from", QueryParameterValue.date("2026-11-24"))
        .addNamedParameter("to", QueryParameterValue.date("2026-11-25"))
        .setLabels(Map.of("kpi", "orders", "run", "r1"))
        .build();
  }

  private static JobId jobId(String id) {
    return JobId.newBuilder().setJob(id).setLocation(LOCATION).build();
  }

  @Test
  void createsADatasetWhenMissing() {
    assertThat(bigquery.getDataset("kpi_mart")).isNull();

    bigquery.create(DatasetInfo.newBuilder("kpi_mart").setLocation(LOCATION).build());

    assertThat(fake.datasetInserts()).containsExactly("kpi_mart");
    assertThat(fake.hasDataset("kpi_mart")).isTrue();
    assertThat(fake.dataset("kpi_mart").orElseThrow().get("location").getAsString()).isEqualTo(LOCATION);
    assertThat(bigquery.getDataset("kpi_mart").getLocation()).isEqualTo(LOCATION);
    assertThat(fake.requests())
        .extracting(r -> r.method() + " " + r.path() + " " + r.status())
        .containsExactly(
            "GET " + V2 + "/datasets/kpi_mart 404",
            "POST " + V2 + "/datasets 200",
            "GET " + V2 + "/datasets/kpi_mart 200");
    JsonObject notFound = fake.requests().get(0).json();
    assertThat(notFound).isNull(); // a GET has no body

    assertThatThrownBy(() -> bigquery.create(DatasetInfo.of("kpi_mart")))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getReason()).isEqualTo("duplicate");
        });
  }

  @Test
  void hostWorksWithAndWithoutATrailingSlash() {
    fake.addDataset("lake");
    BigQuery slashed =
        BigQueryOptions.newBuilder()
            .setHost(fake.url() + "/")
            .setProjectId("example-project")
            .setLocation(LOCATION)
            .setCredentials(NoCredentials.getInstance())
            .setRetrySettings(FakeBigQuery.fastRetries())
            .build()
            .getService();
    assertThat(slashed.getDataset("lake")).isNotNull();
    assertThat(bigquery.getDataset("lake")).isNotNull();
    assertThat(fake.requests()).extracting(FakeBigQuery.Recorded::path).containsOnly(V2 + "/datasets/lake");
  }

  @Test
  void createsAPartitionedClusteredTableWithDescriptions() {
    fake.addDataset("kpi_mart");
    TableId id = TableId.of("kpi_mart", "daily_orders");
    assertThat(bigquery.getTable(id)).isNull();

    Schema schema =
        Schema.of(
            Field.newBuilder("business_date", StandardSQLTypeName.DATE)
                .setMode(Field.Mode.REQUIRED)
                .setDescription("Business day (Asia/Tokyo)")
                .build(),
            Field.newBuilder("shop_id", StandardSQLTypeName.STRING).setDescription("Shop").build(),
            Field.newBuilder("orders", StandardSQLTypeName.INT64).setDescription("Orders placed").build(),
            Field.newBuilder("revenue", StandardSQLTypeName.NUMERIC).setDescription("Revenue, JPY").build());
    StandardTableDefinition definition =
        StandardTableDefinition.newBuilder()
            .setSchema(schema)
            .setTimePartitioning(
                TimePartitioning.newBuilder(TimePartitioning.Type.DAY).setField("business_date").build())
            .setClustering(Clustering.newBuilder().setFields(List.of("shop_id")).build())
            .build();
    bigquery.create(
        TableInfo.newBuilder(id, definition)
            .setDescription("Orders per shop and day")
            .setLabels(Map.of("managed_by", "kpi"))
            .setRequirePartitionFilter(true)
            .build());

    assertThat(fake.tableInserts()).hasSize(1);
    JsonObject table = fake.tableInserts().get(0);
    assertThat(table.getAsJsonObject("tableReference").get("tableId").getAsString()).isEqualTo("daily_orders");
    assertThat(table.get("description").getAsString()).isEqualTo("Orders per shop and day");
    assertThat(table.get("requirePartitionFilter").getAsBoolean()).isTrue();
    assertThat(table.getAsJsonObject("labels").get("managed_by").getAsString()).isEqualTo("kpi");
    assertThat(table.getAsJsonObject("timePartitioning").get("type").getAsString()).isEqualTo("DAY");
    assertThat(table.getAsJsonObject("timePartitioning").get("field").getAsString()).isEqualTo("business_date");
    assertThat(table.getAsJsonObject("clustering").getAsJsonArray("fields").get(0).getAsString()).isEqualTo("shop_id");
    JsonArray fields = table.getAsJsonObject("schema").getAsJsonArray("fields");
    assertThat(fields).hasSize(4);
    JsonObject first = fields.get(0).getAsJsonObject();
    assertThat(first.get("name").getAsString()).isEqualTo("business_date");
    assertThat(first.get("type").getAsString()).isEqualTo("DATE");
    assertThat(first.get("mode").getAsString()).isEqualTo("REQUIRED");
    assertThat(first.get("description").getAsString()).isEqualTo("Business day (Asia/Tokyo)");
    assertThat(fields.get(2).getAsJsonObject().get("type").getAsString()).isEqualTo("INTEGER");

    assertThat(fake.table("kpi_mart", "daily_orders")).isPresent();
    Table read = bigquery.getTable(id);
    StandardTableDefinition readDefinition = read.getDefinition();
    assertThat(readDefinition.getTimePartitioning().getField()).isEqualTo("business_date");
    assertThat(readDefinition.getSchema().getFields().get("revenue").getDescription()).isEqualTo("Revenue, JPY");
    assertThat(read.getRequirePartitionFilter()).isTrue();

    assertThatThrownBy(() -> bigquery.create(TableInfo.of(TableId.of("missing", "t"), definition)))
        .isInstanceOfSatisfying(BigQueryException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void seededTableSchemaIsReadable() {
    fake.addTable(
        "lake",
        "orders",
        """
        {"schema": {"fields": [
          {"name": "order_id", "type": "STRING", "mode": "REQUIRED"},
          {"name": "ordered_at", "type": "TIMESTAMP"},
          {"name": "amount", "type": "NUMERIC"}]}}
        """);
    assertThat(fake.hasDataset("lake")).isTrue();
    Table table = bigquery.getTable("lake", "orders");
    assertThat(table.getDefinition().getSchema().getFields())
        .extracting(Field::getName)
        .containsExactly("order_id", "ordered_at", "amount");
    assertThat(table.getDefinition().getSchema().getFields().get("ordered_at").getType().getStandardType())
        .isEqualTo(StandardSQLTypeName.TIMESTAMP);
  }

  @Test
  void updatePatchesTheStoredTableWithinBigQuerysRules() {
    fake.addTable(
        "kpi_mart",
        "daily_orders",
        """
        {"schema": {"fields": [
          {"name": "business_date", "type": "DATE", "mode": "REQUIRED"},
          {"name": "orders", "type": "INT64"}]},
         "timePartitioning": {"type": "DAY", "field": "business_date"}}
        """);
    Table table = bigquery.getTable("kpi_mart", "daily_orders");
    // BigQuery answers with legacy type names, whatever the table was created with.
    assertThat(table.getDefinition().getSchema().getFields().get("orders").getType().name()).isEqualTo("INTEGER");
    StandardTableDefinition definition = table.getDefinition();
    List<Field> fields = new java.util.ArrayList<>(definition.getSchema().getFields());
    fields.add(Field.newBuilder("revenue", StandardSQLTypeName.NUMERIC).setDescription("Revenue, JPY").build());
    fake.clearRequests();

    bigquery.update(
        table.toBuilder()
            .setDefinition(
                definition.toBuilder()
                    .setSchema(Schema.of(fields))
                    .setClustering(Clustering.newBuilder().setFields(List.of("orders")).build())
                    .build())
            .setDescription("Orders per day")
            .build());

    // The client's POST with X-HTTP-Method-Override: PATCH, served and recorded as a PATCH.
    assertThat(fake.requests())
        .extracting(r -> r.method() + " " + r.path() + " " + r.status())
        .containsExactly("PATCH " + V2 + "/datasets/kpi_mart/tables/daily_orders 200");
    JsonObject patch = fake.tableUpdates().get(0);
    assertThat(patch.getAsJsonObject("schema").getAsJsonArray("fields")).hasSize(3);
    assertThat(patch.get("description").getAsString()).isEqualTo("Orders per day");
    Table read = bigquery.getTable("kpi_mart", "daily_orders");
    assertThat(read.getDefinition().getSchema().getFields()).extracting(Field::getName).containsExactly("business_date", "orders", "revenue");
    assertThat(read.getDefinition().getSchema().getFields().get("revenue").getDescription()).isEqualTo("Revenue, JPY");
    assertThat(((StandardTableDefinition) read.getDefinition()).getClustering().getFields()).containsExactly("orders");
    assertThat(read.getDescription()).isEqualTo("Orders per day");

    // What BigQuery refuses in place, the fake refuses too, and keeps the table as it was.
    Field required = Field.newBuilder("shop", StandardSQLTypeName.STRING).setMode(Field.Mode.REQUIRED).build();
    Field retyped = Field.of("orders", StandardSQLTypeName.STRING);
    List<Field> withRequired = new java.util.ArrayList<>(read.getDefinition().getSchema().getFields());
    withRequired.add(required);
    assertRefused(read, Schema.of(withRequired), null, "Cannot add required fields to an existing schema. (field: shop)");
    assertRefused(
        read,
        Schema.of(read.getDefinition().getSchema().getFields().get("business_date"), retyped, read.getDefinition().getSchema().getFields().get("revenue")),
        null,
        "Field orders has changed type from INTEGER to STRING");
    assertRefused(read, Schema.of(read.getDefinition().getSchema().getFields().get("business_date")), null, "Field orders is missing in new schema");
    assertRefused(
        read,
        read.getDefinition().getSchema(),
        TimePartitioning.newBuilder(TimePartitioning.Type.MONTH).setField("business_date").build(),
        "Cannot change partitioning spec");
    assertThat(bigquery.getTable("kpi_mart", "daily_orders").getDefinition().getSchema().getFields()).hasSize(3);

    assertThat(bigquery.delete(TableId.of("kpi_mart", "daily_orders"))).isTrue();
    assertThat(fake.table("kpi_mart", "daily_orders")).isEmpty();
    assertThat(bigquery.getTable("kpi_mart", "daily_orders")).isNull();
  }

  private void assertRefused(Table table, Schema schema, TimePartitioning partitioning, String message) {
    StandardTableDefinition.Builder definition = ((StandardTableDefinition) table.getDefinition()).toBuilder().setSchema(schema);
    if (partitioning != null) {
      definition.setTimePartitioning(partitioning);
    }
    assertThatThrownBy(() -> bigquery.update(table.toBuilder().setDefinition(definition.build()).build()))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getReason()).isEqualTo("invalid");
          assertThat(e.getMessage()).contains(message);
        });
  }

  @Test
  void runsAQueryJobWithADeterministicIdParametersAndLabels() throws Exception {
    Job job = bigquery.create(JobInfo.of(jobId("kpi_x"), kpiQuery("SELECT 1 WHERE @from < @to")));
    Job done = job.waitFor();

    assertThat(done.getStatus().getState()).isEqualTo(JobStatus.State.DONE);
    assertThat(done.getStatus().getError()).isNull();
    assertThat(done.getJobId().getJob()).isEqualTo("kpi_x");
    assertThat(done.getJobId().getLocation()).isEqualTo(LOCATION);
    assertThat(fake.requests())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST " + V2 + "/jobs", "GET " + V2 + "/queries/kpi_x", "GET " + V2 + "/jobs/kpi_x");
    assertThat(fake.requests().get(1).queryParam("location")).isEqualTo(LOCATION);
    assertThat(fake.requests().get(1).queryParam("maxResults")).isEqualTo("0");
    assertThat(fake.requests().get(2).queryParam("location")).isEqualTo(LOCATION);

    JsonObject insert = fake.jobInserts().get(0);
    JsonObject reference = insert.getAsJsonObject("jobReference");
    assertThat(reference.get("projectId").getAsString()).isEqualTo("example-project");
    assertThat(reference.get("jobId").getAsString()).isEqualTo("kpi_x");
    assertThat(reference.get("location").getAsString()).isEqualTo(LOCATION);
    JsonObject configuration = insert.getAsJsonObject("configuration");
    assertThat(configuration.getAsJsonObject("labels").get("kpi").getAsString()).isEqualTo("orders");
    JsonObject query = configuration.getAsJsonObject("query");
    assertThat(query.get("query").getAsString()).isEqualTo("SELECT 1 WHERE @from < @to");
    assertThat(query.get("useLegacySql").getAsBoolean()).isFalse();
    // The client sends parameterMode only when set with setParameterMode (BigQuery infers NAMED).
    assertThat(query.has("parameterMode")).isFalse();
    JsonObject from = query.getAsJsonArray("queryParameters").get(0).getAsJsonObject();
    assertThat(from.get("name").getAsString()).isEqualTo("from");
    assertThat(from.getAsJsonObject("parameterType").get("type").getAsString()).isEqualTo("DATE");
    assertThat(from.getAsJsonObject("parameterValue").get("value").getAsString()).isEqualTo("2026-11-24");
    assertThat(fake.job("kpi_x")).isPresent();

    // jobs.get is per location, like BigQuery's
    assertThat(bigquery.getJob(JobId.newBuilder().setJob("kpi_x").setLocation("US").build())).isNull();
    assertThat(bigquery.getJob(JobId.of("kpi_x")).getJobId().getLocation()).isEqualTo(LOCATION);
  }

  @Test
  void sameJobIdAgainReattachesWithinADayAndIsA409Later() {
    bigquery.create(JobInfo.of(jobId("kpi_dup"), kpiQuery("SELECT 1")));
    fake.clearRequests();

    // The client turns "409 Already Exists: Job" into a jobs.get of the existing job (created < 24 h ago).
    Job again = bigquery.create(JobInfo.of(jobId("kpi_dup"), kpiQuery("SELECT 2")));
    assertThat(again.getJobId().getJob()).isEqualTo("kpi_dup");
    assertThat(fake.requests())
        .extracting(r -> r.method() + " " + r.path() + " " + r.status())
        .containsExactly("POST " + V2 + "/jobs 409", "GET " + V2 + "/jobs/kpi_dup 200");

    fake.clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-2)));
    bigquery.create(JobInfo.of(jobId("kpi_old"), kpiQuery("SELECT 1")));
    fake.clock(Clock.systemUTC());
    assertThatThrownBy(() -> bigquery.create(JobInfo.of(jobId("kpi_old"), kpiQuery("SELECT 1"))))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getReason()).isEqualTo("duplicate");
          assertThat(e.getMessage()).contains("Already Exists: Job example-project:asia-northeast1.kpi_old");
        });
  }

  @Test
  void aScriptedFailingJobEndsWithItsError() throws Exception {
    fake.failJobsMatching(q -> q.contains("broken"), "invalidQuery", "Unrecognized name: brokn at [1:8]");

    Job created = bigquery.create(JobInfo.of(jobId("kpi_fail"), kpiQuery("SELECT brokn FROM broken")));
    assertThat(created.getStatus().getState()).isEqualTo(JobStatus.State.DONE);
    assertThat(created.getStatus().getError().getMessage()).isEqualTo("Unrecognized name: brokn at [1:8]");

    // waitFor polls getQueryResults, which BigQuery answers with the job's error: the client throws.
    assertThatThrownBy(created::waitFor)
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getError().getReason()).isEqualTo("invalidQuery");
          assertThat(e.getError().getMessage()).isEqualTo("Unrecognized name: brokn at [1:8]");
        });
    Job reloaded = bigquery.getJob(jobId("kpi_fail"));
    assertThat(reloaded.getStatus().getError().getReason()).isEqualTo("invalidQuery");
    assertThat(reloaded.getStatus().getExecutionErrors()).hasSize(1);

    assertThatThrownBy(() -> bigquery.query(QueryJobConfiguration.of("SELECT * FROM broken")))
        .isInstanceOfSatisfying(BigQueryException.class, e -> assertThat(e.getMessage()).contains("brokn"));
  }

  @Test
  void serverErrorsAreNotRetriedByDefault() {
    fake.failNextRequests(1, 503);

    assertThatThrownBy(() -> bigquery.create(JobInfo.of(jobId("kpi_503"), kpiQuery("SELECT 1"))))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(503);
          assertThat(e.getReason()).isEqualTo("backendError");
        });
    assertThat(fake.requests()).extracting(FakeBigQuery.Recorded::status).containsExactly(503);
    assertThat(fake.job("kpi_503")).isEmpty();
  }

  @Test
  void serverErrorsAreRetriedWithAResultRetryAlgorithmThatSeesHttpErrors() throws Exception {
    BigQuery retrying = fake.options().setResultRetryAlgorithm(RETRY_5XX).build().getService();
    fake.failNextRequests(2, 503);

    Job job = retrying.create(JobInfo.of(jobId("kpi_retry"), kpiQuery("SELECT 1")));
    fake.failNextRequests(1, 500);
    Job done = job.waitFor();

    assertThat(done.getStatus().getError()).isNull();
    assertThat(fake.requests())
        .extracting(r -> r.method() + " " + r.status())
        .containsExactly("POST 503", "POST 503", "POST 200", "GET 500", "GET 200", "GET 200");
    assertThat(fake.jobInserts()).hasSize(3);
  }

  /** The client's default handler, plus HTTP 500/502/503/504 as the RPC layer throws them. */
  private static final ExceptionHandler RETRY_5XX =
      ExceptionHandler.newBuilder()
          .abortOn(RuntimeException.class)
          .retryOn(java.net.ConnectException.class)
          .retryOn(java.net.UnknownHostException.class)
          .retryOn(java.net.SocketException.class)
          .addInterceptors(
              new ExceptionHandler.Interceptor() {
                @Override
                public RetryResult beforeEval(Exception exception) {
                  if (exception instanceof HttpResponseException http
                      && List.of(500, 502, 503, 504).contains(http.getStatusCode())) {
                    return RetryResult.RETRY;
                  }
                  if (exception instanceof BaseServiceException service && service.isRetryable()) {
                    return RetryResult.RETRY;
                  }
                  return RetryResult.CONTINUE_EVALUATION;
                }

                @Override
                public RetryResult afterEval(Exception exception, RetryResult retryResult) {
                  return RetryResult.CONTINUE_EVALUATION;
                }
              })
          .build();

  @Test
  void dryRunReportsBytesProcessed() {
    fake.bytesFor(q -> q.contains("lake.orders"), 123_456_789L);

    Job big = bigquery.create(JobInfo.of(
        kpiQuery("SELECT * FROM lake.orders").toBuilder().setDryRun(true).build()));
    Job small = bigquery.create(JobInfo.of(
        kpiQuery("SELECT 1").toBuilder().setDryRun(true).build()));

    assertThat(((JobStatistics.QueryStatistics) big.getStatistics()).getTotalBytesProcessed()).isEqualTo(123_456_789L);
    assertThat(((JobStatistics.QueryStatistics) small.getStatistics()).getTotalBytesProcessed())
        .isEqualTo(FakeBigQuery.DEFAULT_DRY_RUN_BYTES);
    assertThat(big.getStatus().getState()).isEqualTo(JobStatus.State.DONE);
    assertThat(fake.jobInserts().get(0).getAsJsonObject("configuration").get("dryRun").getAsBoolean()).isTrue();
  }

  @Test
  void readsQueryResultsBothWays() throws Exception {
    fake.resultsFor(
        q -> q.contains("kpi_mart.daily_orders"),
        "business_date:DATE, revenue:NUMERIC, orders:INT64",
        List.of(List.of("2026-11-24", "12.50", 3), List.of("2026-11-25", "7", 1)));
    String sql = "SELECT business_date, revenue, orders FROM kpi_mart.daily_orders ORDER BY 1";

    // bigquery.query(config) without a job id: one jobs.query request
    TableResult fast = bigquery.query(kpiQuery(sql));
    assertRows(fast);
    assertThat(fake.queryRequests()).hasSize(1);
    assertThat(fake.queryRequests().get(0).get("location").getAsString()).isEqualTo(LOCATION);

    // a deterministic job: jobs.insert, getQueryResults, tabledata.list of the anonymous table
    fake.clearRequests();
    Job job = bigquery.create(JobInfo.of(jobId("kpi_read"), kpiQuery(sql)));
    assertRows(job.getQueryResults());
    assertThat(fake.requests())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST " + V2 + "/jobs",
            "GET " + V2 + "/queries/kpi_read",
            "GET " + V2 + "/datasets/_fake_anonymous/tables/anon_kpi_read/data");

    // no rule: no rows
    assertThat(bigquery.query(QueryJobConfiguration.of("SELECT 1")).getTotalRows()).isZero();
    assertThat(bigquery.create(JobInfo.of(jobId("kpi_none"), kpiQuery("SELECT 1"))).getQueryResults().getTotalRows())
        .isZero();
  }

  private static void assertRows(TableResult result) {
    assertThat(result.getTotalRows()).isEqualTo(2);
    assertThat(result.getSchema().getFields()).extracting(Field::getName)
        .containsExactly("business_date", "revenue", "orders");
    List<FieldValueList> rows = new java.util.ArrayList<>();
    result.iterateAll().forEach(rows::add);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("business_date").getStringValue()).isEqualTo("2026-11-24");
    assertThat(rows.get(0).get("revenue").getNumericValue()).isEqualByComparingTo(new BigDecimal("12.50"));
    assertThat(rows.get(0).get("orders").getLongValue()).isEqualTo(3L);
    assertThat(rows.get(1).get("revenue").getNumericValue()).isEqualByComparingTo(new BigDecimal("7"));
  }
}
