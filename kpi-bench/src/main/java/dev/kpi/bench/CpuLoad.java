package dev.kpi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * How busy the machine's CPUs are, from /proc/stat, so that a measurement can wait for a quiet
 * machine and report how much of the machine other programs took while it ran. On a shared
 * 2-core machine, another build running beside a benchmark can double its times; the report
 * shows it instead of hiding it. Where there is no /proc/stat (not Linux) every reading is 0.
 */
final class CpuLoad {
  /** Linux's USER_HZ: /proc/stat counts in 1/100 s. */
  private static final double MILLIS_PER_TICK = 10;
  private static final Path STAT = Paths.get("/proc/stat");

  private CpuLoad() {}

  /** Busy CPU time of the whole machine so far, in milliseconds (all cores added up). */
  static double busyMillis() {
    try {
      List<String> lines = Files.readAllLines(STAT, StandardCharsets.UTF_8);
      String[] fields = lines.get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy * MILLIS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The cores busy on average over {@code millis} milliseconds (0 to the number of cores). */
  static double busyCores(long millis) {
    double before = busyMillis();
    long start = System.nanoTime();
    sleep(millis);
    double elapsed = (System.nanoTime() - start) / 1e6;
    return (busyMillis() - before) / elapsed;
  }

  /**
   * Waits until less than {@code cores} cores are busy over half a second (this JVM idle meanwhile),
   * at most {@code maxSeconds}; returns the seconds waited.
   */
  static double awaitQuiet(double cores, int maxSeconds) {
    if (maxSeconds <= 0) {
      return 0;
    }
    long start = System.nanoTime();
    boolean told = false;
    while (busyCores(500) >= cores) {
      double waited = (System.nanoTime() - start) / 1e9;
      if (waited >= maxSeconds) {
        System.err.println("kpi-bench:   the machine is still busy after " + maxSeconds + " s; measuring anyway");
        break;
      }
      if (!told) {
        System.err.println("kpi-bench:   other programs keep the CPUs busy; waiting up to " + maxSeconds + " s for a quiet machine");
        told = true;
      }
      sleep(1000);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
