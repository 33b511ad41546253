package dev.kpi.slack.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A Slack incoming-webhook URL. The URL is a secret (its path holds the token), so this value
 * never prints it: {@link #toString()} shows only scheme and host, and a value that cannot be
 * parsed is rejected without echoing it.
 */
public final class WebhookUrl {
  static final String INVALID = "the Slack webhook URL is not a valid http(s) URL";

  private final URI uri;

  private WebhookUrl(URI uri) {
    this.uri = uri;
  }

  /**
   * Parses and validates a webhook URL (surrounding whitespace is ignored).
   *
   * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host; the
   *     message never contains the value
   */
  public static WebhookUrl parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(INVALID + " (it is empty)");
    }
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      // URISyntaxException's message echoes the input: do not attach it.
      throw new IllegalArgumentException(INVALID);
    }
    return of(uri);
  }

  /**
   * Validates a webhook URI.
   *
   * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host; the
   *     message never contains the value
   */
  public static WebhookUrl of(URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException(INVALID + " (it is missing)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute()
        || uri.isOpaque()
        || !(scheme.equals("https") || scheme.equals("http"))
        || uri.getHost() == null
        || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(INVALID);
    }
    return new WebhookUrl(uri);
  }

  /** The full URL; a secret: do not log it. */
  public URI uri() {
    return uri;
  }

  /** Scheme, host (and port) only, e.g. {@code https://hooks.slack.com/***}. */
  @Override
  public String toString() {
    return redacted(uri);
  }

  static String redacted(URI uri) {
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port + "/***";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookUrl && ((WebhookUrl) other).uri.equals(uri);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri);
  }
}
