package dev.kpi.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * A Java agent that records how much memory a JVM used and writes it to a file when the JVM
 * exits, without changing the program it watches:
 *
 * <pre>java -Xmx512m -javaagent:kpi-bench/target/kpi-bench.jar=/tmp/peak.properties -jar kpi.jar run ...</pre>
 *
 * <ul>
 *   <li>{@code heapPeakUsed}: the most heap in use at any moment, in bytes: heap use only grows
 *       between collections, so its peaks are the use just before each collection (from the
 *       collectors' notifications) and the use at exit;
 *   <li>{@code heapPeakLive}: the most heap still in use right after a collection — what the
 *       program needed, garbage aside;
 *   <li>{@code heapCommittedPeak}, {@code heapMax}: what the JVM reserved, and the -Xmx limit;
 *   <li>{@code gcCount}, {@code gcMillis}: collections and their total duration;
 *   <li>{@code cpuMillis}: CPU time of the process, every thread (Java's and DuckDB's);
 *   <li>{@code rssPeak}: the process's peak resident memory (VmHWM of /proc/self/status), which
 *       includes DuckDB's native memory, outside the heap.
 * </ul>
 */
public final class PeakMemoryAgent {
  private static final AtomicLong PEAK_USED = new AtomicLong();
  private static final AtomicLong PEAK_LIVE = new AtomicLong();
  private static final AtomicLong PEAK_COMMITTED = new AtomicLong();

  private PeakMemoryAgent() {}

  public static void premain(String arguments) {
    Path out = Paths.get(arguments == null || arguments.isBlank() ? "peak-memory.properties" : arguments);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter) {
        ((NotificationEmitter) collector)
            .addNotificationListener(
                (notification, handback) -> {
                  if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    PEAK_USED.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
                    PEAK_LIVE.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                  }
                },
                null,
                null);
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> write(out), "peak-memory-agent"));
  }

  /** Heap in use: the sum over the heap's pools (eden, survivor, old) of a collector's snapshot. */
  private static long heapUsed(Map<String, MemoryUsage> pools) {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage usage = pools.get(pool.getName());
      if (pool.getType() == MemoryType.HEAP && usage != null) {
        used += usage.getUsed();
      }
    }
    return used;
  }

  private static void write(Path out) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    PEAK_USED.accumulateAndGet(heap.getUsed(), Math::max);
    PEAK_COMMITTED.accumulateAndGet(heap.getCommitted(), Math::max);
    long committedPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        committedPeak += pool.getPeakUsage().getCommitted();
      }
    }
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, collector.getCollectionCount());
      gcMillis += Math.max(0, collector.getCollectionTime());
    }
    String text =
        "heapPeakUsed=" + PEAK_USED.get() + "\n"
            + "heapPeakLive=" + PEAK_LIVE.get() + "\n"
            + "heapCommittedPeak=" + Math.max(committedPeak, PEAK_COMMITTED.get()) + "\n"
            + "heapMax=" + heap.getMax() + "\n"
            + "gcCount=" + gcCount + "\n"
            + "gcMillis=" + gcMillis + "\n"
            + "rssPeak=" + rssPeak() + "\n"
            + "cpuMillis=" + cpuMillis() + "\n";
    try {
      Files.writeString(out, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      System.err.println("peak-memory-agent: cannot write " + out + ": " + e.getMessage());
    }
  }

  /** CPU time of the whole process (every thread: Java's and DuckDB's), or -1 where unknown. */
  static long cpuMillis() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      long nanos = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
      return nanos < 0 ? -1 : nanos / 1_000_000;
    }
    return -1;
  }

  /** VmHWM of /proc/self/status in bytes, or -1 where there is no /proc (not Linux). */
  static long rssPeak() {
    try {
      List<String> lines = Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8);
      for (String line : lines) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no peak RSS.
    }
    return -1;
  }
}
