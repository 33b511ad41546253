package dev.kpi.runtime.duckdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Flyway's schema history, read directly, to tell whether a schema already holds every migration
 * of its location — so that an up-to-date warehouse opens without Flyway, whose configuration,
 * class path scan and validation cost about a tenth of a second of every command.
 *
 * <p>The answer is "current" only when Flyway itself would find nothing to do: every migration
 * script of the location is in the history, applied successfully, under the same script name,
 * and (where Flyway validates) with the same checksum, computed as Flyway computes it. Anything
 * else — a new script, an edited one, a failed row, a file this reader does not understand, no
 * history at all — answers "not current", and the caller runs Flyway as it always did, which
 * migrates, or fails with Flyway's own message. So a mistake here can only cost time, never skip
 * a migration.
 */
final class SchemaHistory {
  /** Flyway's default naming for versioned SQL migrations: V1__name.sql, V1.2__name.sql. */
  private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.+\\.sql");

  private SchemaHistory() {}

  /**
   * Whether {@code schema}'s history holds every script under {@code location} (a Flyway
   * {@code classpath:} location); with {@code checksums}, also with the checksum Flyway's
   * validation would compare.
   */
  static boolean isCurrent(Connection connection, String schema, String location, boolean checksums) {
    Map<String, Integer> scripts = scripts(location, SchemaHistory.class.getClassLoader());
    if (scripts.isEmpty()) {
      return false;
    }
    Map<String, Integer> applied = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT script, checksum, success FROM \"" + schema + "\".flyway_schema_history WHERE type = 'SQL'")) {
      while (rows.next()) {
        if (!rows.getBoolean(3)) {
          return false;
        }
        int checksum = rows.getInt(2);
        applied.put(rows.getString(1), rows.wasNull() ? null : checksum);
      }
    } catch (SQLException noHistory) {
      return false;
    }
    if (checksums) {
      return applied.equals(scripts);
    }
    return applied.keySet().containsAll(scripts.keySet());
  }

  /**
   * The versioned scripts under a {@code classpath:} location, by file name, with Flyway's
   * checksum; empty when the location holds anything else (a repeatable or undo script, another
   * file), so that Flyway decides.
   */
  static Map<String, Integer> scripts(String location, ClassLoader loader) {
    if (!location.startsWith("classpath:")) {
      return Map.of();
    }
    String path = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
    Map<String, Integer> scripts = new HashMap<>();
    try {
      Enumeration<URL> roots = loader.getResources(path);
      while (roots.hasMoreElements()) {
        if (!addScripts(roots.nextElement(), path, scripts)) {
          return Map.of();
        }
      }
    } catch (IOException | UncheckedIOException | URISyntaxException e) {
      return Map.of();
    }
    return scripts;
  }

  private static boolean addScripts(URL root, String path, Map<String, Integer> scripts)
      throws IOException, URISyntaxException {
    if (root.getProtocol().equals("file")) {
      try (Stream<Path> files = Files.walk(Paths.get(root.toURI()))) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          if (!add(file.getFileName().toString(), Files.newInputStream(file), scripts)) {
            return false;
          }
        }
      }
      return true;
    }
    URLConnection connection = root.openConnection();
    if (!(connection instanceof JarURLConnection)) {
      return false;
    }
    // The URL cache's open copy of the jar (left open for the process, as the cache keeps it).
    JarFile jar = ((JarURLConnection) connection).getJarFile();
    String prefix = path + "/";
    Enumeration<JarEntry> entries = jar.entries();
    while (entries.hasMoreElements()) {
      JarEntry entry = entries.nextElement();
      if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
        continue;
      }
      String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
      if (!add(name, jar.getInputStream(entry), scripts)) {
        return false;
      }
    }
    return true;
  }

  private static boolean add(String name, InputStream content, Map<String, Integer> scripts) throws IOException {
    try (content) {
      Matcher versioned = VERSIONED.matcher(name);
      if (!versioned.matches()) {
        return false;
      }
      scripts.put(name, checksum(content));
      return true;
    }
  }

  /**
   * Flyway's checksum of a script: CRC-32 over its lines in UTF-8, without their line breaks
   * and without a byte order mark (SchemaHistoryTest checks it against what Flyway records).
   */
  static int checksum(InputStream content) throws IOException {
    CRC32 crc = new CRC32();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      for (; line != null; line = reader.readLine()) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    return (int) crc.getValue();
  }
}
