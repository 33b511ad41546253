package dev.kpi.runtime.slack;

import static dev.kpi.runtime.slack.WebhookSettings.FILE_VARIABLE;
import static dev.kpi.runtime.slack.WebhookSettings.URL_VARIABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kpi.runtime.KpiException;
import dev.kpi.slack.webhook.WebhookUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSettingsTest {
  private static final String SECRET = "SECRETTOKEN";
  private static final String URL = "https://hooks.slack.com/services/T000/B000/" + SECRET;

  @TempDir Path dir;

  private static KpiException fails(Map<String, String> env) {
    KpiException e =
        catchThrowableOfType(KpiException.class, () -> WebhookSettings.fromEnvironment(env));
    assertThat(e).as("should fail").isNotNull();
    assertThat(e.getMessage()).doesNotContain(SECRET);
    assertThat(e.toString()).doesNotContain(SECRET);
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
    }
    return e;
  }

  @Test
  void emptyWhenNeitherIsSet() {
    assertThat(WebhookSettings.fromEnvironment(Map.of())).isEmpty();
    assertThat(WebhookSettings.fromEnvironment(Map.of("PATH", "/usr/bin"))).isEmpty();
  }

  @Test
  void aVariableSetButBlankIsAnErrorNotSilence() {
    assertThatThrownBy(() -> WebhookSettings.fromEnvironment(Map.of(URL_VARIABLE, "")))
        .isInstanceOf(KpiException.class)
        .hasMessage("KPI_SLACK_WEBHOOK_URL is set but blank (a secret that did not sync?); set it to the Slack incoming-webhook URL,"
            + " or unset it to print the message instead of posting it");
    assertThatThrownBy(() -> WebhookSettings.fromEnvironment(Map.of(FILE_VARIABLE, "  \n")))
        .hasMessage("KPI_SLACK_WEBHOOK_URL_FILE is set but blank (a secret that did not sync?); set it to the Slack incoming-webhook URL's"
            + " secret file, or unset it to print the message instead of posting it");
  }

  @Test
  void theTotalWaitOfAPostIsConfigurable() {
    assertThat(WebhookSettings.maxWait(Map.of())).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(WebhookSettings.maxWait(Map.of(WebhookSettings.MAX_WAIT_VARIABLE, " 30 "))).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThatThrownBy(() -> WebhookSettings.maxWait(Map.of(WebhookSettings.MAX_WAIT_VARIABLE, "1m")))
        .hasMessage("KPI_SLACK_MAX_WAIT_SECONDS is '1m'; set it to a number of seconds from 0 to 3600 (default 60), or unset it");
  }

  @Test
  void urlFromTheVariable() {
    Optional<WebhookUrl> url = WebhookSettings.fromEnvironment(Map.of(URL_VARIABLE, URL + "\n"));

    assertThat(url).map(WebhookUrl::uri).contains(URI.create(URL));
    assertThat(url.get().toString()).isEqualTo("https://hooks.slack.com/***");
  }

  @Test
  void urlFromTheSecretFileTrimmed() throws IOException {
    Path file = dir.resolve("webhook-url");
    Files.writeString(file, "\n  " + URL + "  \n", StandardCharsets.UTF_8);

    Optional<WebhookUrl> url =
        WebhookSettings.fromEnvironment(Map.of(FILE_VARIABLE, file.toString()));

    assertThat(url).map(WebhookUrl::uri).contains(URI.create(URL));
  }

  @Test
  void bothSetIsAnError() throws IOException {
    Path file = dir.resolve("webhook-url");
    Files.writeString(file, URL);

    KpiException e = fails(Map.of(URL_VARIABLE, URL, FILE_VARIABLE, file.toString()));

    assertThat(e.getMessage()).contains(URL_VARIABLE).contains(FILE_VARIABLE);
    assertThat(e.exitCode()).isNotZero();
  }

  @Test
  void missingFileNamesTheVariableAndThePath() {
    Path file = dir.resolve("no-such-secret");

    KpiException e = fails(Map.of(FILE_VARIABLE, file.toString()));

    assertThat(e.getMessage()).contains(FILE_VARIABLE).contains(file.toString());
  }

  @Test
  void directoryInsteadOfFileIsAnError() {
    KpiException e = fails(Map.of(FILE_VARIABLE, dir.toString()));

    assertThat(e.getMessage()).contains(FILE_VARIABLE).contains(dir.toString());
  }

  @Test
  void emptyFileIsAnError() throws IOException {
    Path file = dir.resolve("webhook-url");
    Files.writeString(file, " \n\t\n");

    KpiException e = fails(Map.of(FILE_VARIABLE, file.toString()));

    assertThat(e.getMessage())
        .contains(FILE_VARIABLE)
        .contains(file.toString())
        .contains("empty");
  }

  @Test
  void invalidUrlInTheVariableNamesTheVariableNotTheValue() {
    KpiException e = fails(Map.of(URL_VARIABLE, "hooks.slack.com/services/T000/B000/" + SECRET));

    assertThat(e.getMessage()).contains(URL_VARIABLE).doesNotContain("T000/B000");
  }

  @Test
  void nonHttpUrlInTheVariableIsAnError() {
    KpiException e = fails(Map.of(URL_VARIABLE, "ftp://hooks.slack.com/services/" + SECRET));

    assertThat(e.getMessage()).contains(URL_VARIABLE).contains("not a valid http(s) URL");
  }

  @Test
  void invalidUrlInTheFileNamesTheFileNotTheContent() throws IOException {
    Path file = dir.resolve("webhook-url");
    Files.writeString(file, "not a url " + SECRET + "\nsecond line");

    KpiException e = fails(Map.of(FILE_VARIABLE, file.toString()));

    assertThat(e.getMessage())
        .contains(FILE_VARIABLE)
        .contains(file.toString())
        .doesNotContain("not a url")
        .doesNotContain("second line");
  }
}
