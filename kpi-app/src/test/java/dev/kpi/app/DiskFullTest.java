package dev.kpi.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.runtime.lake.SampleLake;
import dev.kpi.runtime.testing.KpiProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A data folder on a disk too small for the run, at sizes that fill it while Flyway migrates,
 * while a build commits, and while the ledger records the failure: each says the disk is full,
 * where, and what to run again, exit 1, no stack trace. Needs a tmpfs mount (root in CI); skipped
 * with a notice elsewhere.
 */
class DiskFullTest {
  @TempDir Path temp;
  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      new ProcessBuilder("umount", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "a {0} disk")
  @ValueSource(strings = {"300k", "700k", "1m"})
  void aFullDiskSaysSoWithTheFolderAndTheCommandToRunAgain(String size) throws Exception {
    Path small = Files.createDirectories(temp.resolve("small"));
    Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", small.toString()).redirectErrorStream(true).start();
    boolean mounted = mounting.waitFor(30, TimeUnit.SECONDS) && mounting.exitValue() == 0;
    if (!mounted) {
      System.err.println("NOTICE: the full-disk test is skipped: this machine does not let it mount a small tmpfs (it needs root)");
    }
    Assumptions.assumeTrue(mounted, "mounting a tmpfs needs root");
    mount = small;
    Path lake = temp.resolve("lake");
    SampleLake.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 24), 0.3, 7).writeTo(lake);
    Path data = small.resolve("data");
    List<String> command = new ArrayList<>(KpiProcess.command(List.of("run", "--date", "2026-11-24", "--data-dir", data.toString(), "--lake", lake.toString())));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("KPI_SLACK_WEBHOOK_URL");
    builder.environment().remove("SENTRY_DSN");
    builder.redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
    Process run = builder.start();
    assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(temp.resolve("err.txt"));
    assertThat(run.exitValue()).as(err).isEqualTo(1);
    assertThat(err).as(err).contains("kpi: error: no space left on device in " + data + ": every table is as its last finished build left it;"
        + " free space and run again: kpi run --date 2026-11-24 --data-dir " + data + " --lake " + lake + "\n");
    assertThat(err).doesNotContain("\tat ").doesNotContain("unexpected error").doesNotContain("[ERROR]");
  }
}
