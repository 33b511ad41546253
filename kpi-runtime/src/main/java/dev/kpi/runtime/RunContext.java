package dev.kpi.runtime;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where this process's run is: its id in the run journal and the build it is in. The failure
 * alert reads it after the command failed, when the runner and its session are gone; a kpi
 * process runs one command, so one slot is enough.
 */
public final class RunContext {
  /** The run's id, and the table its current build writes (empty before the first build). */
  public record Current(String runId, Optional<String> table) {}

  private static final AtomicReference<Current> CURRENT = new AtomicReference<>();

  private RunContext() {}

  static void started(String runId) {
    CURRENT.set(new Current(runId, Optional.empty()));
  }

  static void building(String runId, String table) {
    CURRENT.set(new Current(runId, Optional.of(table)));
  }

  /** The run finished its builds: a later failure (posting, say) is in no table. */
  static void finished(String runId) {
    CURRENT.set(new Current(runId, Optional.empty()));
  }

  /** The run a failure happened in, if the command got as far as starting one. */
  public static Optional<Current> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Forgets the run: at the start of a command (tests run many in one JVM). */
  public static void reset() {
    CURRENT.set(null);
  }
}
