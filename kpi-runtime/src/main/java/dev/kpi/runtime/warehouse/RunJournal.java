package dev.kpi.runtime.warehouse;

import java.util.List;
import java.util.Optional;

/**
 * Where a warehouse notes the runs of kpi commands: which command ran and how it ended, so a run
 * that was killed is found and named. The embedded warehouse keeps runs in its ledger; a
 * warehouse that keeps none gives each run an id and remembers nothing.
 */
public interface RunJournal {
  /** Marks runs left running by a process that died as abandoned; returns how many there were. */
  int abandonUnfinished();

  /** Starts a run of {@code command}; returns its id, which the builds of the run carry. */
  String start(String command);

  void finish(String runId, boolean succeeded, String message);

  /** The commands of runs that never finished. */
  List<String> interrupted();

  /**
   * The latest run, when it failed: its command and why. A run that failed in
   * a later build kept the builds before it, so the tables after it hold older numbers than
   * those before; {@code kpi status} must say so. Empty when the latest run succeeded, or where
   * runs are not kept.
   */
  Optional<FailedRun> lastFailure();

  /** A run that failed: its command, its error (as it printed it), and whether it committed any build before the failure. */
  record FailedRun(String command, String reason, boolean builtSome) {}
}
