package dev.kpi.runtime.warehouse;

/** Told about each build as a run goes; the command line draws a progress bar on stderr. */
public interface Progress {
  Progress NONE = (done, total, what) -> {};

  /** {@code done} of {@code total} builds finished; {@code what} is starting next or just ended. */
  void update(int done, int total, String what);
}
