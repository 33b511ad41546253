package dev.kpi.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.kpi.model.LogicalType;
import dev.kpi.sql.testing.TableData;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FakeBigQuery's executing mode through the official client: jobs' SQL runs on ZetaSQL's
 * reference engine over the server's tables — scripts, transactions, DML, MERGE — with
 * BigQuery's partition-filter and label rules, and jobs that go PENDING, RUNNING, DONE.
 */
class ExecutingBigQueryTest {
  private static final String SALES = "example-project.shop.sales";

  private FakeBigQuery fake;
  private BigQuery bigquery;

  @BeforeEach
  void start() {
    fake = FakeBigQuery.executing();
    bigquery = fake.client();
    fake.addTable("shop", "sales", "{\"schema\":{\"fields\":["
        + "{\"name\":\"day\",\"type\":\"DATE\",\"mode\":\"REQUIRED\"},"
        + "{\"name\":\"item\",\"type\":\"STRING\"},"
        + "{\"name\":\"amount\",\"type\":\"NUMERIC\"}]},"
        + "\"timePartitioning\":{\"type\":\"DAY\",\"field\":\"day\"},\"requirePartitionFilter\":true}");
    fake.addTable("shop", "ledger", "{\"schema\":{\"fields\":["
        + "{\"name\":\"item\",\"type\":\"STRING\"},{\"name\":\"total\",\"type\":\"NUMERIC\"},{\"name\":\"runs\",\"type\":\"INTEGER\"}]}}");
    fake.insertRows("shop", "sales", sales(
        List.of("2026-11-01", "shirt", "100.50"),
        List.of("2026-11-01", "mug", "20"),
        List.of("2026-11-02", "shirt", "30")));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aQueryReadsTheTablesWithItsParameters() throws Exception {
    TableResult result = query(
        "SELECT item, SUM(amount) AS total FROM `" + SALES + "` WHERE day BETWEEN @from AND @to GROUP BY item ORDER BY item",
        "2026-11-01", "2026-11-02");
    List<String> rows = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      rows.add(row.get("item").getStringValue() + "=" + row.get("total").getNumericValue().stripTrailingZeros().toPlainString());
    }
    assertThat(rows).containsExactly("mug=20", "shirt=130.5");
  }

  @Test
  void aScriptsTransactionReplacesADayAndMergesTheLedger() throws Exception {
    String script = "BEGIN TRANSACTION;\n"
        + "DELETE FROM `" + SALES + "` WHERE day BETWEEN @from AND @to;\n"
        + "INSERT INTO `" + SALES + "` (day, item, amount) VALUES (@from, 'cap', 5), (@from, 'mug', 7);\n"
        + "MERGE `example-project.shop.ledger` AS l\n"
        + "USING (SELECT item, SUM(amount) AS total FROM `" + SALES + "` WHERE day >= @from GROUP BY item) AS s\n"
        + "ON l.item = s.item\n"
        + "WHEN MATCHED THEN UPDATE SET total = s.total, runs = l.runs + 1\n"
        + "WHEN NOT MATCHED THEN INSERT (item, total, runs) VALUES (s.item, s.total, 1);\n"
        + "COMMIT TRANSACTION;\n";
    run("j1", script, "2026-11-01", "2026-11-01");
    assertThat(fake.rows("shop", "sales").canonicalRows()).containsExactly(
        "day=2026-11-01 item='cap' amount=5", "day=2026-11-01 item='mug' amount=7", "day=2026-11-02 item='shirt' amount=30");
    assertThat(fake.rows("shop", "ledger").canonicalRows()).containsExactly(
        "item='cap' total=5 runs=1", "item='mug' total=7 runs=1", "item='shirt' total=30 runs=1");

    run("j2", script, "2026-11-01", "2026-11-01");
    assertThat(fake.rows("shop", "ledger").canonicalRows()).containsExactly(
        "item='cap' total=5 runs=2", "item='mug' total=7 runs=2", "item='shirt' total=30 runs=2");
    assertThat(fake.job("j2").orElseThrow().getAsJsonObject("statistics").getAsJsonObject("query").get("statementType").getAsString())
        .isEqualTo("MERGE");
  }

