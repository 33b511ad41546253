package dev.kpi.runtime.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.runtime.RunContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a failure alert says, from the scheduler's call and the failure's message. */
class FailureAlertTest {
  @BeforeEach
  void noRun() {
    RunContext.reset();
  }

  @Test
  void aFailedRunNamesItsDateTargetAndTheCallThatFinishesItWithoutLocalPaths() {
    FailureAlert.Failure failure = FailureAlert.describe(
        List.of("run", "--date", "2026-11-24", "--data-dir", "/srv/kpi/data", "--lake", "/home/airflow/lake"),
        "the lake file /home/airflow/lake/orders.parquet is missing\nmore detail", 1, Map.of()).orElseThrow();
    assertThat(failure.command()).isEqualTo("run");
    assertThat(failure.dates()).contains("2026-11-24");
    assertThat(failure.target()).isEqualTo("embedded");
    assertThat(failure.table()).isEmpty();
    assertThat(failure.cause()).isEqualTo("the lake file …/orders.parquet is missing; more detail");
    assertThat(failure.finishWith()).isEqualTo("kpi run --date 2026-11-24 --data-dir …/data --lake …/lake");
  }

  @Test
  void aBackfillsRangeAndTheTargetFromTheEnvironment() {
    FailureAlert.Failure failure = FailureAlert.describe(List.of("backfill", "--from=2026-11-01", "--to", "2026-11-24"), "x", 1, Map.of("KPI_TARGET", "bigquery")).orElseThrow();
    assertThat(failure.dates()).contains("2026-11-01..2026-11-24");
    assertThat(failure.target()).isEqualTo("bigquery");
    assertThat(FailureAlert.describe(List.of("backfill", "--stale", "--target", "bigquery"), "x", 1, Map.of()).orElseThrow().dates()).contains("the stale dates");
  }

  @Test
  void aListedCauseKeepsItsItemsOnOneLineAndTheTryOfTheTask() {
    FailureAlert.Failure failure = FailureAlert.describe(List.of("daily", "--date", "2026-11-24"),
        "the lake in /lake is missing 2 tables:\n  - orders (orders.parquet)\n  - order_items (order_items.parquet)", 1, Map.of("KPI_ATTEMPT", "1", "KPI_ATTEMPTS", "3")).orElseThrow();
    assertThat(failure.cause()).isEqualTo("the lake in …/lake is missing 2 tables: orders (orders.parquet); order_items (order_items.parquet) (attempt 1 of 3)");
  }

  @Test
  void aWrongCallSaysSoAndHowToCorrectIt() {
    FailureAlert.Failure failure = FailureAlert.describe(List.of("daily", "--date", "2026-13-01"), "Invalid value for option '--date'", 2, Map.of()).orElseThrow();
    assertThat(failure.cause()).isEqualTo("the call or its settings are wrong: Invalid value for option '--date'");
    assertThat(failure.finishWith()).isEqualTo("kpi daily --help");
  }

  @Test
  void anOptionIsNeverTakenForTheValueOfTheOneBefore() {
    assertThat(FailureAlert.describe(List.of("daily", "--date", "--data-dir", "/x"), "x", 2, Map.of()).orElseThrow().dates()).isEmpty();
  }

  @Test
  void withoutAWebhookTheSchedulersLogSaysTheFailureWasNotPostedAndATerminalIsSpared() {
    for (boolean atTerminal : List.of(false, true)) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      java.io.PrintStream log = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
      List<String> problems = new FailureAlert(Map.of(), log, atTerminal).send(List.of("run", "--date", "2026-11-24"), "the lake is missing", 1, null);
      assertThat(problems).isEmpty();
      String said = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
      if (atTerminal) {
        assertThat(said).as("at a terminal").isEmpty();
      } else {
        assertThat(said).isEqualTo("kpi: no Slack webhook is configured (KPI_SLACK_WEBHOOK_URL): the failure was not posted\n");
      }
    }
  }

  @Test
  void commandsNoSchedulerRunsAndDryRunsAlertNobody() {
    assertThat(FailureAlert.describe(List.of("show", "--date", "2026-11-24"), "x", 1, Map.of())).isEmpty();
    assertThat(FailureAlert.describe(List.of("daily", "--date", "2026-11-24", "--dry-run"), "x", 1, Map.of())).isEmpty();
    assertThat(FailureAlert.describe(List.of(), "x", 2, Map.of())).isEmpty();
  }

  @Test
  void anArgumentWithSpacesIsQuotedAsAShellReadsIt() {
    Optional<FailureAlert.Failure> failure = FailureAlert.describe(List.of("run", "--date", "2026-11-24", "--label", "a b"), "x", 1, Map.of());
    assertThat(failure.orElseThrow().finishWith()).isEqualTo("kpi run --date 2026-11-24 --label 'a b'");
  }
}
