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

  @BeforeEach
  void startSlack() throws IOException {
    slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slack.createContext(
        "/services/T000/B000/" + SECRET,
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            received.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
          }
          byte[] answer = (status == 200 ? "ok" : "invalid_payload").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    slack.start();
  }

  @AfterEach
  void stopSlack() {
    slack.stop(0);
  }

  private String webhook() {
    return "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T000/B000/" + SECRET;
  }

  private String[] kpi(Path lake, String... args) throws Exception {
    List<String> command = new ArrayList<>(KpiProcess.command(List.of(args)));
    command.addAll(List.of("--data-dir", temp.resolve("data").toString(), "--lake", lake.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KPI_SLACK_WEBHOOK_URL", webhook());
    builder.redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kpi finished in time").isTrue();
    return new String[] {
      Integer.toString(process.exitValue()),
      Files.readString(temp.resolve("out.txt")),
      Files.readString(temp.resolve("err.txt"))
    };
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
