package dev.kpi.runtime.alert;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.slack.WebhookSettings;
import dev.kpi.slack.webhook.WebhookClient;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What must never leave in a Sentry event: the Slack webhook's URL and its token, wherever the
 * environment keeps it (the variable or the secret file), masked as the webhook client masks them
 * in its own messages: one place for what the secret is.
 */
final class WebhookSecrets {
  private WebhookSecrets() {}

  static UnaryOperator<String> of(Map<String, String> env) {
    try {
      return WebhookSettings.fromEnvironment(env).map(url -> (UnaryOperator<String>) WebhookClient.builder(url).build()::redact).orElse(UnaryOperator.identity());
    } catch (KpiException e) {
      // A setting that cannot be read names no URL to mask; the command reports the setting.
      return UnaryOperator.identity();
    }
  }
}
