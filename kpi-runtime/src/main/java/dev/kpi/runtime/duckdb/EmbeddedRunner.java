package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.Fingerprints;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.ledger.Ledger;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.StepKind;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.exception.DataAccessException;

/**
 * Runs the catalog's plan on the embedded warehouse: creates what is missing, then builds each
 * table for its window, in dependency order. Every build is one transaction — its DELETE, its
 * INSERT and the ledger's record of the dates — so a date is either fully old or fully new,
 * whatever happens to the process.
 */
public final class EmbeddedRunner {
  private final EmbeddedWarehouse warehouse;
  private final LoadedCatalog catalog;
  private final Consumer<String> log;
  private final List<CompiledStatement> statements;
  private final Fingerprints fingerprints;
  private final Ledger ledger;
  private final CommandHint hint;
  private final DuckDbDialect dialect = DuckDbDialect.standard();

  public EmbeddedRunner(EmbeddedWarehouse warehouse, LoadedCatalog catalog, PrintStream log, CommandHint hint) {
    this.hint = hint;
    this.warehouse = warehouse;
    this.catalog = catalog;
    this.log = line -> log.println("kpi: " + line);
    this.statements = Compiler.forDialect(dialect).compile(catalog.catalog());
    this.fingerprints = new Fingerprints(statements);
    this.ledger = new Ledger(warehouse.ledger());
  }

  public List<CompiledStatement> statements() {
    return statements;
  }

  public Fingerprints fingerprints() {
    return fingerprints;
  }

  public Ledger ledger() {
    return ledger;
  }

  /**
   * The daily job: each table for the run date and its lookback window, after the dates of its
   * history (see {@link dev.kpi.sql.plan.PlanStep#historyDays()}) that are not built yet — so a
   * first run on an empty warehouse gives complete 28-day numbers and week-on-week comparisons.
   */
  public List<BuildReport> runDate(LocalDate date) {
    return inRun(
        "run --date " + date,
        Progress.NONE,
        () -> {
          List<Build> out = new ArrayList<>();
          for (CompiledStatement step : builds()) {
            if (!step.step().isWindowed()) {
              out.add(new Build(step, null));
              continue;
            }
            DateWindow window = DateWindow.endingOn(date, step.step().lookbackDays());
            missingHistory(step, window.start()).forEach(w -> out.add(new Build(step, w)));
            out.add(new Build(step, window));
          }
          return out;
        });
  }

  /** The dates of a step's history before {@code start} that are not built by its current definition. */
  private List<DateWindow> missingHistory(CompiledStatement step, LocalDate start) {
    int history = step.step().historyDays();
    if (history == 0) {
      return List.of();
    }
    String fingerprint = fingerprints.of(step.step().table());
    Map<LocalDate, String> built = ledger.builtDates(step.step().table().toString());
    SortedSet<LocalDate> missing = new TreeSet<>();
    for (LocalDate d = start.minusDays(history); d.isBefore(start); d = d.plusDays(1)) {
      if (!fingerprint.equals(built.get(d))) {
        missing.add(d);
      }
    }
    return DateWindow.covering(missing);
  }

  /**
   * Every table for every date of the window, one set-based build per table and stretch of
   * dates. Without {@code force}, dates already built by the current definition are skipped,
   * so an interrupted backfill resumes where it stopped.
   */
  public List<BuildReport> backfill(DateWindow window, boolean force, Progress progress) {
    return inRun(
        "backfill --from " + window.start() + " --to " + window.end() + (force ? " --force" : ""),
        progress,
        () -> {
          List<Build> out = new ArrayList<>();
          for (CompiledStatement step : builds()) {
            if (!step.step().isWindowed()) {
              out.add(new Build(step, null));
              continue;
            }
            String fingerprint = fingerprints.of(step.step().table());
            Map<LocalDate, String> built = ledger.builtDates(step.step().table().toString());
            SortedSet<LocalDate> todo = new TreeSet<>();
            for (LocalDate date : window.dates()) {
              if (force || !fingerprint.equals(built.get(date))) {
                todo.add(date);
              }
            }
            missingHistory(step, window.start()).forEach(w -> out.add(new Build(step, w)));
            DateWindow.covering(todo).forEach(w -> out.add(new Build(step, w)));
          }
          return out;
        });
  }

  /** Exactly the dates built by an older definition of their table (see {@link #staleDates()}). */
  public List<BuildReport> backfillStale(Progress progress) {
    return inRun(
        "backfill --stale",
        progress,
        () -> {
          List<Build> out = new ArrayList<>();
          Map<String, SortedSet<LocalDate>> stale = staleDates();
          for (CompiledStatement step : builds()) {
            if (!step.step().isWindowed()) {
              out.add(new Build(step, null));
            } else {
              SortedSet<LocalDate> dates = stale.getOrDefault(step.step().table().toString(), new TreeSet<>());
              DateWindow.covering(dates).forEach(w -> out.add(new Build(step, w)));
            }
          }
          return out;
        });
  }

  /**
   * Per windowed table, the dates it holds that were built by another definition than today's
   * (a changed metric, or a changed table it reads).
   */
  public Map<String, SortedSet<LocalDate>> staleDates() {
    Map<String, SortedSet<LocalDate>> out = new java.util.LinkedHashMap<>();
    for (CompiledStatement step : builds()) {
      if (!step.step().isWindowed()) {
        continue;
      }
      String table = step.step().table().toString();
      String fingerprint = fingerprints.of(step.step().table());
      SortedSet<LocalDate> stale =
          ledger.builtDates(table).entrySet().stream()
              .filter(e -> !e.getValue().equals(fingerprint))
              .map(Map.Entry::getKey)
              .collect(Collectors.toCollection(TreeSet::new));
      out.put(table, stale);
    }
    return out;
  }

