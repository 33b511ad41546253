package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.KpiException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much memory the embedded engine may take, and where it spills the rest. DuckDB's memory is
 * native, outside the Java heap, so {@code -Xmx} does not bound it; by default DuckDB takes up to
 * 80% of the machine's memory, which in a container with a smaller limit means being killed
 * instead of spilling. With a limit, DuckDB writes what does not fit to {@value #SPILL_FOLDER}
 * in the data folder (never to a shared /tmp), and removes it when the command ends.
 */
public final class DuckDbMemory {
  /** The folder in the data folder that DuckDB spills to. */
  public static final String SPILL_FOLDER = "spill";

  /** A size: a number and a unit, decimal (GB) or binary (GiB, or G as for -Xmx). */
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB|K|M|G|T)");

  /** The smallest limit that can hold a build's hash tables and buffers at all. */
  private static final long SMALLEST = 64_000_000L;

  private final Optional<String> limit;

  private DuckDbMemory(Optional<String> limit) {
    this.limit = limit;
  }

  /** DuckDB's default: 80% of the machine's memory. */
  public static DuckDbMemory unbounded() {
    return new DuckDbMemory(Optional.empty());
  }

  /**
   * The limit given with {@code --memory-limit} (or its variable): a size such as 2GB, 1.5GiB or
   * 512MB; blank means DuckDB's default. A value DuckDB would not read, or one too small to
   * build anything, is a usage error naming the option.
   */
  public static DuckDbMemory of(String value) {
    if (value == null || value.isBlank()) {
      return unbounded();
    }
    Matcher size = SIZE.matcher(value.trim().toUpperCase(Locale.ROOT));
    if (!size.matches()) {
      throw KpiException.usage(
          "--memory-limit (or KPI_DUCKDB_MEMORY_LIMIT) '" + value + "' is not a size: give a number and a unit, e.g. --memory-limit 2GB or 512MiB");
    }
    // 2G as -Xmx reads it: binary units.
    String unit = size.group(2).matches("[KMGT]") ? size.group(2) + "IB" : size.group(2);
    if (bytes(Double.parseDouble(size.group(1)), unit) < SMALLEST) {
      throw KpiException.usage(
          "--memory-limit (or KPI_DUCKDB_MEMORY_LIMIT) " + value.trim() + " is too small for DuckDB to build anything: give at least 64MB, e.g. --memory-limit 1GB");
    }
    return new DuckDbMemory(Optional.of(size.group(1) + unit));
  }

  /** The limit as given (normalized), when one was. */
  public Optional<String> limit() {
    return limit;
  }

  /** Sets the limit and the spill folder of the engine {@code connection} belongs to. */
  void apply(Connection connection, Path dataDir) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET temp_directory = '" + dataDir.resolve(SPILL_FOLDER).toString().replace("'", "''") + "'");
      if (limit.isPresent()) {
        statement.execute("SET memory_limit = '" + limit.get() + "'");
      }
    }
  }

  private static double bytes(double number, String unit) {
    switch (unit) {
      case "B":
        return number;
      case "KB":
        return number * 1e3;
      case "MB":
        return number * 1e6;
      case "GB":
        return number * 1e9;
      case "TB":
        return number * 1e12;
      case "KIB":
        return number * 1024;
      case "MIB":
        return number * 1024 * 1024;
      case "GIB":
        return number * 1024 * 1024 * 1024;
      default:
        return number * 1024 * 1024 * 1024 * 1024;
    }
  }
}
