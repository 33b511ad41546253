package dev.kpi.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A measured run of a command in its own JVM: {@code java -Xmx<heap> -javaagent:<bench jar>=<file>
 * <arguments>}, its wall-clock time from start to exit, and the memory the agent recorded.
 * Output goes to a log file per run, so a failure can be read afterwards.
 */
final class JavaProcess {
  /** What one run measured. */
  static final class Run {
    final String label;
    final List<String> command;
    final int exitCode;
    final double wallMillis;
    final Properties memory;
    final Path log;
    /** Cores other programs kept busy, on average, while this run ran (0 on a quiet machine). */
    final double otherCores;

    Run(String label, List<String> command, int exitCode, double wallMillis, Properties memory, Path log, double machineBusyMillis) {
      this.label = label;
      this.command = command;
      this.exitCode = exitCode;
      this.wallMillis = wallMillis;
      this.memory = memory;
      this.log = log;
      long cpu = memory(memory, "cpuMillis");
      this.otherCores = cpu < 0 ? 0 : Math.max(0, (machineBusyMillis - cpu) / wallMillis);
    }

    /** CPU time of the run's process, all threads, or -1 when unknown. */
    double cpuMillis() {
      return memory("cpuMillis");
    }

    boolean succeeded() {
      return exitCode == 0;
    }

    long memory(String key) {
      return memory(memory, key);
    }

    private static long memory(Properties memory, String key) {
      String value = memory.getProperty(key);
      return value == null ? -1 : Long.parseLong(value.trim());
    }

    /** The command as a shell line, for the report. */
    String commandLine() {
      return String.join(" ", command);
    }
  }

  /** A run starts when other programs keep less than this many cores busy (or after the wait). */
  static final double QUIET_CORES = 0.3;

  static final int QUIET_WAIT_SECONDS = 120;

  private final String java;
  private final String heap;
  private final Path agentJar;
  private final Path logDir;
  private int counter;

  JavaProcess(String heap, Path agentJar, Path logDir) {
    this.java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    this.heap = heap;
    this.agentJar = agentJar;
    this.logDir = logDir;
  }

  /** Runs {@code java -Xmx.. -javaagent:.. <arguments>}; fails when the command fails. */
  Run run(String label, List<String> arguments) {
    Run run = tryRun(label, arguments);
    if (!run.succeeded()) {
      throw new IllegalStateException(
          label + " failed with exit code " + run.exitCode + ": " + run.commandLine() + "\n" + tail(run.log));
    }
    return run;
  }

  Run tryRun(String label, List<String> arguments) {
    counter++;
    String slug = String.format("%03d-%s", counter, label.replaceAll("[^A-Za-z0-9]+", "-"));
    Path log = logDir.resolve(slug + ".log");
    Path memoryFile = logDir.resolve(slug + ".memory.properties");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx" + heap);
    command.add("-javaagent:" + agentJar + "=" + memoryFile);
    command.addAll(arguments);
    try {
      Files.createDirectories(logDir);
      Files.deleteIfExists(memoryFile);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      CpuLoad.awaitQuiet(QUIET_CORES, QUIET_WAIT_SECONDS);
      double busyBefore = CpuLoad.busyMillis();
      long start = System.nanoTime();
      Process process = builder.start();
      int exit = process.waitFor();
      double wall = (System.nanoTime() - start) / 1e6;
      double busy = CpuLoad.busyMillis() - busyBefore;
      Properties memory = new Properties();
      if (Files.isRegularFile(memoryFile)) {
        try (Reader reader = Files.newBufferedReader(memoryFile, StandardCharsets.UTF_8)) {
          memory.load(reader);
        }
      }
      List<String> shown = new ArrayList<>(command);
      shown.set(0, "java");
      return new Run(label, shown, exit, wall, memory, log, busy);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + label, e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
