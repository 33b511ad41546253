package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.BuildPlanner;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
  private final String lake;
  private final DuckDbDialect dialect = DuckDbDialect.standard();

  /**
   * @param lake the absolute folder of the lake the runs read, recorded with each run (null
   *     when the runner only reads the warehouse)
   */
  public EmbeddedRunner(EmbeddedWarehouse warehouse, LoadedCatalog catalog, PrintStream log, CommandHint hint, String lake) {
    this.hint = hint;
    this.lake = lake;
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

  /** Plans from the ledger as it is now (each call reads it again). */
  private BuildPlanner planner() {
    return new BuildPlanner(statements, fingerprints, ledger::builtDates);
  }

  /** The daily job (see {@link BuildPlanner#daily}). */
  public List<BuildReport> runDate(LocalDate date) {
    return inRun("run --date " + date, Progress.NONE, () -> planner().daily(date));
  }

  /** Every table for every date of the window (see {@link BuildPlanner#backfill}); resumable. */
  public List<BuildReport> backfill(DateWindow window, boolean force, Progress progress) {
    return inRun(
        "backfill --from " + window.start() + " --to " + window.end() + (force ? " --force" : ""),
        progress,
        () -> planner().backfill(window, force));
  }

  /** Exactly the dates built by an older definition of their table (see {@link #staleDates()}). */
  public List<BuildReport> backfillStale(Progress progress) {
    return inRun("backfill --stale", progress, () -> planner().stale());
  }

  /** Per windowed table, the dates built by another definition than today's. */
  public Map<String, SortedSet<LocalDate>> staleDates() {
    return planner().staleDates();
  }

  /** Every date each windowed table holds. */
  public Map<String, SortedSet<LocalDate>> builtDates() {
    return planner().builtDates();
  }

  // ------------------------------------------------------------------ running

  private List<BuildReport> inRun(String command, Progress progress, Supplier<List<BuildPlanner.Build>> planning) {
    int abandoned = ledger.abandonUnfinished();
    if (abandoned > 0) {
      log.accept(
          "an earlier run was interrupted before it finished; every table it was building was left as it was before, and this run builds what it asks for");
    }
    String runId = ledger.startRun(command, lake);
    // A scheduler's timeout or Ctrl-C stops the JVM between or inside builds; the transaction
    // of the build it was in never commits. Say so, so the log does not just end.
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
      createTables();
      List<BuildPlanner.Build> builds = planning.get();
      List<BuildReport> reports = new ArrayList<>();
      for (int i = 0; i < builds.size(); i++) {
        BuildPlanner.Build build = builds.get(i);
        String what = build.toString();
        current.set("building " + what);
        progress.update(i, builds.size(), what);
        reports.add(build(runId, build.step(), build.window()));
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
