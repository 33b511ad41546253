package dev.kpi.bench;

import dev.kpi.runtime.lake.SampleLake;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The benchmarks of docs/benchmarks.md, run by hand (never by the build):
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * java -jar kpi-bench/target/kpi-bench.jar all
 * </pre>
 *
 * Parts (any of them, or {@code all}): {@code compile} (a), {@code backfill} (c),
 * {@code rolling} (c, the 28-day formulations), {@code daily} (b); memory (d) is measured on
 * every separate JVM of (b) and (c). Options: {@code --scale 25} (sample lake volume; 25 ≈ 5
 * million order items a year), {@code --date 2026-11-24} (the run date, the last of the
 * lakes), {@code --repeats 5} (timed daily runs per history, and rolling queries),
 * {@code --backfill-repeats 5}, {@code --heap 512m} (-Xmx of every measured JVM),
 * {@code --metrics 1000} (the generated catalog), {@code --work DIR} (default
 * kpi-bench/target/bench-work), {@code --kpi-jar FILE} (default kpi-app/target/kpi.jar beside
 * this jar), {@code --quick} (short compile loops; for trying the command out).
 *
 * <p>The report (markdown) goes to stdout and to {@code <work>/results.md}; every measured
 * JVM's output to {@code <work>/logs/}.
 */
public final class Benchmarks {
  private static final List<String> PARTS = List.of("compile", "backfill", "rolling", "daily", "versions", "scale");

  private final Set<String> parts;
  private final double scale;
  private final LocalDate date;
  private final int repeats;
  private final int backfillRepeats;
  private final String heap;
  private final int metrics;
  private final boolean quick;
  private final Path work;
  private final Path kpiJar;
  private final Path benchJar;
  private final List<Variant> variants;
  private final int scaleFactor;
  private final String memoryLimit;
  private final JavaProcess java;
  private final StringBuilder report = new StringBuilder();
  private final List<String> missed = new ArrayList<>();
  /** Every measured JVM, by kind, for the memory table. */
  private final Map<String, List<JavaProcess.Run>> memory = new LinkedHashMap<>();
  /** Lake folder name → its rows and bytes. */
  private final Map<String, Map<String, Long>> lakeRows = new LinkedHashMap<>();

