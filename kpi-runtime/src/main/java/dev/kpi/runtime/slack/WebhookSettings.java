package dev.kpi.runtime.slack;

import dev.kpi.runtime.KpiException;
import dev.kpi.slack.webhook.WebhookUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Slack incoming-webhook URL comes from: the environment, never the definitions or
 * the command line (both end up in shell history, logs or the repository).
 *
 * <ul>
 *   <li>{@value #URL_VARIABLE}: the URL itself; or
 *   <li>{@value #FILE_VARIABLE}: the path of a secret file holding it (e.g. a mounted Kubernetes
 *       or Secret Manager secret); surrounding whitespace is ignored.
 * </ul>
 *
 * <p>Setting both is an error. So is a variable set to blank: a secret that failed to sync must
 * fail the scheduler's task, not turn posting off. Error messages name the variable (and the
 * file), never the URL. {@value #MAX_WAIT_VARIABLE} bounds the time a post waits between its
 * retries in all.
 */
public final class WebhookSettings {
  public static final String URL_VARIABLE = "KPI_SLACK_WEBHOOK_URL";
  public static final String FILE_VARIABLE = "KPI_SLACK_WEBHOOK_URL_FILE";
  /** Seconds a post may wait between its retries in all (default 60). */
  public static final String MAX_WAIT_VARIABLE = "KPI_SLACK_MAX_WAIT_SECONDS";
  public static final java.time.Duration DEFAULT_MAX_WAIT = java.time.Duration.ofSeconds(60);

  private WebhookSettings() {}

  /** The webhook from the process environment; empty when neither variable is set. */
  public static Optional<WebhookUrl> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The webhook from {@code env}; empty when neither variable is set.
   *
   * @throws KpiException if both are set, the secret file cannot be read or is empty, or the
   *     value is not a valid http(s) URL
   */
  public static Optional<WebhookUrl> fromEnvironment(Map<String, String> env) {
    String url = value(env, URL_VARIABLE);
    String file = value(env, FILE_VARIABLE);
    if (url != null && file != null) {
      throw KpiException.usage(
          "both " + URL_VARIABLE + " and " + FILE_VARIABLE + " are set; set only one of them.");
    }
    if (url != null) {
      return Optional.of(parse(url, URL_VARIABLE + " is not a valid http(s) URL; set it to the"
          + " Slack incoming-webhook URL (https://hooks.slack.com/services/...)."));
    }
    if (file != null) {
      String content = read(file);
      return Optional.of(parse(content, "the file " + file + " named by " + FILE_VARIABLE
          + " does not hold a valid http(s) URL; it should contain only the Slack"
          + " incoming-webhook URL (https://hooks.slack.com/services/...)."));
    }
    return Optional.empty();
  }

  /** How long a post may wait between retries in all: {@value #MAX_WAIT_VARIABLE}, or 60 s. */
  public static java.time.Duration maxWait(Map<String, String> env) {
    String value = env.get(MAX_WAIT_VARIABLE);
    if (value == null) {
      return DEFAULT_MAX_WAIT;
    }
    try {
      long seconds = Long.parseLong(value.strip());
      if (seconds >= 0 && seconds <= 3600) {
        return java.time.Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw KpiException.usage(MAX_WAIT_VARIABLE + " is '" + value.strip() + "'; set it to a number of seconds from 0 to 3600 (default 60), or unset it");
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value != null && value.isBlank()) {
      throw KpiException.usage(
          name + " is set but blank (a secret that did not sync?); set it to the Slack incoming-webhook URL"
              + (name.equals(FILE_VARIABLE) ? "'s secret file" : "") + ", or unset it to print the message instead of posting it");
    }
    return value == null ? null : value.strip();
  }

  private static String read(String file) {
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw KpiException.usage(
          FILE_VARIABLE + " is not a valid file path: " + file + " (" + e.getReason() + ")");
    }
    if (!Files.isRegularFile(path)) {
      throw KpiException.usage(
          "the Slack webhook secret file " + path + " named by " + FILE_VARIABLE
              + " does not exist or is not a file; mount the secret there or fix "
              + FILE_VARIABLE + ".");
    }
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Only the exception's type: its text is about the file, but never risk echoing content.
      throw new KpiException(
          "the Slack webhook secret file " + path + " named by " + FILE_VARIABLE
              + " cannot be read (" + e.getClass().getSimpleName() + "); check its permissions"
              + " and that it is UTF-8 text.");
    }
    content = content.replace("\uFEFF", "").strip();
    if (content.isEmpty()) {
      throw KpiException.usage(
          "the Slack webhook secret file " + path + " named by " + FILE_VARIABLE
              + " is empty; it should contain the Slack incoming-webhook URL.");
    }
    return content;
  }

  private static WebhookUrl parse(String value, String message) {
    try {
      return WebhookUrl.parse(value);
    } catch (IllegalArgumentException e) {
      // WebhookUrl's message never echoes the value, but this one is self-contained anyway.
      throw KpiException.usage(message);
    }
  }
}