  @Test
  void createTableMakesAPartitionedTableThatRequiresItsFilter() throws Exception {
    run("create", "CREATE TABLE IF NOT EXISTS `example-project.shop.daily` (\n"
        + "  day DATE NOT NULL OPTIONS(description = 'The day.'),\n  total NUMERIC\n)\nPARTITION BY day\n"
        + "OPTIONS(require_partition_filter = TRUE, description = 'Totals.');\n"
        + "INSERT INTO `example-project.shop.daily` (day, total) SELECT day, SUM(amount) FROM `" + SALES + "` WHERE day >= @from GROUP BY day",
        "2026-11-01", "2026-11-01");
    assertThat(fake.table("shop", "daily").orElseThrow().getAsJsonObject("timePartitioning").get("field").getAsString()).isEqualTo("day");
    assertThat(fake.rows("shop", "daily").canonicalRows()).containsExactly("day=2026-11-01 total=120.5", "day=2026-11-02 total=30");
    Job unfiltered = finished(bigquery.create(JobInfo.of(JobId.of("read_daily"), config("SELECT SUM(total) FROM `example-project.shop.daily`", null, null))));
    assertThat(unfiltered.getStatus().getError().getMessage()).contains("without a filter over column(s) 'day'");
    run("again", "CREATE TABLE IF NOT EXISTS `example-project.shop.daily` (day DATE)", null, null);
    assertThat(fake.rows("shop", "daily").size()).isEqualTo(2);
  }

  @Test
  void aFailingStatementRollsTheWholeTransactionBack() throws Exception {
    String script = "BEGIN TRANSACTION;\n"
        + "DELETE FROM `" + SALES + "` WHERE day = @from;\n"
        + "INSERT INTO `" + SALES + "` (day, item, amount) SELECT @from, 'x', CAST(1 / 0 AS NUMERIC);\n"
        + "COMMIT TRANSACTION;";
    Job job = finished(bigquery.create(JobInfo.of(JobId.of("broken"), config(script, "2026-11-01", "2026-11-01"))));
    assertThat(job.getStatus().getError().getMessage()).contains("division by zero");
    assertThat(fake.rows("shop", "sales").size()).isEqualTo(3);
  }

  @Test
  void readingAPartitionedTableWithoutAFilterOnItsPartitionFails() throws Exception {
    Job job = finished(bigquery.create(JobInfo.of(JobId.of("unfiltered"), config("SELECT COUNT(*) FROM `" + SALES + "` WHERE item = 'mug'", null, null))));
    assertThat(job.getStatus().getError().getMessage())
        .isEqualTo("Cannot query over table 'example-project.shop.sales' without a filter over column(s) 'day' that can be used for partition elimination");
    Job deleteAll = finished(bigquery.create(JobInfo.of(JobId.of("delete_all"), config("DELETE FROM `" + SALES + "` WHERE TRUE", null, null))));
    assertThat(deleteAll.getStatus().getError().getMessage()).contains("without a filter over column(s) 'day'");
    assertThat(fake.rows("shop", "sales").size()).isEqualTo(3);
  }

  @Test
  void invalidSqlFailsTheJobWithZetaSqlsMessage() throws Exception {
    Job job = finished(bigquery.create(JobInfo.of(JobId.of("typo"), config("SELECT itm FROM `" + SALES + "` WHERE day = @from", "2026-11-01", "2026-11-01"))));
    assertThat(job.getStatus().getError().getReason()).isEqualTo("invalidQuery");
    assertThat(job.getStatus().getError().getMessage()).contains("Unrecognized name: itm");
    Job missing = finished(bigquery.create(JobInfo.of(JobId.of("missing"), config("SELECT 1 FROM `example-project.shop.nothing`", null, null))));
    assertThat(missing.getStatus().getError().getReason()).isEqualTo("notFound");
  }

  @Test
  void aDryRunAnalyzesTheWholeScriptAndChangesNothing() {
    QueryJobConfiguration dry = config("DELETE FROM `" + SALES + "` WHERE day = @from;\nSELECT nope FROM `" + SALES + "` WHERE day = @from", "2026-11-01", "2026-11-01")
        .toBuilder().setDryRun(true).build();
    assertThatThrownBy(() -> bigquery.create(JobInfo.of(dry)))
        .isInstanceOfSatisfying(BigQueryException.class, e -> assertThat(e.getMessage()).contains("Unrecognized name: nope"));
    assertThat(fake.rows("shop", "sales").size()).isEqualTo(3);
  }

