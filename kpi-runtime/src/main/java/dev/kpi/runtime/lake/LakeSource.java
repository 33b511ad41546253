package dev.kpi.runtime.lake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files found for one lake table, all of one format. */
public final class LakeSource {
  /** The formats the lake is written in. */
  public enum Format {
    PARQUET,
    CSV
  }

  private final String table;
  private final Format format;
  private final Path location;
  private final List<Path> files;

  /** {@code location} is the table's file, or its folder of {@code files}. */
  LakeSource(String table, Format format, Path location, List<Path> files) {
    this.table = table;
    this.format = format;
    this.location = location;
    this.files = List.copyOf(files);
  }

  public String table() {
    return table;
  }

  public Format format() {
    return format;
  }

  public List<Path> files() {
    return files;
  }

  /** Where the table was found: its file, or its folder of files (written with a trailing /). */
  public String location() {
    return Files.isDirectory(location) ? location + "/" : location.toString();
  }

  /** How messages name it: the file, or the folder of files. */
  public String describe() {
    return files.size() == 1 ? files.get(0).toString() : files.get(0).getParent() + " (" + files.size() + " files)";
  }
}