  private Benchmarks(Map<String, String> options, Set<String> parts) throws IOException {
    this.parts = parts;
    this.scale = Double.parseDouble(options.getOrDefault("--scale", "25"));
    this.date = LocalDate.parse(options.getOrDefault("--date", "2026-11-24"));
    this.repeats = Integer.parseInt(options.getOrDefault("--repeats", "5"));
    this.backfillRepeats = Integer.parseInt(options.getOrDefault("--backfill-repeats", "5"));
    this.heap = options.getOrDefault("--heap", "512m");
    this.metrics = Integer.parseInt(options.getOrDefault("--metrics", "1000"));
    this.quick = options.containsKey("--quick");
    this.benchJar = options.containsKey("--bench-jar") ? Paths.get(options.get("--bench-jar")).toAbsolutePath() : ownJar();
    Path target = benchJar.getParent();
    this.kpiJar =
        Paths.get(options.getOrDefault("--kpi-jar", target.resolve("../../kpi-app/target/kpi.jar").toString())).toAbsolutePath().normalize();
    this.work = Paths.get(options.getOrDefault("--work", target.resolve("bench-work").toString())).toAbsolutePath().normalize();
    Files.createDirectories(work);
    this.java = new JavaProcess(heap, benchJar, work.resolve("logs"));
    List<Variant> parsed = List.of();
    try {
      parsed = Variant.parse(options.getOrDefault("--versions", ""));
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
    }
    this.variants = parsed;
    if (parts.contains("versions") && backfillRepeats < 1) {
      usage("versions times the backfill too: give --backfill-repeats 1 or more");
    }
    if (parts.contains("versions") && variants.size() < 2) {
      usage("versions needs at least two jars to compare: --versions before=OLD/kpi.jar,after=kpi-app/target/kpi.jar");
    }
    this.scaleFactor = Integer.parseInt(options.getOrDefault("--scale-factor", "10"));
    this.memoryLimit = options.getOrDefault("--memory-limit", "2GB");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    Set<String> parts = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--quick")) {
        options.put(arg, "true");
      } else if (arg.startsWith("--")) {
        if (i + 1 >= args.length) {
          usage("option " + arg + " needs a value");
        }
        options.put(arg, args[++i]);
      } else if (arg.equals("all")) {
        // versions needs jars to compare, and scale a lake ten times the size: named alone.
        parts.addAll(List.of("compile", "backfill", "rolling", "daily"));
      } else if (PARTS.contains(arg)) {
        parts.add(arg);
      } else {
        usage("unknown part '" + arg + "'");
      }
    }
    if (parts.isEmpty()) {
      usage("name the parts to run");
    }
    Benchmarks benchmarks = new Benchmarks(options, parts);
    benchmarks.runAll();
  }

  private static void usage(String problem) {
    System.err.println("kpi-bench: " + problem);
    System.err.println(
        "usage: java -jar kpi-bench/target/kpi-bench.jar all|compile|backfill|rolling|daily|versions|scale ... [--scale 25] [--date 2026-11-24]"
            + " [--repeats 5] [--backfill-repeats 5] [--heap 512m] [--metrics 1000] [--work DIR] [--kpi-jar FILE] [--quick]"
            + " [--versions NAME=JAR[+cds|+nocds],...] [--scale-factor 10] [--memory-limit 2GB]");
    System.exit(2);
  }

  private static Path ownJar() {
    try {
      Path location = Paths.get(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        throw new IllegalStateException(
            "run the benchmarks from kpi-bench/target/kpi-bench.jar (it is also the memory agent), or pass --bench-jar");
      }
      return location;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void runAll() throws Exception {
    if (!Files.isRegularFile(kpiJar)) {
      throw new IllegalStateException(kpiJar + " is missing; build it first with ./mvnw -q -B package -DskipTests");
    }
    long start = System.nanoTime();
    line("# kpi benchmarks, " + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
    line("");
    machine();
    if (parts.contains("compile")) {
      compile();
    }
    if (parts.contains("backfill")) {
      backfill();
    }
    if (parts.contains("rolling")) {
      rolling();
    }
    if (parts.contains("daily")) {
      daily();
    }
    if (parts.contains("versions")) {
      versions();
    }
    if (parts.contains("scale")) {
      scale();
    }
    if (!memory.isEmpty()) {
      memoryTable();
    }
    line("## Targets missed");
    line("");
    if (missed.isEmpty()) {
      line("None.");
    } else {
      missed.forEach(m -> line("- " + m));
    }
    line("");
    line(String.format(Locale.ROOT, "All parts took %.0f s.", (System.nanoTime() - start) / 1e9));
    Files.writeString(work.resolve("results.md"), report.toString(), StandardCharsets.UTF_8);
    System.err.println("kpi-bench: report written to " + work.resolve("results.md"));
  }

  // ------------------------------------------------------------------ machine

  private void machine() throws IOException, SQLException {
    line("## Machine");
    line("");
    String cpu = "unknown";
    Path cpuinfo = Paths.get("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      cpu =
          Files.readAllLines(cpuinfo).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("unknown");
    }
    String memoryTotal = "unknown";
    Path meminfo = Paths.get("/proc/meminfo");
    if (Files.isReadable(meminfo)) {
      memoryTotal =
          Files.readAllLines(meminfo).stream()
              .filter(l -> l.startsWith("MemTotal"))
              .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
              .findFirst()
              .orElse("unknown");
    }
    String duckdb;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT version()")) {
      rs.next();
      duckdb = rs.getString(1);
    }
    line("| | |");
    line("|---|---|");
    line("| CPU | " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores |");
    line("| memory | " + memoryTotal + " |");
    line("| OS | " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " |");
    line("| Java | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " |");
    line("| DuckDB | " + duckdb + " (JDBC, default settings: threads = cores, memory limit = 80% of RAM) |");
    line("| measured JVMs | -Xmx" + heap + ", default GC (G1) |");
    line("");
    line("The machine may be shared: each measured JVM and query starts once other programs keep fewer than " + JavaProcess.QUIET_CORES
        + " cores busy (waiting up to " + JavaProcess.QUIET_WAIT_SECONDS + " s), and the tables show the most cores other programs took during a run (from /proc/stat, less the run's own CPU time); "
        + "a run with other programs near 1 core or more was slowed by them.");
    line("");
  }

  // ------------------------------------------------------------------ (a) compile

  private void compile() {
    line("## (a) Compiling a catalog");
    line("");
    System.err.println("kpi-bench: (a) compile");
    CompileBench bench = quick ? new CompileBench(500, 5, 500, 10) : new CompileBench(5_000, 50, 5_000, 50);
    List<CompileBench.Result> results = bench.run(metrics);
    line("`Compiler.forDialect(dialect).compile(catalog)` in one JVM (the benchmark's own, default heap): the first call, then a warm-up loop ("
        + (quick ? "0.5 s" : "≥ 5 s and ≥ 50 calls") + "), then " + (quick ? "≥ 10 calls / 0.5 s" : "≥ 50 calls / ≥ 5 s")
        + " timed one by one. The generated catalog (" + metrics + " metrics over one fact, 10 marts; see `GeneratedCatalog`) is built and validated once before: "
        + Stats.ms(bench.generatedCatalogBuildMillis) + " ms in this JVM.");
    line("");
    line("| catalog | metrics | dialect | statements | SQL (chars) | first call (ms) | median (ms) | p90 (ms) | calls | target | met |");
    line("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|");
    for (CompileBench.Result r : results) {
      line("| " + r.catalog + " | " + r.metrics + " | " + r.dialect + " | " + r.statements + " | " + r.sqlChars + " | " + Stats.ms(r.coldMillis)
          + " | " + Stats.ms(r.millis.median) + " | " + Stats.ms(r.millis.p90) + " | " + r.millis.count + " | < " + Stats.ms(r.targetMillis)
          + " ms | " + (r.met() ? "yes" : "**no**") + " |");
      if (!r.met()) {
        missed.add("(a) compiling the " + r.catalog + " catalog in " + r.dialect + ": median " + Stats.ms(r.millis.median) + " ms, target < " + Stats.ms(r.targetMillis) + " ms");
      }
    }
    line("");
    line("(checksum " + bench.blackhole() + ")");
    line("");
  }

  // ------------------------------------------------------------------ lakes

  private Path lake(int days) {
    return lake(days, scale, "lake-" + days);
  }

  private Path lake(int days, double scale, String name) {
    LocalDate from = date.minusDays(days - 1L);
    Path dir = work.resolve(name);
    SampleLake wanted = SampleLake.of(from, date, scale, SampleLake.DEFAULT_SEED);
    Optional<SampleLake> existing = Files.isDirectory(dir) ? SampleLake.readManifest(dir) : Optional.empty();
    if (existing.isPresent() && existing.get().equals(wanted)) {
      System.err.println("kpi-bench: reusing the sample lake " + dir);
    } else {
      System.err.println("kpi-bench: writing a sample lake of " + days + " days at scale " + scale + " to " + dir);
      long start = System.nanoTime();
      wanted.writeTo(dir);
      System.err.println(String.format(Locale.ROOT, "kpi-bench: written in %.1f s", (System.nanoTime() - start) / 1e9));
    }
    lakeRows.computeIfAbsent(name, n -> rowCounts(dir));
    return dir;
  }

  private static Map<String, Long> rowCounts(Path lake) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      for (String table : List.of("orders", "order_items")) {
        try (ResultSet rs =
            statement.executeQuery("SELECT count(*) FROM read_parquet(" + HandWrittenMarts.quote(lake.resolve(table + ".parquet")) + ")")) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
      counts.put("bytes", size(lake));
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot count the rows of " + lake + ": " + e.getMessage(), e);
    }
    return counts;
  }

  private static long size(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private String lakeDescription(int days) {
    return lakeDescription(days, scale, "lake-" + days);
  }

  private String lakeDescription(int days, double scale, String name) {
    Map<String, Long> rows = lakeRows.get(name);
    return String.format(
        Locale.ROOT,
        "%s to %s, scale %s: %,d orders, %,d order items, %.0f MB of Parquet",
        date.minusDays(days - 1L), date, trim(scale), rows.get("orders"), rows.get("order_items"), rows.get("bytes") / 1e6);
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  // ------------------------------------------------------------------ kpi in its own JVM

  private JavaProcess.Run kpi(String kind, String label, String... arguments) {
    return kpi(Variant.launcher(kpiJar), kind, label, arguments);
  }

  /** kpi in its own JVM as {@code ./kpi} starts it (its class-data-sharing archive, when it has one). */
  private JavaProcess.Run kpi(Variant variant, String kind, String label, String... arguments) {
    List<String> command = new ArrayList<>(variant.jvmOptions());
    command.add("-jar");
    command.add(variant.jar.toString());
    command.addAll(List.of(arguments));
    System.err.println("kpi-bench:   " + label);
    JavaProcess.Run run = java.run(label, command);
    memory.computeIfAbsent(kind, k -> new ArrayList<>()).add(run);
    return run;
  }

  /** A fresh data folder with every date of the lake built (a first backfill). */
  private Path freshWarehouse(String name, Path lake, int days, String kind) throws IOException {
    Path data = work.resolve(name);
    deleteRecursively(data);
    kpi(kind, "backfill " + name, "backfill", "--from", date.minusDays(days - 1L).toString(), "--to", date.toString(), "--lake", lake.toString(), "--data-dir", data.toString());
    return data;
  }

  // ------------------------------------------------------------------ (c) backfill

  private Path yearWarehouse;

  private void backfill() throws Exception {
    System.err.println("kpi-bench: (c) backfill");
    Path lake = lake(365);
    LocalDate from = date.minusDays(364);
    String range = "--from " + from + " --to " + date;
    Path data = work.resolve("data-365");
    deleteRecursively(data);
    JavaProcess.Run first =
        kpi("backfill 365 days, empty warehouse", "backfill first", "backfill", "--from", from.toString(), "--to", date.toString(), "--lake", lake.toString(), "--data-dir", data.toString());
    yearWarehouse = data;
    Path handDb = work.resolve("handwritten.duckdb");
    List<JavaProcess.Run> kpiRuns = new ArrayList<>();
    List<JavaProcess.Run> handRuns = new ArrayList<>();
    List<LedgerTimes> ledgers = new ArrayList<>();
    List<Map<String, Double>> handTimings = new ArrayList<>();
    for (int r = 1; r <= backfillRepeats; r++) {
      kpiRuns.add(
          kpi("backfill 365 days --force", "backfill force " + r, "backfill", "--from", from.toString(), "--to", date.toString(), "--force", "--lake", lake.toString(), "--data-dir", data.toString()));
      ledgers.add(LedgerTimes.latest(data));
      System.err.println("kpi-bench:   hand-written " + r);
      JavaProcess.Run hand =
          java.run(
              "handwritten " + r,
              List.of("-cp", benchJar.toString(), HandWrittenMarts.class.getName(), "--lake", lake.toString(), "--db", handDb.toString(), "--from", from.toString(), "--to", date.toString()));
      memory.computeIfAbsent("hand-written marts, 365 days", k -> new ArrayList<>()).add(hand);
      handRuns.add(hand);
      handTimings.add(timings(hand.log));
    }
    List<HandWrittenMarts.Comparison> comparisons;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + handDb)) {
      comparisons = HandWrittenMarts.compare(connection, data.resolve("embedded.duckdb"), from, date);
    }

    Stats kpiWall = wall(kpiRuns);
    Stats handWall = wall(handRuns);
    Stats kpiRun = Stats.of(ledgers.stream().map(l -> l.runMillis).collect(Collectors.toList()));
    Stats handTotal = Stats.of(handTimings.stream().map(t -> t.get("total")).collect(Collectors.toList()));
    double ratio = kpiWall.median / handWall.median;
    line("## (c) Backfill of a year against hand-written DuckDB SQL");
    line("");
    line("Lake: " + lakeDescription(365) + ".");
    line("");
    line("`kpi backfill " + range + " --force` rebuilds every table for the 365 dates, one set-based DELETE + INSERT per table (fct_order_items from the lake's Parquet, then the four marts from it), "
        + "each in a new JVM, alternating with the hand-written baseline in a new JVM: `HandWrittenMarts` (read its SQL there) builds the same four marts straight from the Parquet files in one DuckDB connection "
        + "into a new DuckDB file — the countable order lines once into a temporary table, then one plain GROUP BY per mart, and for the 28-day active creators a COUNT(DISTINCT creator_id) window over the trailing 28 days of the distinct (date, creator) pairs (the fastest of the ways a DuckDB user would write it, see the rolling section). "
        + backfillRepeats + " runs each; times are wall-clock from process start to exit (JVM start, DuckDB's native library, everything).");
    line("");
    line("| | runs | median (s) | min (s) | max (s) | of which SQL (median, s) | CPU time (median, s) | other programs (max, cores) |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|");
    line("| kpi backfill, first (empty warehouse) | 1 | " + Stats.s(first.wallMillis) + " | | | | " + Stats.s(first.cpuMillis()) + " | " + cores(List.of(first)) + " |");
    line("| kpi backfill --force | " + kpiWall.count + " | " + Stats.s(kpiWall.median) + " | " + Stats.s(kpiWall.min) + " | " + Stats.s(kpiWall.max) + " | " + Stats.s(kpiRun.median) + " (ledger: run start to end) | "
        + Stats.s(cpu(kpiRuns).median) + " | " + cores(kpiRuns) + " |");
    line("| hand-written marts | " + handWall.count + " | " + Stats.s(handWall.median) + " | " + Stats.s(handWall.min) + " | " + Stats.s(handWall.max) + " | " + Stats.s(handTotal.median) + " (connection open to last statement) | "
        + Stats.s(cpu(handRuns).median) + " | " + cores(handRuns) + " |");
    line("");
    boolean met = ratio <= 1.0 && cpu(kpiRuns).median <= cpu(handRuns).median;
    line("**kpi ÷ hand-written: " + Stats.ratio(ratio) + "** wall-clock (target ≤ 1.0× in wall-clock and CPU time: " + (met ? "met" : "**missed**") + "); best of each: "
        + Stats.ratio(kpiWall.min / handWall.min) + "; SQL only: " + Stats.ratio(kpiRun.median / handTotal.median) + "; CPU time: "
        + Stats.ratio(cpu(kpiRuns).median / cpu(handRuns).median) + ".");
    if (!met) {
      missed.add("(c) the 365-day backfill took " + Stats.ratio(ratio) + " the hand-written queries' wall-clock time and "
          + Stats.ratio(cpu(kpiRuns).median / cpu(handRuns).median) + " their CPU time (target ≤ 1.0× in both)");
    }
    line("");
    line("Where the time goes (median per step):");
    line("");
    line("| kpi build | ms | | hand-written statement | ms |");
    line("|---|---:|---|---|---:|");
    line("| (before the first build: the lake contract checked, the lake attached) | " + Stats.ms(median(ledgers, l -> l.beforeBuildsMillis)) + " | | | |");
    List<String> kpiSteps = new ArrayList<>(ledgers.get(0).builds.keySet());
    List<String> handSteps = new ArrayList<>(handTimings.get(0).keySet());
    for (int i = 0; i < Math.max(kpiSteps.size(), handSteps.size()); i++) {
      String k = i < kpiSteps.size() ? kpiSteps.get(i) : null;
      String h = i < handSteps.size() ? handSteps.get(i) : null;
      line("| " + (k == null ? "" : k) + " | " + (k == null ? "" : Stats.ms(median(ledgers, l -> l.builds.getOrDefault(k, 0.0))))
          + " | | " + (h == null ? "" : h) + " | " + (h == null ? "" : Stats.ms(medianOfMaps(handTimings, h))) + " |");
    }
    line("");
    line("Same numbers? Every row of the range, hand-written against kpi (sums and counts exact, AOV within 10⁻⁶):");
    line("");
    line("| mart | rows compared | rows that differ |");
    line("|---|---:|---:|");
    boolean allSame = true;
    for (HandWrittenMarts.Comparison c : comparisons) {
      line("| " + c.mart + " | " + c.rows + " | " + c.mismatches + " |");
      allSame &= c.mismatches == 0 && c.rows > 0;
      c.examples.forEach(e -> System.err.println("kpi-bench: differs in " + c.mart + ": " + e));
    }
    line("");
    if (!allSame) {
      missed.add("(c) the hand-written marts do not equal the kpi marts (see the comparison table): the comparison is not fair");
    }
    line("Commands: `" + kpiRuns.get(0).commandLine() + "` and `" + handRuns.get(0).commandLine() + "`.");
    line("");
  }

  // ------------------------------------------------------------------ (c) rolling

  private void rolling() throws Exception {
    System.err.println("kpi-bench: (c) rolling count distinct");
    if (yearWarehouse == null) {
      yearWarehouse = freshWarehouse("data-365", lake(365), 365, "backfill 365 days, empty warehouse");
    }
    LocalDate from = date.minusDays(364);
    List<RollingBench.Result> year;
    List<RollingBench.Result> window;
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + yearWarehouse.resolve("embedded.duckdb"), readOnly)) {
      System.err.println("kpi-bench:   365 dates");
      year = RollingBench.run(connection, from, date, repeats, JavaProcess.QUIET_WAIT_SECONDS);
      System.err.println("kpi-bench:   4 dates");
      window = RollingBench.run(connection, date.minusDays(3), date, repeats, JavaProcess.QUIET_WAIT_SECONDS);
    }
    line("## (c) Rolling distinct count: active creators over 28 days");
    line("");
    line("On the year's warehouse (" + lakeDescription(365) + ", built into fct_order_items), in one DuckDB connection of the benchmark's JVM: each formulation once to warm up, then "
        + repeats + " times, interleaved. \"compiler\" is the build query `Compiler` writes for a daily mart holding only active_creators_28d; the others are in `RollingBench`. "
        + "Every formulation gave the same count on every date (checked), or the table says so.");
    line("");
    rollingTable("365 dates (a backfill of the year)", year);
    rollingTable("4 dates (a daily run's window, D−3 … D)", window);
    double ratio = find(year, RollingBench.SELF_JOIN).millis.median / find(year, RollingBench.COMPILER).millis.median;
    line("**At a year of data the obvious range self-join takes " + Stats.ratio(ratio) + " the compiler's time.**");
    line("");
    for (RollingBench.Result r : year) {
      if (!r.sameAsCompiler) {
        missed.add("(c) rolling: '" + r.name + "' does not give the compiler's numbers on the year");
      }
    }
  }

  private void rollingTable(String title, List<RollingBench.Result> results) {
    line("**" + title + "**");
    line("");
    line("| formulation | median (ms) | min (ms) | max (ms) | ÷ compiler | same numbers | other programs (max, cores) |");
    line("|---|---:|---:|---:|---:|---|---:|");
    double compiler = find(results, RollingBench.COMPILER).millis.median;
    for (RollingBench.Result r : results) {
      line("| " + r.name + " | " + Stats.ms(r.millis.median) + " | " + Stats.ms(r.millis.min) + " | " + Stats.ms(r.millis.max) + " | "
          + Stats.ratio(r.millis.median / compiler) + " | " + (r.sameAsCompiler ? "yes" : "**no**") + " | " + (r.otherCores < 0 ? "–" : String.format(Locale.ROOT, "%.2f", r.otherCores)) + " |");
    }
    line("");
  }

  private static RollingBench.Result find(List<RollingBench.Result> results, String name) {
    return results.stream().filter(r -> r.name.equals(name)).findFirst().orElseThrow();
  }

  // ------------------------------------------------------------------ (b) daily

  private void daily() throws Exception {
    System.err.println("kpi-bench: (b) daily run");
    Map<Integer, Path> data = new LinkedHashMap<>();
    Map<Integer, Path> lakes = new LinkedHashMap<>();
    for (int days : List.of(31, 365)) {
      lakes.put(days, lake(days));
      data.put(days, freshWarehouse("data-daily-" + days, lakes.get(days), days, "backfill " + days + " days, empty warehouse"));
    }
    Map<Integer, List<JavaProcess.Run>> runs = new LinkedHashMap<>();
    Map<Integer, List<LedgerTimes>> ledgers = new LinkedHashMap<>();
    for (int days : data.keySet()) {
      kpi("run --date, " + days + " days of history", "run warm " + days, runArguments(lakes.get(days), data.get(days)));
      runs.put(days, new ArrayList<>());
      ledgers.put(days, new ArrayList<>());
    }
    for (int r = 1; r <= repeats; r++) {
      for (int days : data.keySet()) {
        runs.get(days).add(kpi("run --date, " + days + " days of history", "run " + days + " " + r, runArguments(lakes.get(days), data.get(days))));
        ledgers.get(days).add(LedgerTimes.latest(data.get(days)));
      }
    }
    List<JavaProcess.Run> version = new ArrayList<>();
    List<JavaProcess.Run> status = new ArrayList<>();
    for (int r = 1; r <= repeats; r++) {
      version.add(kpi("kpi --version", "version " + r, "--version"));
      status.add(kpi("kpi status, 365 days of history", "status " + r, "status", "--data-dir", data.get(365).toString()));
    }
    line("## (b) The daily run at 31 and at 365 days of history");
    line("");
    line("`kpi run --date " + date + "` in a new JVM on a warehouse where every date of the lake is built (a backfill first), after one warm run; then "
        + repeats + " timed runs per history, alternating. A run rebuilds fct_order_items for D−3 … D from the lake (DuckDB reads only the Parquet row groups whose ordered_at / created_at range meets those dates: the files are written in time order), "
        + "dim_items whole, and each mart for its window (kpi_daily reads the fact from D−30: 28 days for the rolling count, 3 of lookback), then prints the date's KPIs.");
    line("");
    line("| history | lake | median (s) | min (s) | max (s) | in the ledger (median, s) | CPU time (median, s) | other programs (max, cores) | slowest build (median) |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---|");
    Map<Integer, Double> medians = new LinkedHashMap<>();
    for (int days : data.keySet()) {
      Stats wall = wall(runs.get(days));
      Stats inRun = Stats.of(ledgers.get(days).stream().map(l -> l.runMillis).collect(Collectors.toList()));
      medians.put(days, wall.median);
      String slowest =
          ledgers.get(days).get(0).builds.keySet().stream()
              .map(t -> Map.entry(t, median(ledgers.get(days), l -> l.builds.getOrDefault(t, 0.0))))
              .max(Map.Entry.comparingByValue())
              .map(e -> e.getKey() + " " + Stats.ms(e.getValue()) + " ms")
              .orElse("");
      line("| " + days + " days | " + lakeDescription(days) + " | " + Stats.s(wall.median) + " | " + Stats.s(wall.min) + " | " + Stats.s(wall.max) + " | "
          + Stats.s(inRun.median) + " | " + Stats.s(cpu(runs.get(days)).median) + " | " + cores(runs.get(days)) + " | " + slowest + " |");
    }
    line("");
    double ratio = medians.get(365) / medians.get(31);
    boolean met = ratio <= 1.2;
    double inRunRatio =
        median(ledgers.get(365), l -> l.runMillis) / median(ledgers.get(31), l -> l.runMillis);
    line("**365 days ÷ 31 days: " + Stats.ratio(ratio) + "** wall-clock (target ≤ 1.2×: " + (met ? "met" : "**missed**") + "); "
        + Stats.ratio(inRunRatio) + " counting only the run's time in the ledger.");
    line("");
    line("Fixed costs of a `kpi` JVM (median of " + repeats + "): `kpi --version` (JVM start, the jar, picocli) "
        + Stats.s(wall(version).median) + " s (target ≤ 0.3 s); `kpi status` on the 365-day warehouse (also: the catalog loaded and compiled, "
        + "DuckDB started, the warehouse file opened and its schema found current, the ledger read) " + Stats.s(wall(status).median) + " s (target ≤ 0.6 s). "
        + "The run at 365 days: " + Stats.s(medians.get(365)) + " s (target ≤ 1.0 s).");
    if (!met) {
      missed.add("(b) the daily run at 365 days of history took " + Stats.ratio(ratio) + " the 31-day run (target ≤ 1.2×)");
    }
    target("(b) kpi run at 365 days of history", medians.get(365), 1000);
    target("(b) kpi --version", wall(version).median, 300);
    target("(b) kpi status at 365 days of history", wall(status).median, 600);
    line("");
    line("Per build (median ms, from the ledger):");
    line("");
    line("| build | 31 days | 365 days |");
    line("|---|---:|---:|");
    for (String table : ledgers.get(365).get(0).builds.keySet()) {
      line("| " + table + " | " + Stats.ms(median(ledgers.get(31), l -> l.builds.getOrDefault(table, 0.0))) + " | "
          + Stats.ms(median(ledgers.get(365), l -> l.builds.getOrDefault(table, 0.0))) + " |");
    }
    line("");
    line("Command: `" + runs.get(365).get(0).commandLine() + "`.");
    line("");
  }

  private void target(String what, double millis, double targetMillis) {
    if (millis > targetMillis) {
      missed.add(what + " took " + Stats.s(millis) + " s (target ≤ " + Stats.s(targetMillis) + " s)");
    }
  }

  private String[] runArguments(Path lake, Path data) {
    return new String[] {"run", "--date", date.toString(), "--lake", lake.toString(), "--data-dir", data.toString()};
  }

  // ------------------------------------------------------------------ (e) versions side by side

  /**
   * The same commands with each jar of --versions, interleaved round by round, so that every
   * before/after figure comes from one run on one machine: kpi --version, kpi status and kpi run
   * on a warehouse of the year, and the year's backfill (--force).
   */
  private void versions() throws Exception {
    System.err.println("kpi-bench: (e) versions side by side");
    Path lake = lake(365);
    LocalDate from = date.minusDays(364);
    Map<String, Path> data = new LinkedHashMap<>();
    for (Variant variant : variants) {
      variant.train(work, date);
      Path dir = work.resolve("versions-" + variant.name);
      deleteRecursively(dir);
      kpi(variant, "backfill 365 days, empty warehouse (" + variant.name + ")", "versions first backfill " + variant.name,
          "backfill", "--from", from.toString(), "--to", date.toString(), "--lake", lake.toString(), "--data-dir", dir.toString());
      kpi(variant, "run --date, 365 days of history (" + variant.name + ")", "versions warm run " + variant.name, runArguments(lake, dir));
      data.put(variant.name, dir);
    }
    Map<String, Map<String, List<JavaProcess.Run>>> runs = new LinkedHashMap<>();
    Map<String, List<LedgerTimes>> backfills = new LinkedHashMap<>();
    List<String> commands = List.of("version", "status", "run", "backfill");
    for (int r = 1; r <= repeats; r++) {
      for (Variant variant : variants) {
        Path dir = data.get(variant.name);
        Map<String, List<JavaProcess.Run>> mine = runs.computeIfAbsent(variant.name, k -> new LinkedHashMap<>());
        mine.computeIfAbsent("version", k -> new ArrayList<>()).add(kpi(variant, "kpi --version (" + variant.name + ")", "versions version " + variant.name + " " + r, "--version"));
        mine.computeIfAbsent("status", k -> new ArrayList<>())
            .add(kpi(variant, "kpi status, 365 days of history (" + variant.name + ")", "versions status " + variant.name + " " + r, "status", "--data-dir", dir.toString()));
        mine.computeIfAbsent("run", k -> new ArrayList<>())
            .add(kpi(variant, "run --date, 365 days of history (" + variant.name + ")", "versions run " + variant.name + " " + r, runArguments(lake, dir)));
        if (r <= backfillRepeats) {
          mine.computeIfAbsent("backfill", k -> new ArrayList<>())
              .add(kpi(variant, "backfill 365 days --force (" + variant.name + ")", "versions backfill " + variant.name + " " + r,
                  "backfill", "--from", from.toString(), "--to", date.toString(), "--force", "--lake", lake.toString(), "--data-dir", dir.toString()));
          backfills.computeIfAbsent(variant.name, k -> new ArrayList<>()).add(LedgerTimes.latest(dir));
        }
      }
    }
    line("## (e) Versions side by side");
    line("");
    line("The same commands with each jar, in new JVMs started as `./kpi` starts them, interleaved round by round (" + repeats + " rounds; the backfill in the first "
        + Math.min(repeats, backfillRepeats) + "): `kpi --version`, `kpi status` and `kpi run --date " + date + "` on a warehouse of the year, and `kpi backfill` of the year with --force. "
        + "Lake: " + lakeDescription(365) + ". Medians; CPU time is the whole process's, all threads.");
    line("");
    line("| jar | starts with | --version (s) | status (s) | run (s) | run CPU (s) | backfill (s) | backfill CPU (s) | backfill: before the first build (s) | backfill: fct_order_items (s) | other programs (max, cores) |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Variant variant : variants) {
      Map<String, List<JavaProcess.Run>> mine = runs.get(variant.name);
      List<JavaProcess.Run> all = new ArrayList<>();
      commands.forEach(c -> all.addAll(mine.get(c)));
      List<LedgerTimes> ledgers = backfills.get(variant.name);
      line("| " + variant.name + " | " + variant.describe() + " | " + Stats.s(wall(mine.get("version")).median) + " | " + Stats.s(wall(mine.get("status")).median) + " | "
          + Stats.s(wall(mine.get("run")).median) + " | " + Stats.s(cpu(mine.get("run")).median) + " | " + Stats.s(wall(mine.get("backfill")).median) + " | "
          + Stats.s(cpu(mine.get("backfill")).median) + " | " + Stats.s(median(ledgers, l -> l.beforeBuildsMillis)) + " | "
          + Stats.s(median(ledgers, l -> l.builds.getOrDefault("warehouse.fct_order_items", 0.0))) + " | " + cores(all) + " |");
    }
    line("");
    line("Jars: " + variants.stream().map(v -> "`" + v.name + "` " + v.jar).collect(Collectors.joining("; ")) + ".");
    line("");
  }

  // ------------------------------------------------------------------ (f) ten times the data

  /**
   * The year's backfill and a daily run on a lake {@code --scale-factor} times the default volume,
   * beside the same at the default volume, both with DuckDB's memory bounded by --memory-limit.
   */
  private void scale() throws Exception {
    System.err.println("kpi-bench: (f) " + scaleFactor + " times the data");
    LocalDate from = date.minusDays(364);
    double bigScale = scale * scaleFactor;
    String bigName = "lake-365-x" + scaleFactor;
    Map<String, Path> lakes = new LinkedHashMap<>();
    lakes.put("lake-365", lake(365));
    lakes.put(bigName, lake(365, bigScale, bigName));
    Map<String, Path> data = new LinkedHashMap<>();
    Map<String, JavaProcess.Run> first = new LinkedHashMap<>();
    for (String name : lakes.keySet()) {
      Path dir = work.resolve("data-scale-" + name);
      deleteRecursively(dir);
      data.put(name, dir);
      first.put(name, kpi("backfill 365 days, empty warehouse, " + name + ", --memory-limit " + memoryLimit, "scale first backfill " + name,
          "backfill", "--from", from.toString(), "--to", date.toString(), "--lake", lakes.get(name).toString(), "--data-dir", dir.toString(), "--memory-limit", memoryLimit));
    }
    int rounds = Math.min(backfillRepeats, 3);
    Map<String, List<JavaProcess.Run>> backfills = new LinkedHashMap<>();
    Map<String, List<JavaProcess.Run>> daily = new LinkedHashMap<>();
    Map<String, List<LedgerTimes>> ledgers = new LinkedHashMap<>();
    for (int r = 1; r <= rounds; r++) {
      for (String name : lakes.keySet()) {
        backfills.computeIfAbsent(name, k -> new ArrayList<>()).add(
            kpi("backfill 365 days --force, " + name + ", --memory-limit " + memoryLimit, "scale backfill " + name + " " + r,
                "backfill", "--from", from.toString(), "--to", date.toString(), "--force", "--lake", lakes.get(name).toString(), "--data-dir", data.get(name).toString(),
                "--memory-limit", memoryLimit));
        ledgers.computeIfAbsent(name, k -> new ArrayList<>()).add(LedgerTimes.latest(data.get(name)));
      }
    }
    for (int r = 1; r <= repeats; r++) {
      for (String name : lakes.keySet()) {
        List<String> arguments = new ArrayList<>(List.of(runArguments(lakes.get(name), data.get(name))));
        arguments.addAll(List.of("--memory-limit", memoryLimit));
        daily.computeIfAbsent(name, k -> new ArrayList<>()).add(
            kpi("run --date, 365 days of history, " + name + ", --memory-limit " + memoryLimit, "scale run " + name + " " + r, arguments.toArray(String[]::new)));
      }
    }
    JavaProcess.Run idle = kpi("kpi status, " + bigName, "scale status " + bigName, "status", "--data-dir", data.get(bigName).toString());
    line("## (f) " + scaleFactor + " times the data, DuckDB's memory bounded");
    line("");
    line("Two lakes of the year, at the default volume and at " + scaleFactor + " times it: " + lakeDescription(365, scale, "lake-365") + "; and "
        + lakeDescription(365, bigScale, bigName) + ". Every command with `--memory-limit " + memoryLimit + "` (DuckDB spills what does not fit into the data folder's spill/). "
        + "A first backfill into an empty warehouse, then " + rounds + " backfills with --force and " + repeats + " daily runs (`kpi run --date " + date + "`) per lake, interleaved.");
    line("");
    line("| lake | order items | first backfill (s) | backfill --force (median, s) | its CPU (s) | its peak RSS | run --date (median, s) | its peak RSS | other programs (max, cores) |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String name : lakes.keySet()) {
      List<JavaProcess.Run> all = new ArrayList<>(backfills.get(name));
      all.addAll(daily.get(name));
      all.add(first.get(name));
      long rss = Math.max(max(backfills.get(name), "rssPeak"), first.get(name).memory("rssPeak"));
      line("| " + name + " | " + String.format(Locale.ROOT, "%,d", lakeRows.get(name).get("order_items")) + " | " + Stats.s(first.get(name).wallMillis) + " | "
          + Stats.s(wall(backfills.get(name)).median) + " | " + Stats.s(cpu(backfills.get(name)).median) + " | " + Stats.mib(rss) + " | "
          + Stats.s(wall(daily.get(name)).median) + " | " + Stats.mib(max(daily.get(name), "rssPeak")) + " | " + cores(all) + " |");
    }
    line("");
    double ratio = wall(backfills.get(bigName)).median / wall(backfills.get("lake-365")).median;
    double rows = (double) lakeRows.get(bigName).get("order_items") / lakeRows.get("lake-365").get("order_items");
    boolean met = ratio <= scaleFactor + 1;
    line("**Backfill at " + scaleFactor + "× ÷ at 1×: " + Stats.ratio(ratio) + "** wall-clock for " + String.format(Locale.ROOT, "%.1f", rows) + " times the order items (target ≤ "
        + (scaleFactor + 1) + "×: " + (met ? "met" : "**missed**") + "); the first backfill " + Stats.ratio(first.get(bigName).wallMillis / first.get("lake-365").wallMillis)
        + "; the daily run " + Stats.ratio(wall(daily.get(bigName)).median / wall(daily.get("lake-365")).median) + ".");
    line("");
    line("Memory: the peak resident memory of the process is the JVM (heap, code, DuckDB's library: " + Stats.mib(idle.memory("rssPeak"))
        + " for `kpi status` on the large warehouse) plus DuckDB's own memory, which --memory-limit bounds to " + memoryLimit + ".");
    line("");
    line("Where a backfill at " + scaleFactor + "× spends its time (median, s): before the first build " + Stats.s(median(ledgers.get(bigName), l -> l.beforeBuildsMillis))
        + ", " + ledgers.get(bigName).get(0).builds.keySet().stream().map(t -> t + " " + Stats.s(median(ledgers.get(bigName), l -> l.builds.getOrDefault(t, 0.0)))).collect(Collectors.joining(", "))
        + "; at 1×: before the first build " + Stats.s(median(ledgers.get("lake-365"), l -> l.beforeBuildsMillis)) + ", "
        + ledgers.get("lake-365").get(0).builds.keySet().stream().map(t -> t + " " + Stats.s(median(ledgers.get("lake-365"), l -> l.builds.getOrDefault(t, 0.0)))).collect(Collectors.joining(", ")) + ".");
    line("");
    if (!met) {
      missed.add("(f) the backfill at " + scaleFactor + "× the data took " + Stats.ratio(ratio) + " the time at 1× (target ≤ " + (scaleFactor + 1) + "×)");
    }
  }

  // ------------------------------------------------------------------ (d) memory

  private void memoryTable() {
    line("## (d) Memory of the measured JVMs (-Xmx" + heap + ")");
    line("");
    line("Recorded by `PeakMemoryAgent` (this jar as `-javaagent`): the peak heap in use (just before a collection, or at exit), the peak live heap (just after a collection), "
        + "and the process's peak resident memory (VmHWM), which includes DuckDB's native memory — outside the Java heap, bounded by DuckDB's own memory_limit, not by -Xmx. Maximum over the runs of each kind.");
    line("");
    line("| JVM | runs | all succeeded | peak heap used | peak live heap | peak RSS (heap + DuckDB) | GCs (max) |");
    line("|---|---:|---|---:|---:|---:|---:|");
    boolean allOk = true;
    for (Map.Entry<String, List<JavaProcess.Run>> kind : memory.entrySet()) {
      List<JavaProcess.Run> runs = kind.getValue();
      boolean ok = runs.stream().allMatch(JavaProcess.Run::succeeded);
      allOk &= ok;
      line("| " + kind.getKey() + " | " + runs.size() + " | " + (ok ? "yes" : "**no**") + " | " + Stats.mib(max(runs, "heapPeakUsed")) + " | "
          + (max(runs, "gcCount") == 0 ? "(no GC)" : Stats.mib(max(runs, "heapPeakLive"))) + " | " + Stats.mib(max(runs, "rssPeak")) + " | " + max(runs, "gcCount") + " |");
    }
    line("");
    if (!allOk) {
      missed.add("(d) a measured JVM failed with -Xmx" + heap);
    }
  }

  private static long max(List<JavaProcess.Run> runs, String key) {
    return runs.stream().mapToLong(r -> r.memory(key)).max().orElse(-1);
  }

  // ------------------------------------------------------------------ helpers

  private static Stats cpu(List<JavaProcess.Run> runs) {
    return Stats.of(runs.stream().map(JavaProcess.Run::cpuMillis).collect(Collectors.toList()));
  }

  /** The most cores other programs kept busy during one of the runs. */
  private static String cores(List<JavaProcess.Run> runs) {
    return String.format(Locale.ROOT, "%.2f", runs.stream().mapToDouble(r -> r.otherCores).max().orElse(0));
  }

  private static Stats wall(List<JavaProcess.Run> runs) {
    return Stats.of(runs.stream().map(r -> r.wallMillis).collect(Collectors.toList()));
  }

  private static <T> double median(List<T> items, ToDoubleFunction<T> value) {
    return Stats.of(items.stream().map(i -> value.applyAsDouble(i)).collect(Collectors.toList())).median;
  }

  private static double medianOfMaps(List<Map<String, Double>> maps, String key) {
    return Stats.of(maps.stream().map(m -> m.getOrDefault(key, 0.0)).collect(Collectors.toList())).median;
  }

  /** The {@code timing <step> <ms>} lines HandWrittenMarts prints. */
  private static Map<String, Double> timings(Path log) throws IOException {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (l.startsWith("timing ")) {
        String[] parts = l.split(" ");
        out.put(parts[1], Double.parseDouble(parts[2]));
      }
    }
    return out;
  }

  private void line(String text) {
    report.append(text).append('\n');
    System.out.println(text);
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
            Files.delete(directory);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
