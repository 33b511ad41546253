package dev.kpi.slack.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookClientTest {
  private static final String SECRET = "SECRETTOKEN";
  private static final String PATH = "/services/T000/B000/" + SECRET;
  private static final String PAYLOAD = "{\"text\":\"Good morning ☀ — revenue €1.2k, \\\"quoted\\\"\"}";

  /** One scripted answer of the fake Slack. */
  private record Reply(int status, String body, Map<String, String> headers, Duration delay) {
    static Reply of(int status, String body) {
      return new Reply(status, body, Map.of(), Duration.ZERO);
    }

    Reply header(String name, String value) {
      return new Reply(status, body, Map.of(name, value), delay);
    }
  }

  private record Received(String method, String path, String contentType, byte[] body) {}

  private HttpServer server;
  private ExecutorService executor;
  private URI url;
  /** Answers in order; the last one repeats forever. */
  private final ConcurrentLinkedDeque<Reply> replies = new ConcurrentLinkedDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final List<String> logs = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      received.add(new Received(
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestBody().readAllBytes()));
      Reply reply = replies.size() > 1 ? replies.poll() : replies.peek();
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          return; // the test is over
        }
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] body = reply.body().getBytes(UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  private void answer(Reply... answers) {
    Collections.addAll(replies, answers);
  }

  private WebhookClient.Builder client() {
    return WebhookClient.builder(url).sleeper(sleeps::add).log(logs::add);
  }

  private WebhookException postFails(WebhookClient client) {
    WebhookException e =
        catchThrowableOfType(WebhookException.class, () -> client.post(PAYLOAD));
    assertThat(e).as("post should fail").isNotNull();
    assertNoLeak(e);
    return e;
  }

  /** Neither the exception (message, toString, stack trace, causes) nor a log line has the URL. */
  private void assertNoLeak(Throwable e) {
    List<String> texts = new ArrayList<>(logs);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    texts.add(trace.toString());
    for (Throwable t = e; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t.getMessage()));
      texts.add(t.toString());
      for (Throwable s : t.getSuppressed()) {
        texts.add(String.valueOf(s.getMessage()));
        texts.add(s.toString());
      }
    }
    for (String text : texts) {
      assertThat(text)
          .doesNotContain(SECRET)
          .doesNotContain(url.toString())
          .doesNotContain(PATH)
          .doesNotContain("T000/B000");
    }
  }

  @Test
  void postsThePayloadAndSucceedsOn200() {
    answer(Reply.of(200, "ok"));

    client().build().post(PAYLOAD);

    assertThat(received).hasSize(1);
    Received request = received.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(PATH);
    assertThat(request.contentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(request.body()).isEqualTo(PAYLOAD.getBytes(UTF_8));
    assertThat(sleeps).isEmpty();
    assertThat(logs).isEmpty();
  }

  @Test
  void on429WaitsRetryAfterSecondsThenRetries() {
    answer(Reply.of(429, "rate_limited").header("Retry-After", "3"), Reply.of(200, "ok"));

    client().build().post(PAYLOAD);

    assertThat(received).hasSize(2);
    assertThat(received.get(1).body()).isEqualTo(PAYLOAD.getBytes(UTF_8));
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    assertThat(logs).first().asString()
        .isEqualTo("Slack webhook answered HTTP 429; retrying in 3 s (attempt 2 of 5)");
    assertNoLeak(new RuntimeException("logs only"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "-5", "Wed, 21 Oct 2015 25:28:00 GMT"})
  void on429WithoutUsableRetryAfterBacksOff(String retryAfter) {
    Reply limited = Reply.of(429, "rate_limited");
    answer(retryAfter.isEmpty() ? limited : limited.header("Retry-After", retryAfter),
        Reply.of(200, "ok"));

    client().initialBackoff(Duration.ofMillis(1500)).build().post(PAYLOAD);

    assertThat(received).hasSize(2);
    assertThat(sleeps).containsExactly(Duration.ofMillis(1500));
  }

  @Test
  void on429WithAnHttpDateRetryAfterWaitsUntilThatInstant() {
    Instant now = Instant.parse("2026-11-25T21:00:00Z");
    answer(Reply.of(429, "rate_limited").header("Retry-After", "Wed, 25 Nov 2026 21:00:07 GMT"),
        Reply.of(429, "rate_limited").header("Retry-After", "Wed, 25 Nov 2026 20:59:00 GMT"),
        Reply.of(200, "ok"));

    client().clock(Clock.fixed(now, ZoneOffset.UTC)).build().post(PAYLOAD);

    assertThat(received).hasSize(3);
    // A date already past means now.
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ZERO);
  }

  @Test
  void on500BacksOffThenRetries() {
    answer(Reply.of(500, "internal_error"), Reply.of(200, "ok"));

    client().build().post(PAYLOAD);

    assertThat(received).hasSize(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(logs).containsExactly(
        "Slack webhook answered HTTP 500; retrying in 1 s (attempt 2 of 5)",
        "Slack webhook accepted the message (HTTP 200) on attempt 2 of 5");
  }

  @Test
  void on503ForeverGivesUpAfterMaxAttemptsWithDoublingCappedBackoff() {
    answer(Reply.of(503, "service_unavailable"));

    WebhookException e = postFails(
        client().initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(30)).maxTotalWait(Duration.ofSeconds(90)).build());

    assertThat(received).hasSize(5);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20),
        Duration.ofSeconds(30), Duration.ofSeconds(30));
    assertThat(e.attempts()).isEqualTo(5);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.getMessage())
        .contains("failed after 5 attempts")
        .contains("HTTP 503 (service_unavailable)");
    assertThat(logs).hasSize(4);
  }

  @Test
  void defaultBackoffDoubles() {
    answer(Reply.of(502, "bad gateway"));

    WebhookException e = postFails(client().maxAttempts(3).build());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.getMessage()).contains("failed after 3 attempts");
  }

  @Test
  void on400FailsAtOnceNamingSlacksError() {
    answer(Reply.of(400, "invalid_payload"), Reply.of(200, "ok"));

    WebhookException e = postFails(client().build());

    assertThat(received).hasSize(1);
    assertThat(sleeps).isEmpty();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage())
        .contains("HTTP 400")
        .contains("the message was rejected: invalid_payload");
  }

  @ParameterizedTest
  @CsvSource({"403, invalid_token", "404, no_service", "410, channel_is_archived"})
  void onWrongOrRevokedWebhookFailsAtOnceWithAdvice(int status, String error) {
    answer(Reply.of(status, error), Reply.of(200, "ok"));

    WebhookException e = postFails(client().build());

    assertThat(received).hasSize(1);
    assertThat(sleeps).isEmpty();
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.getMessage())
        .contains("HTTP " + status)
        .contains(error)
        .contains("check the webhook URL in KPI_SLACK_WEBHOOK_URL");
  }

  @Test
  void onTimeoutRetriesThenFails() {
    answer(new Reply(200, "ok", Map.of(), Duration.ofSeconds(5)));

    long start = System.nanoTime();
    WebhookException e = postFails(
        client().requestTimeout(Duration.ofMillis(300)).maxAttempts(2).build());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(4));
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(e.status()).isEqualTo(-1);
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.getMessage())
        .contains("failed after 2 attempts")
        .contains("no answer within 300 ms");
    assertThat(logs).containsExactly(
        "Slack webhook request got no answer within 300 ms; retrying in 1 s (attempt 2 of 2)");
  }

  @Test
  void retryAfterAboveTheCapFailsWithoutWaiting() {
    answer(Reply.of(429, "rate_limited").header("Retry-After", "600"), Reply.of(200, "ok"));

    WebhookException e = postFails(client().build());

    assertThat(received).hasSize(1);
    assertThat(sleeps).isEmpty();
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage()).contains("wait 600 s").contains("120 s");
  }

  @Test
  void unreachableServerIsRetriedThenFails() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    url = URI.create("http://127.0.0.1:" + closedPort + PATH);

    WebhookException e = postFails(client().maxAttempts(3).build());

    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.status()).isEqualTo(-1);
    assertThat(sleeps).hasSize(2);
    assertThat(e.getMessage()).contains("failed after 3 attempts");
  }

  @Test
  void a200WhoseBodyIsNotOkIsAFailureWithSlacksReason() {
    answer(Reply.of(200, "invalid_payload"));

    WebhookException e = postFails(client().build());

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage())
        .isEqualTo("Slack webhook answered HTTP 200 but not \"ok\": invalid_payload; the message was not posted."
            + " This is a problem with the message or the webhook; it was not retried.");
    assertThat(received).hasSize(1);
  }

  @Test
  void theWholeWaitOfAPostIsBounded() {
    // Four Retry-Afters of 100 s, each under the 120 s cap, would block the post for 400 s.
    answer(Reply.of(429, "rate_limited").header("Retry-After", "100"));

    WebhookException e = postFails(client().maxTotalWait(Duration.ofSeconds(150)).build());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(100));
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.getMessage())
        .isEqualTo("posting to the Slack webhook failed after 2 attempts in 100 s: one more would wait 100 s, past the 150 s a post may take in all.");
    assertThat(logs).as("no retry announced that is not made").hasSize(1);
  }

  @Test
  void theDefaultBoundIsAMinute() {
    answer(Reply.of(503, ""));

    postFails(client().maxAttempts(20).build());

    assertThat(sleeps.stream().mapToLong(Duration::toSeconds).sum()).isLessThanOrEqualTo(60);
  }

  @Test
  void aTlsFailureIsNotRetried(@TempDir Path dir) throws Exception {
    // A real TLS server whose certificate no CA signed: the client's own handshake fails, as with
    // a bad certificate in production. (A plain-HTTP stand-in raced inside the JDK's client: it
    // sometimes saw an early close, which is retried, instead of the failed handshake.)
    HttpsServer tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    tls.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
    tls.createContext("/", this::handle);
    tls.start();
    try {
      replies.add(Reply.of(200, "ok"));
      url = URI.create("https://127.0.0.1:" + tls.getAddress().getPort() + PATH);

      WebhookException e = postFails(client().build());

      assertThat(e.attempts()).as(logs.toString()).isEqualTo(1);
      assertThat(sleeps).isEmpty();
      assertThat(received).as("nothing reaches a server the client does not trust").isEmpty();
      assertThat(e.getMessage()).startsWith("the TLS connection to the Slack webhook failed (").contains("not retried");
    } finally {
      tls.stop(0);
    }
  }

  /** A TLS context with a fresh self-signed certificate, made by the JDK's own keytool. */
  private static SSLContext selfSigned(Path dir) throws Exception {
    Path store = dir.resolve("self-signed.p12");
    char[] password = "changeit".toCharArray();
    Process keytool = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "webhook", "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
            "-storetype", "PKCS12", "-keystore", store.toString(),
            "-storepass", new String(password), "-keypass", new String(password))
        .redirectErrorStream(true)
        .start();
    String output = new String(keytool.getInputStream().readAllBytes(), UTF_8);
    assertThat(keytool.waitFor()).as(output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      keys.load(in, password);
    }
    KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    return context;
  }

  @Test
  void aHostThatDoesNotResolveIsNotRetried() {
    url = URI.create("http://kpi-webhook-test.invalid" + PATH);

    WebhookException e = postFails(client().build());

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
    assertThat(e.getMessage()).startsWith("the Slack webhook's host name could not be resolved (DNS); not retried");
  }

  @Test
  void redactionMasksTheSecretNotWordsThatContainIt() {
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/hook");
    answer(Reply.of(400, "bad hook for the webhook at " + url));

    WebhookException e = catchThrowableOfType(WebhookException.class, () -> client().build().post(PAYLOAD));

    assertThat(e.getMessage()).contains("Slack webhook answered HTTP 400").contains("bad *** for the webhook at ***").doesNotContain("web***");
  }

  @Test
  void slacksAnswerIsRedactedAndTrimmed() {
    String echo = "error for " + url + " at " + PATH + " token " + SECRET + " " + "x".repeat(500);
    answer(Reply.of(400, echo));

    WebhookException e = postFails(client().build());

    assertThat(e.getMessage()).contains("***").doesNotContain("x".repeat(201));
  }

  @Test
  void toStringsHideTheUrl() {
    WebhookClient client = client().build();
    assertThat(client.toString())
        .doesNotContain(SECRET)
        .doesNotContain("/services")
        .contains("http://127.0.0.1:" + url.getPort() + "/***");
    WebhookUrl webhook = WebhookUrl.parse(" " + url + "\n");
    assertThat(webhook.uri()).isEqualTo(url);
    assertThat(webhook.toString()).isEqualTo("http://127.0.0.1:" + url.getPort() + "/***");
    assertThat(WebhookUrl.parse("https://hooks.slack.com/services/T000/B000/" + SECRET))
        .hasToString("https://hooks.slack.com/***");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ftp://hooks.slack.com/services/T000/B000/SECRETTOKEN",
      "/services/T000/B000/SECRETTOKEN",
      "hooks.slack.com/services/T000/B000/SECRETTOKEN",
      "https:///services/T000/B000/SECRETTOKEN",
      "https://hooks.slack.com/services/T000/B000/SECRET TOKEN",
      "mailto:SECRETTOKEN@example.com",
      "   "})
  void invalidUrlsAreRejectedWithoutEchoingThem(String value) {
    assertThatThrownBy(() -> WebhookUrl.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the Slack webhook URL is not a valid http(s) URL")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
  }

  @Test
  void builderRejectsAnInvalidUriWithoutEchoingIt() {
    assertThatThrownBy(() -> WebhookClient.builder(URI.create("ftp://example.com/" + SECRET)))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }
}
