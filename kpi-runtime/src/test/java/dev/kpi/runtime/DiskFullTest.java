package dev.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DiskFullTest {
  private static final String WAL = "TransactionContext Error: Failed to commit: Could not write file \"/mnt/small/data/embedded.duckdb.wal\": No space left on device";

  @Test
  void aFullDiskDeepInTheCausesIsTheFailureNamingItsFolder() {
    RuntimeException build = new KpiException("building warehouse.fct_order_items for 2026-11-21..2026-11-24 failed: " + WAL);
    build.addSuppressed(new IllegalStateException("update kpi.runs failed", new SQLException(WAL)));
    assertThat(DiskFull.of(build, Path.of("ignored"), "kpi run --date 2026-11-24").orElseThrow().getMessage())
        .isEqualTo("no space left on device in /mnt/small/data: every table is as its last finished build left it; free space and run again: kpi run --date 2026-11-24");
    RuntimeException recorded = new RuntimeException("SQL [update runs]", new SQLException("x", new java.io.IOException("No space left on device")));
    assertThat(DiskFull.of(recorded, Path.of("/srv/kpi"), "kpi daily").orElseThrow().getMessage()).startsWith("no space left on device in /srv/kpi: ");
  }

  @Test
  void javasBarePathIsNamedToo() {
    assertThat(DiskFull.of(new java.io.UncheckedIOException(new java.io.IOException("/srv/site/index.html: No space left on device")), Path.of("/data"), "kpi docs --out /srv/site")
            .orElseThrow().getMessage())
        .startsWith("no space left on device in /srv/site: ");
  }

  @Test
  void anyOtherFailureIsLeftAsItIs() {
    assertThat(DiskFull.of(new KpiException("the lake file orders.parquet is missing"), Path.of("."), "kpi run")).isEmpty();
  }
}
