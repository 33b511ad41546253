package dev.kpi.slack.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Posts a message to a Slack incoming webhook, reliably: a request timeout, retries with
 * exponential backoff on HTTP 429 (honouring {@code Retry-After}), 5xx, timeouts and connection
 * failures, all within a bound on the total wait, and an immediate, explained failure on any
 * other answer: a 2xx whose body is not Slack's {@code ok}, a TLS or DNS failure (which no retry
 * mends), any other status.
 *
 * <p>The webhook URL is a secret. It never appears in log lines, in {@link #toString()} or in a
 * {@link WebhookException}: messages are built without it, and any text from elsewhere (Slack's
 * answer, the HTTP client's exceptions) is redacted before use.
 */
public final class WebhookClient {

  /** Where advice about a wrong webhook URL points. */
  static final String URL_SOURCE =
      "KPI_SLACK_WEBHOOK_URL / the secret file named by KPI_SLACK_WEBHOOK_URL_FILE";

  private static final int MAX_BODY_CHARS = 200;
  private static final String REDACTED = "***";

  /** Waits between attempts; tests inject one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final URI uri;
  private final Duration requestTimeout;
  private final Duration connectTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final Duration maxTotalWait;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Consumer<String> log;
  private final HttpClient http;
  private final List<String> secrets;

  private WebhookClient(Builder b) {
    this.uri = b.url.uri();
    this.requestTimeout = b.requestTimeout;
    this.connectTimeout = b.connectTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxTotalWait = b.maxTotalWait;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.log = b.log;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            // Slack does not redirect webhooks; following one could send the message elsewhere.
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.secrets = secretsOf(uri);
  }

  /**
   * A builder for a client posting to {@code webhookUrl}.
   *
   * @throws IllegalArgumentException if the URL is not an absolute http(s) URL with a host (the
   *     message does not echo it)
   */
  public static Builder builder(URI webhookUrl) {
    return new Builder(WebhookUrl.of(webhookUrl));
  }

  /** A builder for a client posting to {@code webhookUrl}. */
  public static Builder builder(WebhookUrl webhookUrl) {
    return new Builder(Objects.requireNonNull(webhookUrl, "webhookUrl"));
  }

  /**
   * Posts {@code jsonPayload} (a Slack message, e.g. {@code {"text": "..."}}) and returns once
   * Slack accepted it.
   *
   * @throws WebhookException if Slack rejected the message, the URL is wrong, or every attempt
   *     failed; the message says which and what to do, and never contains the URL
   */
  public void post(String jsonPayload) {
    Objects.requireNonNull(jsonPayload, "jsonPayload");
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(uri)
              .timeout(requestTimeout)
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(jsonPayload, StandardCharsets.UTF_8))
              .build();
    } catch (IllegalArgumentException e) {
      // The JDK's message names the URI: do not pass it on.
      throw failure(
          "the Slack webhook request could not be built: " + WebhookUrl.INVALID + "; check "
              + URL_SOURCE,
          -1,
          0);
    }

    waited = Duration.ZERO;
    startedNanos = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response =
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          // An incoming webhook answers "ok"; anything else (invalid_payload, no_text, ...) is
          // Slack saying it did not post the message, even with a 2xx.
          String body = response.body() == null ? "" : response.body().strip();
          if (!body.equals("ok")) {
            throw failure(
                "Slack webhook answered HTTP " + status + " but not \"ok\": "
                    + (body.isEmpty() ? "(an empty answer)" : bodyText(body))
                    + "; the message was not posted. This is a problem with the message or the webhook; it was not retried.",
                status,
                attempt);
          }
          if (attempt > 1) {
            log("Slack webhook accepted the message (HTTP " + status + ") on attempt "
                + attempt + " of " + maxAttempts);
          }
          return;
        }
        if (!retryable(status)) {
          throw failure(rejection(status, response.body()), status, attempt);
        }
        if (attempt >= maxAttempts) {
          throw exhausted(attempt, status, "got HTTP " + status + parenthesized(response.body()));
        }
        Duration wait = backoff(attempt);
        if (status == 429) {
          Optional<Duration> retryAfter = retryAfter(response);
          if (retryAfter.isPresent() && retryAfter.get().compareTo(maxRetryAfter) > 0) {
            throw failure(
                "Slack webhook is rate limited (HTTP 429) and asked to wait "
                    + format(retryAfter.get()) + ", more than the " + format(maxRetryAfter)
                    + " this run waits at most; gave up after " + attempts(attempt)
                    + ". Post the summary again later.",
                status,
                attempt);
          }
          wait = retryAfter.orElse(wait);
        }
        withinBound(wait, attempt, status);
        log("Slack webhook answered HTTP " + status + "; retrying in " + format(wait)
            + " (attempt " + (attempt + 1) + " of " + maxAttempts + ")");
        pause(wait, attempt, status);
      } catch (javax.net.ssl.SSLException e) {
        throw failure(
            "the TLS connection to the Slack webhook failed (" + describe(e) + "); not retried, as no retry mends it:"
                + " check the webhook URL in " + URL_SOURCE + " and the machine's CA certificates and clock",
            -1,
            attempt);
      } catch (HttpTimeoutException e) {
        retryAfterFailure(attempt, e instanceof HttpConnectTimeoutException
            ? "could not connect within " + format(connectTimeout)
            : "got no answer within " + format(requestTimeout));
      } catch (IOException e) {
        if (unresolved(e)) {
          throw failure(
              "the Slack webhook's host name could not be resolved (DNS); not retried: check the webhook URL in " + URL_SOURCE
                  + " and the machine's DNS",
              -1,
              attempt);
        }
        retryAfterFailure(attempt, (e instanceof ConnectException ? "could not connect" : "failed")
            + " (" + describe(e) + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(
            "posting to the Slack webhook was interrupted (attempt " + attempt + " of "
                + maxAttempts + ")",
            -1,
            attempt);
      } catch (WebhookException e) {
        throw e;
      } catch (RuntimeException e) {
        // Unexpected; its message may name the URI, so pass on a redacted copy only.
        throw failure(
            "posting to the Slack webhook failed unexpectedly (" + describe(e) + ")", -1, attempt);
      }
    }
  }

  private void retryAfterFailure(int attempt, String problem) {
    if (attempt >= maxAttempts) {
      throw exhausted(attempt, -1, problem);
    }
    Duration wait = backoff(attempt);
    withinBound(wait, attempt, -1);
    log("Slack webhook request " + problem + "; retrying in " + format(wait)
        + " (attempt " + (attempt + 1) + " of " + maxAttempts + ")");
    pause(wait, attempt, -1);
  }

  /** Whether the host name did not resolve: the JDK says so in the cause, not the exception's type. */
  private static boolean unresolved(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  /** The time this post has waited between attempts so far (its sleeps; the tests' sleeper sleeps none). */
  private Duration waited = Duration.ZERO;
  /** When this post began: the answers' own time counts towards the bound too. */
  private long startedNanos;

  /** Fails the post, before a retry is announced, when waiting for it would pass the bound on the whole post. */
  private void withinBound(Duration wait, int attempt, int status) {
    Duration spent = Duration.ofNanos(System.nanoTime() - startedNanos);
    Duration sofar = spent.compareTo(waited) > 0 ? spent : waited;
    if (sofar.plus(wait).compareTo(maxTotalWait) > 0) {
      throw failure(
          "posting to the Slack webhook failed after " + attempts(attempt) + " in " + format(Duration.ofSeconds(sofar.toSeconds())) + ": one more would wait "
              + format(wait) + ", past the " + format(maxTotalWait) + " a post may take in all.",
          status,
          attempt);
    }
  }

  private void pause(Duration wait, int attempt, int status) {
    waited = waited.plus(wait);
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(
          "interrupted while waiting to retry the Slack webhook (after attempt " + attempt
              + " of " + maxAttempts + ")",
          status,
          attempt);
    }
  }

  private WebhookException exhausted(int attempts, int status, String problem) {
    String advice = status == 429
        ? "Slack keeps rate limiting this webhook; post the summary again later."
        : "Slack or the network may be down; post the summary again later.";
    return failure(
        "posting to the Slack webhook failed after " + attempts(attempts)
            + "; the last attempt " + problem + ". " + advice,
        status,
        attempts);
  }

  private String rejection(int status, String body) {
    String error = parenthesized(body);
    String what;
    switch (status) {
      case 400:
        String text = bodyText(body);
        what = "the message was rejected: " + (text.isEmpty() ? "(no reason given)" : text)
            + ". This is a problem with the message, not the webhook; it was not retried.";
        break;
      case 401:
      case 403:
      case 404:
      case 410:
        what = "the webhook does not accept messages" + error
            + " (revoked or wrong webhook, or an archived channel); check the webhook URL in "
            + URL_SOURCE + ".";
        break;
      default:
        if (status >= 300 && status < 400) {
          what = "a redirect, which is not followed" + error + "; check the webhook URL in "
              + URL_SOURCE + ".";
        } else {
          what = "Slack refused the request" + error + "; it was not retried.";
        }
    }
    return "Slack webhook answered HTTP " + status + ": " + what;
  }

  private static String attempts(int n) {
    return n + (n == 1 ? " attempt" : " attempts");
  }

  private static boolean retryable(int status) {
    return status == 429 || (status >= 500 && status < 600);
  }

  /** Backoff before attempt {@code attempt + 1}: initial, doubling, capped. */
  Duration backoff(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  /**
   * {@code Retry-After} as RFC 9110 allows it: a number of seconds, or an HTTP date (a date
   * already past means now); empty when missing or neither.
   */
  private Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    if (!value.isEmpty() && value.length() <= 9 && value.chars().allMatch(Character::isDigit)) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Slack's answer, redacted, on one line, at most 200 characters; "" when empty. */
  private String bodyText(String body) {
    if (body == null) {
      return "";
    }
    String text = sanitize(body).replaceAll("\\s+", " ").strip();
    return text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) + "…" : text;
  }

  /** " (text)" with {@link #bodyText}, or "" when empty. */
  private String parenthesized(String body) {
    String text = bodyText(body);
    return text.isEmpty() ? "" : " (" + text + ")";
  }

  private String describe(Throwable e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + sanitize(message);
  }

  /** Every failure is built here, so its message is always redacted. */
  private WebhookException failure(String message, int status, int attempts) {
    return new WebhookException(sanitize(message), status, attempts);
  }

  /** Every log line is written here, so it is always redacted. */
  private void log(String line) {
    log.accept(sanitize(line));
  }

  /**
   * Removes every form of the webhook URL (and its path and token) from {@code text}. A secret is
   * masked where it stands as a whole, not inside a longer word: a token "hook" masks the URL's
   * last segment, never the word "webhook".
   */
  public String redact(String text) {
    return sanitize(text);
  }

  String sanitize(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      result = java.util.regex.Pattern.compile("(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(secret) + "(?![A-Za-z0-9])")
          .matcher(result)
          .replaceAll(java.util.regex.Matcher.quoteReplacement(REDACTED));
    }
    return result;
  }

  private static List<String> secretsOf(URI uri) {
    Set<String> secrets = new LinkedHashSet<>();
    secrets.add(uri.toString());
    secrets.add(uri.toASCIIString());
    addIfLong(secrets, uri.getRawSchemeSpecificPart(), 2);
    addIfLong(secrets, uri.getRawPath(), 2);
    addIfLong(secrets, uri.getPath(), 2);
    addIfLong(secrets, uri.getRawQuery(), 1);
    addIfLong(secrets, uri.getQuery(), 1);
    addIfLong(secrets, uri.getRawUserInfo(), 1);
    addIfLong(secrets, uri.getUserInfo(), 1);
    for (String path : new String[] {uri.getRawPath(), uri.getPath()}) {
      if (path == null) {
        continue;
      }
      String[] segments = path.split("/");
      for (int i = 0; i < segments.length; i++) {
        String segment = segments[i];
        // The token is the last segment; long segments with digits look like ids or tokens too.
        boolean last = i == segments.length - 1;
        if ((last && segment.length() >= 4)
            || (segment.length() >= 6 && segment.chars().anyMatch(Character::isDigit))) {
          secrets.add(segment);
        }
      }
    }
    List<String> sorted = new ArrayList<>(secrets);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(sorted);
  }

  private static void addIfLong(Set<String> secrets, String value, int minLength) {
    if (value != null && value.length() >= minLength) {
      secrets.add(value);
    }
  }

  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 == 0) {
      return (millis / 1000) + " s";
    }
    if (millis < 1000) {
      return millis + " ms";
    }
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  @Override
  public String toString() {
    return "WebhookClient[" + WebhookUrl.redacted(uri) + ", maxAttempts=" + maxAttempts
        + ", requestTimeout=" + format(requestTimeout) + "]";
  }

  /** Settings of a {@link WebhookClient}; every one has a sensible default. */
  public static final class Builder {
    private final WebhookUrl url;
    private Duration requestTimeout = Duration.ofSeconds(15);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofSeconds(120);
    private Duration maxTotalWait = Duration.ofSeconds(60);
    private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
    private Clock clock = Clock.systemUTC();
    private Consumer<String> log = line -> {};

    private Builder(WebhookUrl url) {
      this.url = url;
    }

    /** How long one request may take, answer included (default 15 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** How long connecting may take (default 10 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** Requests sent at most, the first included (default 5). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Wait before the first retry; doubles for each further one (default 1 s). */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = positive(initialBackoff, "initialBackoff");
      return this;
    }

    /** Longest backoff wait (default 30 s). */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = positive(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * Longest {@code Retry-After} honoured (default 120 s); when Slack asks for more, the post
     * fails at once instead of waiting.
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
      if (maxRetryAfter.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must not be negative");
      }
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /**
     * The longest a post waits between its attempts in all (default 60 s, well under a
     * scheduler's task timeout); when the next wait would pass it, the post fails at once.
     */
    public Builder maxTotalWait(Duration maxTotalWait) {
      Objects.requireNonNull(maxTotalWait, "maxTotalWait");
      if (maxTotalWait.isNegative()) {
        throw new IllegalArgumentException("maxTotalWait must not be negative");
      }
      this.maxTotalWait = maxTotalWait;
      return this;
    }

    /** How to wait between attempts (default {@link Thread#sleep(long)}). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The clock an HTTP-date {@code Retry-After} is measured against (default: the system's). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Receives a line for each retry (default: none); lines never contain the URL. */
    public Builder log(Consumer<String> log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    public WebhookClient build() {
      return new WebhookClient(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
