package dev.kpi.runtime.lake;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB's error messages cut to their reason. DuckDB follows the reason with the SQL it ran (a
 * "LINE 1: ..." block with a caret) and, for CSV, the reader's settings: neither tells a user
 * what is wrong with a lake file, and the SQL is ours, not theirs.
 */
public final class DuckDbErrors {
  /** The error's kind before the reason: "Invalid Input Error: ", "Conversion Error: ". */
  private static final Pattern KIND = Pattern.compile("^[A-Z][A-Za-z ]*Error: ");

  private static final Pattern CSV_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
  private static final Pattern CSV_FILE = Pattern.compile("(?m)^\\s*file = (.+)$");
  private static final String ORIGINAL_LINE = "Original Line:";

  private DuckDbErrors() {}

  /**
   * What to do when DuckDB ran out of memory: nothing is wrong with the data, so the advice is
   * about the limit (DuckDbMemory), not the files.
   */
  public static final String MORE_MEMORY =
      "DuckDB ran out of memory: give it more with --memory-limit (or KPI_DUCKDB_MEMORY_LIMIT), or build fewer dates at once (backfill --from/--to in parts)";

  /** Whether DuckDB failed for want of memory (its limit reached, or the machine's). */
  public static boolean isOutOfMemory(SQLException e) {
    return String.valueOf(e.getMessage()).contains("Out of Memory Error");
  }

  /**
   * The reason, in a line: "File '...' too small to be a Parquet file", or for a CSV file "line
   * 7 of orders.csv: Expected Number of Columns: 4 Found: 5".
   */
  public static String reason(SQLException e) {
    String message = String.valueOf(e.getMessage());
    Matcher csvLine = CSV_LINE.matcher(message);
    if (csvLine.find()) {
      return csvReason(message, csvLine.group(1));
    }
    List<String> lines = new ArrayList<>();
    for (String line : message.split("\n")) {
      if (line.isBlank() || line.startsWith("LINE ")) {
        break;
      }
      lines.add(line.trim());
    }
    if (lines.isEmpty()) {
      return message.trim();
    }
    String reason = KIND.matcher(lines.get(0)).replaceFirst("");
    // A second line finishes some reasons ("Error when sniffing file ..." / "It was not
    // possible to ..."); one ending in ':' starts a list of settings or fixes.
    if (lines.size() > 1 && !lines.get(1).endsWith(":")) {
      reason += " " + lines.get(1);
    }
    return reason;
  }

  /** A CSV parse error: its file and line, and the reason after the quoted original line. */
  private static String csvReason(String message, String line) {
    Matcher file = CSV_FILE.matcher(message);
    String where = "line " + line + (file.find() ? " of " + file.group(1).trim() : "");
    String[] lines = message.split("\n");
    for (int i = 0; i < lines.length - 1; i++) {
      // The original line is the user's data: left out, the line number finds it.
      if (lines[i].startsWith(ORIGINAL_LINE) && !lines[i + 1].isBlank()) {
        return where + ": " + lines[i + 1].trim();
      }
    }
    return where;
  }
}
