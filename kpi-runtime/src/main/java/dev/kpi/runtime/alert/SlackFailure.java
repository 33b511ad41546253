package dev.kpi.runtime.alert;

import dev.kpi.runtime.KpiException;

/** Posting to Slack is what failed: the failure alert does not post to it again (Sentry still records it). */
public final class SlackFailure extends KpiException {
  private static final long serialVersionUID = 1L;

  public SlackFailure(String message) {
    super(message);
  }
}
