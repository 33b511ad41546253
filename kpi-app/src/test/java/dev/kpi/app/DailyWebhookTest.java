package dev.kpi.app;

import dev.kpi.runtime.testing.KpiProcess;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kpi.runtime.lake.SampleLake;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the scheduler runs, as it runs it: {@code kpi daily} in its own JVM with the webhook in
 * the environment, posting to a local stand-in for Slack.
 */
class DailyWebhookTest {
  static final String SECRET = "SECRETTOKEN";

  @TempDir Path temp;
  HttpServer slack;
  final List<String> received = Collections.synchronizedList(new ArrayList<>());
  volatile int status = 200;
  /** Slack's answer's body; by default "ok" on 200, else "invalid_payload". */
  volatile String body;
  /** How long Slack takes to answer. */
  volatile long delayMillis;
  final java.util.concurrent.CountDownLatch requested = new java.util.concurrent.CountDownLatch(1);

  @BeforeEach
  void startSlack() throws IOException {
    slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slack.createContext(
        "/services/T000/B000/" + SECRET,
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            received.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
          }
          requested.countDown();
          if (delayMillis > 0) {
            try {
              Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
              return;
            }
          }
          byte[] answer = (body != null ? body : status == 200 ? "ok" : "invalid_payload").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    slack.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    slack.start();
  }

  @AfterEach
  void stopSlack() {
    slack.stop(0);
    if (sentry != null) {
      sentry.stop(0);
    }
  }

  HttpServer sentry;
  /** Each envelope Sentry's ingest received, as text (gunzipped). */
  final List<String> envelopes = Collections.synchronizedList(new ArrayList<>());

