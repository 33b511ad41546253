package dev.kpi.runtime;

import dev.kpi.model.lake.LakeTable;
import dev.kpi.runtime.contract.LakeCheckResult;
import dev.kpi.runtime.contract.LakeContractCheck;
import dev.kpi.runtime.contract.LakeFinding;
import dev.kpi.runtime.contract.LakeVolume;
import dev.kpi.runtime.contract.ShrinkGuard;
import dev.kpi.runtime.contract.ShrinkPolicy;
import dev.kpi.model.warehouse.WarehouseTable;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.warehouse.LakeRecord;
import dev.kpi.runtime.warehouse.RunJournal;
import dev.kpi.sql.plan.TableRef;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import dev.kpi.runtime.warehouse.BuildReport;
import dev.kpi.runtime.warehouse.LakeScope;
import dev.kpi.runtime.warehouse.Progress;
import dev.kpi.runtime.warehouse.StatementCost;
import dev.kpi.runtime.warehouse.Warehouse;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.plan.StepKind;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs the catalog's plan on a {@link Warehouse}, the same way on every engine: plan from the
 * ledger ({@link BuildPlanner}), check the lake rows the builds read, create or align the tables,
 * then build each table for its dates in dependency order, each build atomic with its ledger
 * entry. A failure stops the run at the build it was in (the builds before it are kept, the one
 * it was in left as it was); a stopped process says where it stopped and how to finish.
 */
public final class Runner {
  private final Warehouse warehouse;
  private final LoadedCatalog catalog;
  private final Consumer<String> log;
  private final CommandHint hint;
  private final List<CompiledStatement> statements;
  private final Fingerprints fingerprints;
  private final Clock clock = Clock.systemUTC();

  public Runner(Warehouse warehouse, LoadedCatalog catalog, PrintStream log, CommandHint hint) {
    this.warehouse = warehouse;
    this.catalog = catalog;
    this.log = line -> log.println("kpi: " + line);
    this.hint = hint;
    this.statements = Compiler.forDialect(warehouse.dialect()).compile(catalog.catalog());
    this.fingerprints = new Fingerprints(statements);
  }

  public List<CompiledStatement> statements() {
    return statements;
  }

  public Fingerprints fingerprints() {
    return fingerprints;
  }

  /** Plans from the ledger as it is now (each call reads it again). */
  private BuildPlanner planner() {
    Map<String, Map<LocalDate, BuiltDate>> built = warehouse.builtDates();
    return new BuildPlanner(statements, fingerprints, table -> built.getOrDefault(table, Map.of()));
  }

  /**
   * The daily job (see {@link BuildPlanner#daily}).
   *
   * @param command the command that asked for it ("run", "daily"), for the run's journal and the
   *     hints that finish or force it
   */
  public List<BuildReport> daily(String command, LocalDate date, ShrinkPolicy shrink, Progress progress) {
    return inRun(command + " --date " + date, date, shrink, progress, () -> planner().daily(date));
  }

  /** Every table for every date of the window (see {@link BuildPlanner#backfill}); resumable. */
  public List<BuildReport> backfill(DateWindow window, boolean force, ShrinkPolicy shrink, Progress progress) {
    return inRun(
        "backfill --from " + window.start() + " --to " + window.end() + (force ? " --force" : ""),
        window.end(),
        shrink,
        progress,
        () -> planner().backfill(window, force));
  }

  /** Exactly the dates built by an older definition of their table (see {@link #staleDates()}). */
  public List<BuildReport> backfillStale(ShrinkPolicy shrink, Progress progress) {
    return inRun("backfill --stale", LocalDate.now(ZoneId.of(catalog.catalog().timeZone())), shrink, progress, () -> planner().stale());
  }

  /**
   * Per windowed table, the dates it holds, those built by another definition than today's and
   * those built before a table it reads rebuilt them; from one read of the ledger.
   */
  public BuildPlanner.Status status() {
    return planner().status();
  }

  /** The latest run, when it failed. */
  public Optional<RunJournal.FailedRun> lastFailure() {
    return warehouse.runs().lastFailure();
  }

  /** The commands of runs that did not finish. */
  public List<String> interruptedRuns() {
    return warehouse.runs().interrupted();
  }

