package dev.kpi.runtime.alert;

import dev.kpi.runtime.KpiException;

/**
 * A failure the channel already heard of: the summary's warning went out in place of the
 * numbers. The failure alert does not post it a second time; Sentry still records it.
 */
public final class PostedFailure extends KpiException {
  private static final long serialVersionUID = 1L;

  public PostedFailure(String message) {
    super(message);
  }
}
