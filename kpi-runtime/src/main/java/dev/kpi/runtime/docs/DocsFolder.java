package dev.kpi.runtime.docs;

import dev.kpi.runtime.KpiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A folder of generated pages (kpi docs', kpi dashboard's): written whole, or compared with what
 * the catalog generates today. The folder's manifest ({@value #MANIFEST} for kpi docs) lists the
 * files the command wrote, so that a page the catalog no longer has is removed (a deleted metric
 * leaves no page behind) while every other file is left alone; a folder that holds files but no
 * manifest is not the command's and is refused.
 */
public final class DocsFolder {
  /** The list of the files kpi docs wrote into the folder, one path a line. */
  public static final String MANIFEST = ".kpi-docs";

  private final Path folder;
  private final String command;
  private final String manifest;

  /** kpi docs' folder. */
  public DocsFolder(Path folder) {
    this(folder, "kpi docs");
  }

  /** The folder of a command ("kpi dashboard"), whose manifest is named after it (".kpi-dashboard"). */
  public DocsFolder(Path folder, String command) {
    this.folder = folder.toAbsolutePath().normalize();
    this.command = command;
    this.manifest = "." + command.replace(' ', '-');
  }

  /** Writes the pages; returns how many files changed, were added or removed. */
  public int write(Map<String, String> pages) {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw KpiException.usage(folder + " is a file, not a folder; give a new or empty folder with --out");
    }
    try {
      if (isForeign()) {
        throw KpiException.usage(
            "the folder " + folder + " holds files " + command + " did not write (it has no " + manifest + "); give an empty or new folder with --out,"
                + " or one " + command + " wrote before");
      }
      int changed = 0;
      for (String stale : written()) {
        if (!pages.containsKey(stale) && Files.deleteIfExists(folder.resolve(stale))) {
          changed++;
        }
      }
      for (Map.Entry<String, String> page : pages.entrySet()) {
        Path file = folder.resolve(page.getKey());
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(page.getValue())) {
          continue;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, page.getValue(), StandardCharsets.UTF_8);
        changed++;
      }
      Files.writeString(folder.resolve(manifest), String.join("\n", pages.keySet()) + "\n", StandardCharsets.UTF_8);
      return changed;
    } catch (IOException e) {
      throw new KpiException("cannot write into " + folder + ": " + e.getMessage() + "; choose another folder with --out", e);
    }
  }

  /** What differs: "out of date: metrics/gmv.md", "missing: ...", "not generated any more: ...". */
  public List<String> differences(Map<String, String> pages) {
    if (!Files.isDirectory(folder)) {
      return List.of("the folder " + folder + " does not exist");
    }
    List<String> out = new ArrayList<>();
    try {
      for (Map.Entry<String, String> page : pages.entrySet()) {
        Path file = folder.resolve(page.getKey());
        if (!Files.isRegularFile(file)) {
          out.add("missing: " + page.getKey());
        } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(page.getValue())) {
          out.add("out of date: " + page.getKey());
        }
      }
      for (String file : written()) {
        if (!pages.containsKey(file) && Files.exists(folder.resolve(file))) {
          out.add("not generated any more: " + file);
        }
      }
    } catch (IOException e) {
      throw new KpiException("cannot read the docs in " + folder + ": " + e.getMessage(), e);
    }
    return out;
  }

  public Path path() {
    return folder;
  }

  /** Whether the folder holds files but no manifest: somebody else's, which write refuses. */
  public boolean isForeign() throws IOException {
    return Files.isDirectory(folder) && !Files.exists(folder.resolve(manifest)) && hasFiles();
  }

  /** Whether the folder's manifest lists {@code file}: a folder this command wrote that file into. */
  public static boolean wrote(Path folder, String command, String file) {
    Path list = folder.resolve("." + command.replace(' ', '-'));
    try {
      return Files.isRegularFile(list) && Files.readAllLines(list, StandardCharsets.UTF_8).stream().anyMatch(l -> l.strip().equals(file));
    } catch (IOException e) {
      return false;
    }
  }

  /** The files the manifest says kpi docs wrote; none without a manifest. */
  private List<String> written() throws IOException {
    Path list = folder.resolve(manifest);
    if (!Files.isRegularFile(list)) {
      return List.of();
    }
    TreeSet<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      String path = line.strip();
      // Only paths inside the folder: a damaged manifest must not delete anything outside it.
      if (!path.isEmpty() && folder.resolve(path).normalize().startsWith(folder)) {
        out.add(path);
      }
    }
    return new ArrayList<>(out);
  }

  private boolean hasFiles() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.findAny().isPresent();
    }
  }
}
