package dev.kpi.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.runtime.testing.Cli;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kpi command's BigQuery options, checked before any request: another target's options are
 * refused, configuration mistakes are usage errors (exit 2, which a scheduler does not retry),
 * and check-lake refuses a lake column the builds could not insert.
 */
class BigQueryTargetOptionsTest {
  private FakeBigQuery fake;

  @BeforeEach
  void start() {
    fake = FakeBigQuery.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void bigQueryOptionsWithoutTheBigQueryTargetAreRefusedNamingThem() {
    Cli.Result result = Cli.run("status", "--project", "p", "--location", "EU");

    assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
    assertThat(result.err)
        .contains(
            "kpi: error: --location, --project are options of --target bigquery, but this command runs on --target embedded:"
                + " add --target bigquery, or leave them out");
  }

  @Test
  void aRunIdWithoutTheBigQueryTargetIsRefused() {
    Cli.Result result = Cli.run("run", "--date", "2024-03-10", "--run-id", "r1");

    assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
    assertThat(result.err).contains("kpi: error: --run-id is an option of --target bigquery, but this command runs on --target embedded");
  }

  @Test
  void labelsBigQueryRejectsAreUsageErrorsBeforeAnyRequest() {
    for (String label : List.of("Env=prd", "1env=prd", "env=PRD", "env=" + "x".repeat(64), "k".repeat(64) + "=v")) {
      Cli.Result result = kpi("status", "--label", label);
      assertThat(result.exitCode).as(label + ": " + result).isEqualTo(2);
      assertThat(result.err).as(label).containsPattern("kpi: error: label (key|value) '[^']*' \\(--label " + java.util.regex.Pattern.quote(label) + "\\) is not a BigQuery label");
    }
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aBlankLocationIsAUsageError() {
    Cli.Result result = Cli.run("status", "--target", "bigquery", "--bigquery-endpoint", fake.url(), "--project", FakeBigQuery.PROJECT, "--location", " ");

    assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
    assertThat(result.err).contains("the BigQuery location is blank (--location or KPI_BIGQUERY_LOCATION)");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void anEndpointThatIsNotAUrlIsAUsageError() {
    Cli.Result result = Cli.run("status", "--target", "bigquery", "--bigquery-endpoint", "localhost:9050", "--project", FakeBigQuery.PROJECT);

    assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
    assertThat(result.err).contains("--bigquery-endpoint 'localhost:9050' is not a URL (http://HOST:PORT or https://HOST)");
  }

  @Test
  void anUnknownTableToRecreateIsAUsageError() {
    Cli.Result result = kpi("run", "--date", "2024-03-10", "--allow-recreate", "mart.nope");

    assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
    assertThat(result.err).contains("--allow-recreate mart.nope: no such table; it takes one of warehouse.fct_sales, mart.daily_sales");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void checkLakeRefusesABigNumericColumnTheBuildsCouldNotInsert() {
    fake.addTable(
        "lake",
        "sales",
        "{\"schema\": {\"fields\": [{\"name\": \"sale_id\", \"type\": \"INTEGER\", \"mode\": \"REQUIRED\"}, {\"name\": \"shop\", \"type\": \"STRING\"},"
            + " {\"name\": \"amount\", \"type\": \"BIGNUMERIC\"}, {\"name\": \"sold_at\", \"type\": \"TIMESTAMP\"}]}}");

    Cli.Result result = kpi("check-lake");

    assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
    assertThat(result.err)
        .contains(
            "example-project.lake.sales: column amount is BIGNUMERIC, the contract says NUMERIC; load it as NUMERIC (kpi's tables hold NUMERIC,"
                + " which a BIGNUMERIC value may not fit)");
  }

  private Cli.Result kpi(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--target", "bigquery", "--bigquery-endpoint", fake.url(), "--project", FakeBigQuery.PROJECT, "--location", FakeBigQuery.LOCATION));
    return Cli.run(all.toArray(new String[0]));
  }
}
