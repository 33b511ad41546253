package dev.kpi.sql.testing;

import dev.kpi.sql.CompiledStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Golden SQL: the generated text of every statement, committed one file per table and
 * statement, so that a pull request shows the SQL it changes. A mismatch fails with a diff of
 * each file; {@code ./mvnw verify -Dkpi.golden.update=true} rewrites the files (and removes
 * the ones no statement produces any more).
 */
public final class GoldenFiles {
  public static final String DIR_PROPERTY = "kpi.golden.dir";
  public static final String UPDATE_PROPERTY = "kpi.golden.update";
  private static final String HOW_TO_UPDATE =
      "If the change is intended, rewrite the golden files with: ./mvnw verify -D" + UPDATE_PROPERTY + "=true";

  private GoldenFiles() {}

  /** The folder {@code <module>/src/test/golden/<name>}. */
  public static Path folder(String name) {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null) {
      throw new IllegalStateException("system property " + DIR_PROPERTY + " is not set; run the tests with Maven");
    }
    return Paths.get(dir, name);
  }

  public static boolean updating() {
    return Boolean.getBoolean(UPDATE_PROPERTY);
  }

  /** Compares (or, when updating, writes) the statements' SQL with the files under {@code folder}. */
  public static void assertMatch(Path folder, List<CompiledStatement> statements) {
    List<String> failures = new ArrayList<>();
    Set<Path> expected = new TreeSet<>();
    for (CompiledStatement statement : statements) {
      Path file = folder.resolve(statement.relativePath());
      expected.add(file);
      String actual = statement.sql();
      if (updating()) {
        write(file, actual);
        continue;
      }
      if (!Files.exists(file)) {
        failures.add("missing golden file " + file + " for " + statement.step().id() + ".");
        continue;
      }
      String golden = read(file);
      if (!golden.equals(actual)) {
        failures.add("golden file " + file + " differs from the SQL of " + statement.step().id() + ":\n" + diff(golden, actual));
      }
    }
    for (Path stale : existing(folder)) {
      if (!expected.contains(stale)) {
        if (updating()) {
          delete(stale);
        } else {
          failures.add("golden file " + stale + " belongs to no statement any more.");
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(String.join("\n\n", failures) + "\n\n" + HOW_TO_UPDATE);
    }
  }

  /** A line diff: the lines only in the golden file (-) and only in the new SQL (+), in order. */
  static String diff(String golden, String actual) {
    List<String> a = golden.lines().collect(Collectors.toList());
    List<String> b = actual.lines().collect(Collectors.toList());
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder("--- golden\n+++ generated\n");
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        i++;
        j++;
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
        out.append("@@ line ").append(j + 1).append("\n+").append(b.get(j++)).append('\n');
      } else {
        out.append("@@ line ").append(i + 1).append(" (golden)\n-").append(a.get(i++)).append('\n');
      }
    }
    return out.toString();
  }

  private static List<Path> existing(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
