package dev.kpi.runtime.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalPathsTest {
  @Test
  void absolutePathsKeepTheirLastNameOnly() {
    assertThat(LocalPaths.hide("the lake file /home/airflow/gcs/data/lake/orders.parquet is missing; run: kpi run --date 2026-11-24 --lake /home/airflow/gcs/data/lake"))
        .isEqualTo("the lake file …/orders.parquet is missing; run: kpi run --date 2026-11-24 --lake …/lake");
    assertThat(LocalPaths.hide("cannot write /tmp/x/ (No space left on device)")).isEqualTo("cannot write …/x (No space left on device)");
  }

  @Test
  void aPathAfterAColonIsHiddenToo() {
    assertThat(LocalPaths.hide("cannot open jdbc:duckdb:/srv/kpi/embedded.duckdb")).isEqualTo("cannot open jdbc:duckdb:…/embedded.duckdb");
    assertThat(LocalPaths.hide("file:/srv/kpi/lake")).isEqualTo("file:…/lake");
  }

  @Test
  void urlsRatiosAndDatesAreLeftAlone() {
    String text = "see https://example.com/a/b, 1/2 of rows, 2026/11/24, items/order, gs://bucket/lake";
    assertThat(LocalPaths.hide(text)).isEqualTo(text);
  }
}