  @Test
  void jobsGoPendingRunningDoneAndAHeldJobStaysRunning() throws Exception {
    FakeBigQuery.Hold hold = fake.holdJobsMatching(sql -> sql.contains("'held'"));
    Job job = bigquery.create(JobInfo.of(JobId.of("slow"), config("SELECT 'held' AS x", null, null)));
    assertThat(job.getStatus().getState()).isIn(JobStatus.State.PENDING, JobStatus.State.RUNNING);
    assertThat(hold.awaitHeld(Duration.ofSeconds(10))).isTrue();
    assertThat(bigquery.getJob(JobId.of("slow")).getStatus().getState()).isEqualTo(JobStatus.State.RUNNING);
    hold.release();
    assertThat(finished(job).getStatus().getState()).isEqualTo(JobStatus.State.DONE);
  }

  @Test
  void anInjectedJobErrorFailsOnlyAsManyJobsAsAsked() throws Exception {
    fake.failJobsMatching(sql -> sql.contains("mug"), "backendError", "Error encountered during execution. Retrying may solve the problem.", 1);
    String sql = "SELECT COUNT(*) FROM `" + SALES + "` WHERE day = @from AND item = 'mug'";
    assertThat(finished(bigquery.create(JobInfo.of(JobId.of("first"), config(sql, "2026-11-01", "2026-11-01")))).getStatus().getError().getReason())
        .isEqualTo("backendError");
    assertThat(finished(bigquery.create(JobInfo.of(JobId.of("second"), config(sql, "2026-11-01", "2026-11-01")))).getStatus().getError()).isNull();
  }

  @Test
  void labelsBreakingBigQuerysRulesAreRefused() {
    QueryJobConfiguration labelled = config("SELECT 1", null, null).toBuilder().setLabels(Map.of("Run", "x")).build();
    assertThatThrownBy(() -> bigquery.create(JobInfo.of(JobId.of("labels"), labelled)))
        .isInstanceOfSatisfying(BigQueryException.class, e -> assertThat(e.getMessage()).contains("Invalid label key: 'Run'"));
    QueryJobConfiguration longValue = config("SELECT 1", null, null).toBuilder().setLabels(Map.of("run", "x".repeat(64))).build();
    assertThatThrownBy(() -> bigquery.create(JobInfo.of(JobId.of("labels2"), longValue)))
        .isInstanceOfSatisfying(BigQueryException.class, e -> assertThat(e.getMessage()).contains("Invalid label value"));
  }

  private TableResult query(String sql, String from, String to) throws InterruptedException {
    return bigquery.create(JobInfo.of(JobId.of("q"), config(sql, from, to))).getQueryResults();
  }

  private void run(String id, String sql, String from, String to) throws InterruptedException {
    Job job = finished(bigquery.create(JobInfo.of(JobId.of(id), config(sql, from, to))));
    assertThat(job.getStatus().getError()).as("job %s", id).isNull();
  }

  /** The job once DONE, polled by jobs.get (waitFor would throw on a failed job). */
  private Job finished(Job job) throws InterruptedException {
    for (int i = 0; i < 500 && job.getStatus().getState() != JobStatus.State.DONE; i++) {
      Thread.sleep(10);
      job = bigquery.getJob(job.getJobId());
    }
    return job;
  }

  private static QueryJobConfiguration config(String sql, String from, String to) {
    QueryJobConfiguration.Builder config = QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false);
    if (from != null) {
      config.addNamedParameter("from", QueryParameterValue.date(from)).addNamedParameter("to", QueryParameterValue.date(to));
    }
    return config.build();
  }

  @SafeVarargs
  private static TableData sales(List<String>... rows) {
    List<List<Object>> values = new ArrayList<>();
    for (List<String> row : rows) {
      values.add(List.of(LocalDate.parse(row.get(0)), row.get(1), new BigDecimal(row.get(2))));
    }
    return new TableData(
        List.of(new TableData.Column("day", LogicalType.DATE), new TableData.Column("item", LogicalType.STRING), new TableData.Column("amount", LogicalType.NUMERIC)),
        values);
  }
}