  /** Every date each windowed table holds. */
  public Map<String, SortedSet<LocalDate>> builtDates() {
    Map<String, SortedSet<LocalDate>> out = new java.util.LinkedHashMap<>();
    for (CompiledStatement step : builds()) {
      if (step.step().isWindowed()) {
        String table = step.step().table().toString();
        out.put(table, new TreeSet<>(ledger.builtDates(table).keySet()));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ running

  private static final class Build {
    final CompiledStatement step;
    final DateWindow window;

    Build(CompiledStatement step, DateWindow window) {
      this.step = step;
      this.window = window;
    }
  }

  private List<BuildReport> inRun(String command, Progress progress, Supplier<List<Build>> planning) {
    int abandoned = ledger.abandonUnfinished();
    if (abandoned > 0) {
      log.accept(
          "an earlier run was interrupted before it finished; every table it was building was left as it was before, and this run builds what it asks for");
    }
    String runId = ledger.startRun(command);
    // A scheduler's timeout or Ctrl-C stops the JVM between or inside builds; the transaction
    // of the build it was in never commits. Say so, so the log does not just end.
    AtomicReference<String> current = new AtomicReference<>("preparing the tables");
    Thread onSignal =
        new Thread(
            () ->
                log.accept(
                    "stopped while "
                        + current.get()
                        + ": a build that had not committed is rolled back, finished builds are kept; the next run or backfill finishes the work"),
            "kpi-stopped");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      createTables();
      List<Build> builds = planning.get();
      List<BuildReport> reports = new ArrayList<>();
      for (int i = 0; i < builds.size(); i++) {
        Build build = builds.get(i);
        String what = build.step.step().table() + (build.window == null ? "" : " " + build.window);
        current.set("building " + what);
        progress.update(i, builds.size(), what);
        reports.add(build(runId, build.step, build.window));
      }
      progress.update(builds.size(), builds.size(), "done");
      ledger.finishRun(runId, Ledger.SUCCEEDED, null);
      return reports;
    } catch (KpiException e) {
      ledger.finishRun(runId, Ledger.FAILED, e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      ledger.finishRun(runId, Ledger.FAILED, String.valueOf(e.getMessage()));
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook says what was stopped.
      }
    }
  }

  private List<CompiledStatement> builds() {
    return statements.stream().filter(s -> s.step().kind() == StepKind.BUILD).collect(Collectors.toList());
  }

  /** Creates missing tables and aligns existing ones with their definitions. */
  private void createTables() {
    SchemaSync sync = new SchemaSync(warehouse.connection(), dialect, hint);
    for (CompiledStatement statement : statements) {
      if (statement.step().kind() != StepKind.CREATE) {
        continue;
      }
      if (statement.step().table().layer() == Layer.LAKE && catalog.lakeMigrations().isPresent()) {
        continue; // created by the lake's own migration
      }
      try {
        if (statement.step().table().layer() == Layer.LAKE) {
          execute("CREATE SCHEMA IF NOT EXISTS lake");
        }
        SchemaSync.Change change = sync.sync(statement.table().orElseThrow(), statement.statements(), log);
        if (change == SchemaSync.Change.RECREATED) {
          ledger.forgetTable(statement.step().table().toString());
        }
      } catch (SQLException e) {
        throw new KpiException("creating " + statement.step().table() + " failed: " + e.getMessage(), e);
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (var statement = warehouse.connection().createStatement()) {
      statement.execute(sql);
    }
  }

  private BuildReport build(String runId, CompiledStatement step, DateWindow window) {
    String table = step.step().table().toString();
    String fingerprint = fingerprints.of(step.step().table());
    Connection connection = warehouse.connection();
    long buildId = ledger.startBuild(runId, table, window, fingerprint);
    long rows = 0;
    try {
      connection.setAutoCommit(false);
      for (String sql : step.statements()) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          int parameters = statement.getParameterMetaData().getParameterCount();
          if (parameters >= 1) {
            statement.setObject(1, window.start());
          }
          if (parameters >= 2) {
            statement.setObject(2, window.end());
          }
          // The INSERT comes last: its count is the number of rows the build wrote.
          rows = statement.executeUpdate();
        }
      }
      if (window != null) {
        ledger.recordDates(table, window, fingerprint, runId);
      }
      // In the same transaction as the rows: a kill can never leave a build whose rows and
      // dates committed marked 'running' (the next run would call it abandoned).
      ledger.finishBuild(buildId, rows, Ledger.SUCCEEDED, null);
      connection.commit();
    } catch (SQLException | DataAccessException e) {
      rollback(connection);
      String what = "building " + table + (window == null ? "" : " for " + window) + " failed: " + e.getMessage();
      ledger.finishBuild(buildId, 0, Ledger.FAILED, what);
      throw new KpiException(what + "; the table was left as it was before this build", e);
    } finally {
      autoCommit(connection);
    }
    return new BuildReport(table, window, rows);
  }

  private static void rollback(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The transaction is gone either way; DuckDB discards uncommitted changes.
    }
  }

  private static void autoCommit(Connection connection) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // Only fails on a closed connection, which the next statement reports.
    }
  }
}
