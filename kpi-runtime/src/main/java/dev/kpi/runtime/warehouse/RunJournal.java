package dev.kpi.runtime.warehouse;

import java.util.List;

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
}
