package dev.kpi.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full disk, wherever in a failure's causes it surfaced (DuckDB's write-ahead log, Flyway's
 * migration, the ledger's write after a failed build): said as the one thing to fix, with the
 * folder and the command to run again, instead of the error that happened to notice it.
 */
public final class DiskFull {
  private static final String NO_SPACE = "No space left on device";
  /** DuckDB names the file it could not write: "Could not write file "/x/embedded.duckdb.wal": No space left on device". */
  private static final Pattern FILE = Pattern.compile("\"([^\"]+)\"[^\"\\n]*" + NO_SPACE);
  /** Java names it bare: "/x/site/index.html: No space left on device" (or "... (No space left on device)"). */
  private static final Pattern BARE = Pattern.compile("(/[^\\s:\"]+)(?::| \\()\\s*" + NO_SPACE);

  private DiskFull() {}

  /**
   * The failure to report when {@code error} (or any of its causes) is a full disk; empty
   * otherwise. {@code dataDir}: the folder to name when no message names the file.
   */
  public static Optional<KpiException> of(Throwable error, Path dataDir, String runAgain) {
    Optional<String> message = messages(error).stream().filter(m -> m.contains(NO_SPACE)).findFirst();
    if (message.isEmpty()) {
      return Optional.empty();
    }
    Matcher quoted = FILE.matcher(message.get());
    Matcher bare = BARE.matcher(message.get());
    String file = quoted.find() ? quoted.group(1) : bare.find() ? bare.group(1) : null;
    Path folder = file != null && Path.of(file).getParent() != null ? Path.of(file).getParent() : dataDir.toAbsolutePath().normalize();
    return Optional.of(new KpiException(
        "no space left on device in " + folder + ": every table is as its last finished build left it; free space and run again: " + runAgain, error));
  }

  /** Every message of the error, its causes and what they suppressed. */
  private static List<String> messages(Throwable error) {
    List<String> out = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    List<Throwable> todo = new ArrayList<>(List.of(error));
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(0);
      if (t == null || seen.put(t, true) != null) {
        continue;
      }
      if (t.getMessage() != null) {
        out.add(t.getMessage());
      }
      todo.add(t.getCause());
      todo.addAll(List.of(t.getSuppressed()));
      if (t instanceof java.sql.SQLException sql) {
        todo.add(sql.getNextException());
      }
    }
    return out;
  }
}
