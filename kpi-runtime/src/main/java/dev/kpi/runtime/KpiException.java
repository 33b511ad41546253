package dev.kpi.runtime;

/**
 * A failure the user can act on: a bad date, a missing lake file, a locked data folder, an
 * invalid catalog. The message names the thing and says what to do; the command line prints it
 * without a stack trace and exits with {@link #exitCode()}.
 */
public class KpiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A run that could not do its work. */
  public static final int RUN_FAILED = 1;
  /** The command was called wrongly (options, dates). */
  public static final int USAGE = 2;

  private final int exitCode;

  public KpiException(String message) {
    this(message, RUN_FAILED, null);
  }

  public KpiException(String message, Throwable cause) {
    this(message, RUN_FAILED, cause);
  }

  public KpiException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static KpiException usage(String message) {
    return new KpiException(message, USAGE, null);
  }

  public int exitCode() {
    return exitCode;
  }
}
