package dev.kpi.runtime.docs;

import dev.kpi.runtime.KpiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A folder of generated pages: written whole (pages the catalog no longer has are removed, so a
 * deleted metric leaves no page behind), or compared with what the catalog generates today.
 * Only Markdown files and schema.json are the generator's; anything else in the folder is left alone.
 */
public final class DocsFolder {
  private final Path folder;

  public DocsFolder(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  /** Writes the pages; returns how many files changed, were added or removed. */
  public int write(Map<String, String> pages) {
    try {
      int changed = 0;
      for (String stale : existing()) {
        if (!pages.containsKey(stale)) {
          Files.delete(folder.resolve(stale));
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
      return changed;
    } catch (IOException e) {
      throw new KpiException("cannot write the docs into " + folder + ": " + e.getMessage() + "; choose another folder with --out", e);
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
      for (String file : existing()) {
        if (!pages.containsKey(file)) {
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

  private List<String> existing() throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      TreeSet<String> out = new TreeSet<>();
      files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".md") || f.getFileName().toString().equals(CatalogDocs.SCHEMA_JSON))
          .forEach(f -> out.add(folder.relativize(f).toString().replace('\\', '/')));
      return new ArrayList<>(out);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