  /**
   * What the daily run of {@code date} would process, without running or changing anything: the
   * lake check and every build, history the ledger lacks included. The log says which tables a
   * run would create or alter first.
   */
  public List<StatementCost> dryRun(LocalDate date) {
    int pending = warehouse.prepare(creates(), true);
    List<BuildPlanner.Build> builds = planner().daily(date);
    try {
      return warehouse.estimate(builds, lakeScope(builds), date);
    } catch (KpiException e) {
      if (pending == 0) {
        throw e;
      }
      // A query is checked against the tables as they are; a new column a real run adds first
      // is not there yet, so point at the changes rather than let this look like a bug.
      throw new KpiException(
          e.getMessage() + "; note: a dry run changes no table, and a run would first create or alter " + pending
              + (pending == 1 ? " table" : " tables") + " (listed above), which this query may need",
          e.exitCode(),
          e.getCause());
    }
  }

  // ------------------------------------------------------------------ running

  private List<BuildReport> inRun(
      String command, LocalDate runDate, ShrinkPolicy shrink, Progress progress, Supplier<List<BuildPlanner.Build>> planning) {
    int abandoned = warehouse.runs().abandonUnfinished();
    if (abandoned > 0) {
      log.accept(
          "an earlier run was interrupted before it finished; every table it was building was left as it was before, and this run builds what it asks for");
    }
    String runId = warehouse.runs().start(command);
    RunContext.started(runId);
    // A scheduler's timeout or Ctrl-C stops the JVM between or inside builds; a build that had
    // not committed never does. Say so, so the log does not just end.
    AtomicReference<String> current = new AtomicReference<>("preparing the tables");
    Thread onSignal =
        new Thread(
            () ->
                log.accept(
                    "stopped while "
                        + current.get()
                        + ": a build that had not committed is rolled back, finished builds are kept; run it again to finish: "
                        + hint.kpi(command)),
            "kpi-stopped");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      List<BuildPlanner.Build> planned = planning.get();
      // The lake rows the builds read are checked, and compared with what the dates they replace
      // read, before anything is created or written.
      Checked checked = null;
      if (!planned.isEmpty()) {
        checked = checkLake(lakeScope(planned));
        guardShrinks(planned, checked.volume(), shrink, command);
      }
      warehouse.prepare(creates(), false);
      // Planned again: a table recreated by prepare lost its dates, so there may be more to
      // build, reading lake rows that were not checked yet.
      List<BuildPlanner.Build> builds = planning.get();
      if (!builds.isEmpty()) {
        LakeScope needed = lakeScope(builds);
        if (checked == null || !needed.within(checked.scope())) {
          checked = checkLake(needed);
          guardShrinks(builds, checked.volume(), shrink, command);
        }
      }
      List<BuildReport> reports = new ArrayList<>();
      for (int i = 0; i < builds.size(); i++) {
        BuildPlanner.Build build = builds.get(i);
        String what = build.toString();
        current.set("building " + what);
        RunContext.building(runId, build.step().step().table().toString());
        progress.update(i, builds.size(), what);
        BuildReport report = warehouse.build(build, runId, runDate, lakeRecord(build, checked));
        log.accept("built " + report);
        reports.add(report);
      }
      progress.update(builds.size(), builds.size(), "done");
      warehouse.runs().finish(runId, true, null);
      RunContext.finished(runId);
      return reports;
    } catch (RuntimeException e) {
      try {
        warehouse.runs().finish(runId, false, e.getMessage() == null ? e.toString() : e.getMessage());
      } catch (RuntimeException recording) {
        // Recording the failure can fail for the same reason (a full disk, a broken connection):
        // the build's own error is what the user must see.
        e.addSuppressed(recording);
      }
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook says what was stopped.
      }
    }
  }

  /** What the run's lake check found: the scope checked, the warnings it passed with (without local paths: they go to Slack), the rows per date. */
  private record Checked(LakeScope scope, List<String> warnings, LakeVolume volume) {}

  /** The warehouse table a build writes, when it reads the lake. */
  private Optional<WarehouseTable> warehouseTable(BuildPlanner.Build build) {
    TableRef table = build.step().step().table();
    return table.layer() == Layer.WAREHOUSE ? catalog.catalog().findWarehouseTable(table.name()) : Optional.empty();
  }

  /**
   * Refuses the run (nothing written) when a warehouse build would replace a date whose lake rows
   * shrank since it was last built, unless the policy accepts it; then says what it replaces.
   */
  private void guardShrinks(List<BuildPlanner.Build> builds, LakeVolume volume, ShrinkPolicy policy, String command) {
    ShrinkGuard guard = policy.guard();
    Map<String, Map<LocalDate, BuiltDate>> ledger = warehouse.builtDates();
    Set<ShrinkGuard.Shrink> shrinks = new LinkedHashSet<>();
    for (BuildPlanner.Build build : builds) {
      Optional<WarehouseTable> table = warehouseTable(build);
      if (build.window() != null && table.isPresent()) {
        shrinks.addAll(
            guard.shrinks(build.window(), ledger.getOrDefault(build.step().step().table().toString(), Map.of()), volume, LakeReads.reads(table.get())));
      }
    }
    if (shrinks.isEmpty()) {
      return;
    }
    if (!policy.accept()) {
      throw new KpiException(guard.refusal(shrinks, hint.kpi(command + " --accept-shrink")));
    }
    shrinks.forEach(s -> log.accept("warning: replacing a date whose lake rows shrank, as --accept-shrink allows: " + s));
  }

  /** What the ledger records with a build's dates: the lake rows a warehouse build read on each, and the run's lake warnings. */
  private LakeRecord lakeRecord(BuildPlanner.Build build, Checked checked) {
    Map<LocalDate, String> rows = new TreeMap<>();
    Optional<WarehouseTable> table = warehouseTable(build);
    LakeVolume volume = checked.volume();
    if (build.window() != null && table.isPresent()) {
      Set<String> reads = LakeReads.reads(table.get());
      for (LocalDate date : build.window().dates()) {
        String read = volume.format(date, reads);
        if (read != null) {
          rows.put(date, read);
        }
      }
    }
    return new LakeRecord(rows, checked.warnings());
  }

  private List<CompiledStatement> creates() {
    return statements.stream().filter(s -> s.step().kind() == StepKind.CREATE).collect(Collectors.toList());
  }

  /**
   * Checks the lake rows {@code scope} covers against the contract ({@link LakeContractCheck}, the
   * same on every engine): fails listing every error (and the warnings with them); otherwise logs
   * each warning. Returns the scope checked and its warnings.
   */
  private Checked checkLake(LakeScope scope) {
    LakeCheckResult result = new LakeContractCheck(catalog.catalog(), warehouse.dialect(), warehouse.lakeQueries(), clock).check(scope);
    if (!result.errors().isEmpty()) {
      throw new KpiException(
          LakeCheckResult.failure(
              "the lake does not match the lake contract; nothing was written", LakeCheckResult.messages(result.errors()), LakeCheckResult.messages(result.warnings())));
    }
    for (LakeFinding warning : result.warnings()) {
      log.accept("warning: " + warning.message());
    }
    Map<String, String> ranged = LakeReads.rangeColumns(catalog.catalog());
    List<String> byRange = scope.tables().stream().filter(ranged::containsKey).collect(Collectors.toList());
    log.accept(
        "checked the lake against the lake contract: " + String.join(", ", scope.tables())
            + (scope.dates() == null || byRange.isEmpty() ? "" : " (" + String.join(", ", byRange) + " on the rows of " + scope.dates() + ")")
            + (result.warnings().isEmpty() ? "" : ", with " + result.warnings().size() + (result.warnings().size() == 1 ? " warning" : " warnings")));
    LakeVolume volume = LakeVolume.read(catalog.catalog(), warehouse.dialect(), warehouse.lakeQueries(), scope, clock);
    return new Checked(scope, result.warnings().stream().map(LakeFinding::problem).collect(Collectors.toList()), volume);
  }

  /**
   * The lake rows {@code builds} read: the business dates of the warehouse builds with a window
   * (the lake tables read by range, on those dates), and the tables read whole.
   */
  private LakeScope lakeScope(List<BuildPlanner.Build> builds) {
    LocalDate first = null;
    LocalDate last = null;
    for (BuildPlanner.Build build : builds) {
      if (build.window() == null || build.step().step().table().layer() != Layer.WAREHOUSE) {
        continue;
      }
      first = first == null || build.window().start().isBefore(first) ? build.window().start() : first;
      last = last == null || build.window().end().isAfter(last) ? build.window().end() : last;
    }
    DateWindow dates = first == null ? null : DateWindow.of(first, last);
    Map<String, String> ranged = LakeReads.rangeColumns(catalog.catalog());
    List<String> tables = new ArrayList<>();
    for (LakeTable table : catalog.catalog().lakeTables()) {
      if (dates != null || !ranged.containsKey(table.name())) {
        tables.add(table.name());
      }
    }
    return new LakeScope(tables, dates);
  }
}
