package dev.kpi.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The kpi command in a JVM of its own, for tests that signal, kill or time it from outside. */
final class KpiProcess {
  private KpiProcess() {}

  /** The command line running {@code kpi args...} on this test's classpath. */
  static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.kpi.runtime.cli.KpiCli");
    command.addAll(args);
    return command;
  }
}
