package dev.kpi.runtime.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Sentry event's text keeps: not the webhook (from its secret file too), not local paths; words stay words. */
class SentryScrubberTest {
  @TempDir Path temp;

  @Test
  void theWebhookFromItsSecretFileAndLocalPathsAreMaskedAndWordsAreNot() throws Exception {
    Path secret = Files.writeString(temp.resolve("url"), "https://hooks.slack.com/services/T000/B000/SECRETTOKEN\n");
    SentryAlerts.Scrubber scrubber = new SentryAlerts.Scrubber(WebhookSecrets.of(Map.of("KPI_SLACK_WEBHOOK_URL_FILE", secret.toString())));
    String text = scrubber.text("posting to https://hooks.slack.com/services/T000/B000/SECRETTOKEN failed (token SECRETTOKEN) for services in /srv/kpi/data");
    assertThat(text).doesNotContain("SECRETTOKEN").doesNotContain("/srv/kpi").contains("for services in …/data");
  }

  @Test
  void withoutAWebhookOnlyPathsAreMasked() {
    SentryAlerts.Scrubber scrubber = new SentryAlerts.Scrubber(WebhookSecrets.of(Map.of()));
    assertThat(scrubber.text("cannot read /home/airflow/lake/orders.parquet")).isEqualTo("cannot read …/orders.parquet");
  }
}
