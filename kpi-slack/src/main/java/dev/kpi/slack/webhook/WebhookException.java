package dev.kpi.slack.webhook;

/**
 * Posting to the Slack webhook failed for good. The message says what happened and what to do;
 * it never contains the webhook URL, and no cause is attached whose message might.
 */
public class WebhookException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int attempts;

  public WebhookException(String message, int status, int attempts) {
    super(message);
    this.status = status;
    this.attempts = attempts;
  }

  /** The last HTTP status Slack answered, or -1 if the last attempt got no answer. */
  public int status() {
    return status;
  }

  /** How many requests were sent (0 if none could be). */
  public int attempts() {
    return attempts;
  }
}