  /** A stand-in for Sentry's ingest at 127.0.0.1; returns the DSN that points at it. */
  private String startSentry() throws IOException {
    sentry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sentry.createContext("/api/1/envelope/", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        byte[] bytes = body.readAllBytes();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
          bytes = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
        }
        envelopes.add(new String(bytes, StandardCharsets.UTF_8));
      }
      byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    sentry.start();
    return "http://0123456789abcdef0123456789abcdef@127.0.0.1:" + sentry.getAddress().getPort() + "/1";
  }

  /** The envelopes' items of a type ("event", "check_in"), each its JSON payload. */
  private List<com.google.gson.JsonObject> items(String type) {
    List<com.google.gson.JsonObject> out = new ArrayList<>();
    for (String envelope : envelopes) {
      List<String> lines = envelope.lines().toList();
      for (int i = 1; i + 1 < lines.size(); i += 2) {
        com.google.gson.JsonObject header = com.google.gson.JsonParser.parseString(lines.get(i)).getAsJsonObject();
        if (header.get("type").getAsString().equals(type)) {
          out.add(com.google.gson.JsonParser.parseString(lines.get(i + 1)).getAsJsonObject());
        }
      }
    }
    return out;
  }

  private String webhook() {
    return "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T000/B000/" + SECRET;
  }

  private String[] kpi(Path lake, String... args) throws Exception {
    return kpi(java.util.Map.of("KPI_SLACK_WEBHOOK_URL", webhook()), lake, args);
  }

  private Process start(java.util.Map<String, String> env, Path lake, String... args) throws Exception {
    List<String> command = new ArrayList<>(KpiProcess.command(List.of(args)));
    command.addAll(List.of("--data-dir", temp.resolve("data").toString()));
    if (lake != null) {
      command.addAll(List.of("--lake", lake.toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("KPI_SLACK_WEBHOOK_URL");
    builder.environment().remove("KPI_SLACK_WEBHOOK_URL_FILE");
    builder.environment().putAll(env);
    builder.redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
    return builder.start();
  }

  private String[] kpi(java.util.Map<String, String> env, Path lake, String... args) throws Exception {
    Process process = start(env, lake, args);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kpi finished in time").isTrue();
    return new String[] {
      Integer.toString(process.exitValue()),
      Files.readString(temp.resolve("out.txt")),
      Files.readString(temp.resolve("err.txt"))
    };
  }

  /** A lake whose orders file is gone: an extract that failed part-way. */
  private Path brokenLake() throws IOException {
    Path lake = lake();
    try (var files = Files.list(lake)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("orders")).toList()) {
        Files.delete(file);
      }
    }
    return lake;
  }

  private Path lake() {
    Path lake = temp.resolve("lake");
    SampleLake.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 24), 0.1, 7).writeTo(lake);
    return lake;
  }

  @Test
  void theDailyJobBuildsTheDayAndItsMessageArrivesAtTheWebhook() throws Exception {
    String[] result = kpi(lake(), "daily", "--date", "2026-11-24");
    assertThat(result[0]).as(String.join("\n", result)).isEqualTo("0");
    assertThat(received).hasSize(1);
    String payload = received.get(0);
    assertThat(payload).contains("\"type\":\"header\"").contains("Daily KPIs 2026-11-24").contains("GMV (流通総額)").contains("<!here>");
    assertThat(result[2]).contains("posted summary daily_kpis for 2026-11-24 to Slack");
    assertThat(result[1] + result[2]).doesNotContain(SECRET).doesNotContain(webhook());
  }

  @Test
  void aDayThatCountedNothingPostsAWarningAndFails() throws Exception {
    // The lake ends on 2026-11-24: the 30th has no orders at all.
    String[] result = kpi(lake(), "daily", "--date", "2026-11-30");
    assertThat(result[0]).isEqualTo("1");
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).contains("データ確認エラー").contains("nothing was counted on 2026-11-30").doesNotContain("¥");
    assertThat(received.get(0)).as("no local paths in the channel").doesNotContain(temp.toString()).contains("--data-dir …/data");
    assertThat(result[2]).contains("were not posted because a data check failed");
  }

  @Test
  void aWebhookThatRejectsTheMessageFailsTheJobWithoutRevealingTheUrl() throws Exception {
    status = 400;
    String[] result = kpi(lake(), "daily", "--date", "2026-11-24");
    assertThat(result[0]).isEqualTo("1");
    assertThat(result[2]).contains("posting summary daily_kpis for 2026-11-24 to Slack failed").contains("HTTP 400");
    assertThat(result[1] + result[2]).doesNotContain(SECRET).doesNotContain(webhook());
  }

  @Test
  void aWebhookVariableSetButBlankFailsTheJob() throws Exception {
    String[] result = kpi(java.util.Map.of("KPI_SLACK_WEBHOOK_URL", " "), lake(), "daily", "--date", "2026-11-24");
    assertThat(result[0]).as("a setting, not a run to retry").isEqualTo("2");
    assertThat(result[2]).as("found before the build").doesNotContain("built mart");
    assertThat(result[2]).contains("kpi: error: KPI_SLACK_WEBHOOK_URL is set but blank (a secret that did not sync?)");
    assertThat(received).isEmpty();
  }

  @Test
  void a200WhoseBodyIsNotOkFailsTheJobWithSlacksReason() throws Exception {
    body = "invalid_payload";
    String[] result = kpi(lake(), "daily", "--date", "2026-11-24");
    assertThat(result[0]).isEqualTo("1");
    assertThat(result[2]).contains("posting summary daily_kpis for 2026-11-24 to Slack failed: Slack webhook answered HTTP 200 but not \"ok\": invalid_payload");
    assertThat(result[2]).doesNotContain("posted summary");
  }

  @Test
  void aBrokenWebhookFailsTheMorningBeforeItBuilds() throws Exception {
    String[] result = kpi(java.util.Map.of("KPI_SLACK_WEBHOOK_URL", "not a url"), lake(), "daily", "--date", "2026-11-24");
    assertThat(result[0]).as(result[2]).isEqualTo("2");
    assertThat(result[2]).contains("kpi: error: KPI_SLACK_WEBHOOK_URL is not a valid http(s) URL").doesNotContain("built mart");
  }

  @Test
  void aFailedRunWithABrokenWebhookNamesBothTheRunsErrorFirst() throws Exception {
    String[] result = kpi(java.util.Map.of("KPI_SLACK_WEBHOOK_URL", "not a url"), brokenLake(), "run", "--date", "2026-11-24");
    assertThat(result[0]).as(result[2]).isEqualTo("1");
    String error = result[2].substring(result[2].indexOf("kpi: error: "));
    assertThat(error).contains("orders");
    assertThat(error).contains("\nkpi: error: the failure could not be posted to Slack: KPI_SLACK_WEBHOOK_URL is not a valid http(s) URL");
    assertThat(error.indexOf("orders")).isLessThan(error.indexOf("could not be posted"));
  }

  @Test
  void theBuildFailureWarningPostedToTheChannelHasNoLocalPaths() throws Exception {
    String[] result = kpi(brokenLake(), "daily", "--date", "2026-11-24");
    assertThat(result[0]).as(String.join("\n", result)).isEqualTo("1");
    assertThat(result[2]).contains(temp.toString());
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).contains("kpi daily failed: 2026-11-24").contains("*target*\\nembedded").doesNotContain(temp.toString()).contains("…/");
    assertThat(received.get(0)).as("the cause names the missing table").contains("orders");
    assertThat(received.get(0)).contains("kpi daily --date 2026-11-24 --data-dir …/data --lake …/lake");
    assertThat(result[2]).contains("kpi: posted the failure of kpi daily to Slack");
  }

  @Test
  void aFailedRunOrBackfillAndAWrongCallOfTheSchedulerArePostedToo() throws Exception {
    Path lake = brokenLake();
    String[] run = kpi(lake, "run", "--date", "2026-11-24");
    assertThat(run[0]).isEqualTo("1");
    String[] backfill = kpi(lake, "backfill", "--from", "2026-11-01", "--to", "2026-11-24");
    assertThat(backfill[0]).isEqualTo("1");
    String[] wrong = kpi(lake, "daily", "--date", "2026-13-01");
    assertThat(wrong[0]).isEqualTo("2");
    assertThat(received).hasSize(3);
    assertThat(received.get(0)).contains("kpi run failed: 2026-11-24");
    assertThat(received.get(1)).contains("kpi backfill failed: 2026-11-01..2026-11-24");
    assertThat(received.get(2)).contains("kpi daily failed: 2026-13-01").contains("the call or its settings are wrong").contains("`kpi daily --help`").contains("Nothing ran: the call was refused");
    String[] dryRun = kpi(lake, "daily", "--date", "2026-11-24", "--dry-run");
    assertThat(dryRun[0]).isEqualTo("1");
    assertThat(received).as("a dry run alerts nobody").hasSize(3);
  }

  @Test
  void notifyDryRunWritesThePayloadToStdoutAndThePreviewToStderr() throws Exception {
    Path lake = lake();
    assertThat(kpi(lake, "run", "--date", "2026-11-24")[0]).isEqualTo("0");
    String[] result = kpi(null, "notify", "--date", "2026-11-24", "--dry-run");
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(com.google.gson.JsonParser.parseString(result[1]).getAsJsonObject().has("blocks")).isTrue();
    assertThat(result[2]).contains("--- preview of summary daily_kpis for 2026-11-24 (dry run: nothing was sent) ---");
    assertThat(received).isEmpty();
  }

  @Test
  void stoppedWhilePostingItSaysWhatSlackMayHave() throws Exception {
    Path lake = lake();
    assertThat(kpi(lake, "run", "--date", "2026-11-24")[0]).isEqualTo("0");
    delayMillis = 30_000;
    Process notify = start(java.util.Map.of("KPI_SLACK_WEBHOOK_URL", webhook()), null, "notify", "--date", "2026-11-24");
    assertThat(requested.await(60, TimeUnit.SECONDS)).as("the post reached Slack").isTrue();
    notify.destroy(); // SIGTERM, as the scheduler stops a task
    assertThat(notify.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(notify.exitValue()).isEqualTo(143);
    assertThat(Files.readString(temp.resolve("err.txt")))
        .contains("kpi: stopped while posting summary daily_kpis for 2026-11-24 to Slack: Slack may or may not have it;"
            + " post it again with: kpi notify --date 2026-11-24 --summary daily_kpis");
  }

  @Test
  void aFailedMorningGoesToSentryTaggedWithoutSecretsAndItsCheckInSaysError() throws Exception {
    String dsn = startSentry();
    String[] result = kpi(java.util.Map.of("KPI_SLACK_WEBHOOK_URL", webhook(), "SENTRY_DSN", dsn), brokenLake(), "daily", "--date", "2026-11-24");
    assertThat(result[0]).as(result[2]).isEqualTo("1");
    assertThat(result[2]).contains("kpi: sent the failure of kpi daily to Sentry");

    List<com.google.gson.JsonObject> checkIns = items("check_in");
    assertThat(checkIns).extracting(c -> c.get("status").getAsString()).containsExactly("in_progress", "error");
    assertThat(checkIns).allMatch(c -> c.get("monitor_slug").getAsString().equals("kpi-daily"));
    assertThat(checkIns.get(1).get("check_in_id").getAsString()).isEqualTo(checkIns.get(0).get("check_in_id").getAsString());

    List<com.google.gson.JsonObject> events = items("event");
    assertThat(events).hasSize(1);
    com.google.gson.JsonObject event = events.get(0);
    assertThat(event.get("release").getAsString()).isEqualTo("kpi@" + dev.kpi.runtime.KpiVersion.VERSION);
    com.google.gson.JsonObject tags = event.getAsJsonObject("tags");
    assertThat(tags.get("command").getAsString()).isEqualTo("daily");
    assertThat(tags.get("date").getAsString()).isEqualTo("2026-11-24");
    assertThat(tags.get("target").getAsString()).isEqualTo("embedded");
    // The lake failed its check before a run started: no run id, no table.
    assertThat(tags.has("table")).isFalse();
    String exception = event.getAsJsonObject("exception").getAsJsonArray("values").get(0).getAsJsonObject().get("value").getAsString();
    assertThat(exception).contains("orders").doesNotContain(temp.toString());
    assertThat(event.has("server_name")).as("no host name").isFalse();
    for (String envelope : envelopes) {
      assertThat(envelope).doesNotContain(SECRET).doesNotContain(webhook()).doesNotContain(temp.toString());
    }
  }

  @Test
  void aGoodMorningChecksInOkAndSendsNoEvent() throws Exception {
    String dsn = startSentry();
    String[] result = kpi(java.util.Map.of("KPI_SLACK_WEBHOOK_URL", webhook(), "SENTRY_DSN", dsn), lake(), "daily", "--date", "2026-11-24");
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(items("check_in")).extracting(c -> c.get("status").getAsString()).containsExactly("in_progress", "ok");
    assertThat(items("event")).isEmpty();
  }

  @Test
  void aBlankSentryDsnFailsTheMorningBeforeItBuilds() throws Exception {
    String[] result = kpi(java.util.Map.of("KPI_SLACK_WEBHOOK_URL", webhook(), "SENTRY_DSN", ""), lake(), "daily", "--date", "2026-11-24");
    assertThat(result[0]).isEqualTo("2");
    assertThat(result[2]).contains("kpi: error: SENTRY_DSN is set but blank (a secret that did not sync?)");
    assertThat(result[2]).doesNotContain("built mart");
    assertThat(received).as("Slack hears of it").hasSize(1);
    assertThat(received.get(0)).contains("kpi daily failed: 2026-11-24").contains("SENTRY_DSN is set but blank");
  }

  @Test
  void aMorningStoppedByTheSchedulersTimeoutIsAlerted() throws Exception {
    Path lake = lake();
    delayMillis = 30_000;
    Process daily = start(java.util.Map.of("KPI_SLACK_WEBHOOK_URL", webhook()), lake, "daily", "--date", "2026-11-24");
    assertThat(requested.await(90, TimeUnit.SECONDS)).as("the summary's post reached Slack").isTrue();
    delayMillis = 0;
    daily.destroy(); // SIGTERM
    assertThat(daily.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daily.exitValue()).isEqualTo(143);
    assertThat(received).hasSize(2);
    assertThat(received.get(1)).contains("kpi daily failed: 2026-11-24").contains("stopped by a signal (the scheduler's timeout, or Ctrl-C)");
  }

  @Test
  void theAirflowDagParses() throws Exception {
    Path dag = Paths.get("..", "docs", "airflow", "kpi_daily.py").toAbsolutePath().normalize();
    assertThat(dag).exists();
    Process python;
    try {
      python = new ProcessBuilder("python3", "-c", "import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", dag.toString()).redirectErrorStream(true).start();
    } catch (IOException noPython) {
      org.junit.jupiter.api.Assumptions.abort("python3 is not installed: " + noPython.getMessage());
      return;
    }
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
  }
}
