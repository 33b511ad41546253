package dev.kpi.model.lake;

/** What a broken lake rule does to a run. */
public enum Severity {
  /** Nothing is written: the run fails (exit 1) and the Slack message is a warning naming the problem. */
  ERROR,
  /** The dates are built, and the warning travels with their numbers into {@code show}, JSON and Slack. */
  WARNING
}
