package dev.kpi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A kpi jar, measured as {@code ./kpi} starts it: with the class-data-sharing archive the build
 * wrote beside it (kpi.jsa), with one the benchmark trains for it ({@code +cds}: a jar built
 * before the build made archives), or with none ({@code +nocds}).
 */
final class Variant {
  final String name;
  final Path jar;
  private final String mode;
  private Path archive;

  private Variant(String name, Path jar, String mode) {
    this.name = name;
    this.jar = jar;
    this.mode = mode;
    Path beside = jar.resolveSibling("kpi.jsa");
    this.archive = mode.isEmpty() && Files.isRegularFile(beside) ? beside : null;
  }

  /** The jar as ./kpi runs it. */
  static Variant launcher(Path jar) {
    return new Variant("kpi", jar, "");
  }

  /** {@code before=/tmp/old/kpi-app/target/kpi.jar+cds,after=kpi-app/target/kpi.jar}. */
  static List<Variant> parse(String option) {
    List<Variant> variants = new ArrayList<>();
    for (String entry : option.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("--versions takes NAME=JAR[+cds|+nocds],...; not '" + entry + "'");
      }
      String path = entry.substring(eq + 1).trim();
      String mode = "";
      for (String suffix : List.of("+cds", "+nocds")) {
        if (path.endsWith(suffix)) {
          mode = suffix;
          path = path.substring(0, path.length() - suffix.length());
        }
      }
      Path jar = Paths.get(path).toAbsolutePath().normalize();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("--versions: no jar " + jar + " for '" + entry.substring(0, eq) + "'");
      }
      variants.add(new Variant(entry.substring(0, eq).trim(), jar, mode));
    }
    return variants;
  }

  /** What ./kpi puts before {@code -jar}. */
  List<String> jvmOptions() {
    List<String> options = new ArrayList<>(List.of("-Xlog:disable", "-Xlog:all=warning:stderr"));
    if (archive != null) {
      options.add("-XX:SharedArchiveFile=" + archive);
    }
    return options;
  }

  /** How the variant starts, for the report. */
  String describe() {
    return archive == null ? "no class-data-sharing archive" : mode.equals("+cds") ? "archive trained by the benchmark" : "the build's archive (kpi.jsa)";
  }

  /**
   * For {@code +cds}: an archive made as the build makes one (kpi-app/pom.xml), a static dump of
   * the classes a run of the jar loads on a new data folder (which generates a small sample
   * lake), into {@code work/cds/NAME.jsa}.
   */
  void train(Path work, LocalDate date) throws IOException {
    if (!mode.equals("+cds")) {
      return;
    }
    Path dir = Files.createDirectories(work.resolve("cds"));
    Path training = dir.resolve(name + "-training");
    Benchmarks.deleteRecursively(training);
    Path jsa = dir.resolve(name + ".jsa");
    Files.deleteIfExists(jsa);
    System.err.println("kpi-bench:   training a class-data-sharing archive for " + name);
    // Without the memory agent: the JVM archives no classes while an agent runs.
    Path log = dir.resolve(name + "-training.log");
    Path classList = dir.resolve(name + ".classlist");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    run(name, log, List.of(java, "-XX:DumpLoadedClassList=" + classList, "-jar", jar.toString(),
        "run", "--date", date.toString(), "--target", "embedded", "--data-dir", training.toString()));
    run(name, dir.resolve(name + "-archive.log"),
        List.of(java, "-Xshare:dump", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + jsa, "-cp", jar.toString()));
    if (!Files.isRegularFile(jsa)) {
      throw new IllegalStateException("the archive dump of " + name + " wrote no archive " + jsa + "; see " + dir.resolve(name + "-archive.log"));
    }
    archive = jsa;
  }

  private static void run(String name, Path log, List<String> command) throws IOException {
    int exit;
    try {
      exit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training " + name, e);
    }
    if (exit != 0) {
      throw new IllegalStateException("training the archive of " + name + ": " + command.get(1) + " ... exited " + exit + "; see " + log);
    }
  }
}
