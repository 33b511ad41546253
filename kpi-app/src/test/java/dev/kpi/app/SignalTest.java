package dev.kpi.app;

import dev.kpi.runtime.testing.KpiProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.runtime.lake.SampleLake;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.Duck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, which a scheduler sends when a task times out or is cleared, and Ctrl-C: the command
 * stops, says what it was doing, and leaves nothing half-written.
 */
class SignalTest {
  private static final Pattern PROGRESS = Pattern.compile("kpi: \\[[#.]+\\] (\\d+)/(\\d+) ");
  /** What the JVM exits with on SIGTERM (128 + 15). */
  private static final int SIGTERM_EXIT = 143;

  @TempDir Path temp;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTerminatedBackfillSaysWhatItStoppedAndTheNextRunTakesOver() throws Exception {
    Path lake = temp.resolve("lake");
    Path data = temp.resolve("data");
    SampleLake.of(LocalDate.parse("2025-11-01"), LocalDate.parse("2026-10-31"), 1, 7).writeTo(lake);
    // The signal lands mid-way unless the last builds finished first: then again, with --force.
    Path err = null;
    Process backfill = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      err = temp.resolve("backfill-" + attempt + ".err");
      Path log = err;
      backfill =
          start(err, "backfill", "--from", "2025-11-01", "--to", "2026-10-31", "--force", "--data-dir", data.toString(), "--lake", lake.toString());
      boolean midway = waitFor(backfill, () -> {
        Matcher progress = PROGRESS.matcher(read(log));
        int done = -1;
        int total = -1;
        while (progress.find()) {
          done = Integer.parseInt(progress.group(1));
          total = Integer.parseInt(progress.group(2));
        }
        return done >= 1 && done < total;
      });
      if (midway) {
        backfill.destroy(); // SIGTERM
      }
      assertThat(backfill.waitFor(60, TimeUnit.SECONDS)).as("the backfill stopped").isTrue();
      if (backfill.exitValue() == SIGTERM_EXIT) {
        break;
      }
    }

    assertThat(backfill.exitValue()).as(read(err)).isEqualTo(SIGTERM_EXIT);
    String again = "kpi backfill --from 2025-11-01 --to 2026-10-31 --force --data-dir " + data + " --lake " + lake;
    assertThat(read(err)).contains("kpi: stopped while building ").contains("run it again to finish: " + again);
    assertThat(Cli.run("status", "--data-dir", data.toString()).out)
        .contains("interrupted: 'backfill --from 2025-11-01 --to 2026-10-31 --force' did not finish; run it again to finish: kpi backfill"
            + " --from 2025-11-01 --to 2026-10-31 --force --data-dir " + data);
    assertThat(Duck.query(data, "SELECT outcome FROM kpi.runs WHERE outcome <> 'succeeded'")).containsExactly("running");

    Cli.Result next = Cli.run("run", "--date", "2026-10-31", "--data-dir", data.toString(), "--lake", lake.toString());
    assertThat(next.exitCode).as(next.toString()).isZero();
    assertThat(next.err).contains("an earlier run was interrupted");
    assertThat(Duck.query(data, "SELECT outcome FROM kpi.runs ORDER BY started_at DESC LIMIT 2")).containsExactly("succeeded", "abandoned");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTerminatedSampleLakeLeavesNoTemporaryFolder() throws Exception {
    Path out = temp.resolve("lake");
    Path err = temp.resolve("sample-lake.err");
    Process sample = start(err, "sample-lake", "--out", out.toString(), "--scale", "5");

    boolean writing = waitFor(sample, () -> !temporaryFolders().isEmpty());
    assertThat(writing).as("the sample lake was being written:\n" + read(err)).isTrue();
    sample.destroy(); // SIGTERM
    assertThat(sample.waitFor(60, TimeUnit.SECONDS)).as("kpi sample-lake stopped").isTrue();

    assertThat(sample.exitValue()).as(read(err)).isEqualTo(SIGTERM_EXIT);
    assertThat(temporaryFolders()).as("hidden temporary folders left in " + temp).isEmpty();
    assertThat(out).doesNotExist();
  }

  private List<Path> temporaryFolders() {
    try (Stream<Path> files = Files.list(temp)) {
      return files.filter(f -> f.getFileName().toString().startsWith(".lake.writing-")).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Process start(Path err, String... args) throws IOException {
    return new ProcessBuilder(KpiProcess.command(List.of(args))).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
  }

  /** Polls {@code condition} while the process runs; true once it holds, false if the process ended first. */
  private static boolean waitFor(Process process, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
