package dev.kpi.runtime.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kpi command in a JVM of its own, for tests that signal, kill or time it from outside, or
 * run it in a folder of their own. The module's surefire must not use a manifest-only jar
 * ({@code useManifestOnlyJar=false}), so that java.class.path holds the whole test class path.
 */
public final class KpiProcess {
  private KpiProcess() {}

  /** The command line running {@code kpi args...} on this test's classpath. */
  public static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.kpi.runtime.cli.KpiCli");
    command.addAll(args);
    return command;
  }
}
