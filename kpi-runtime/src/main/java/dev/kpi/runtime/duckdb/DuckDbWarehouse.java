package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.BuildPlanner;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.lake.LakeSource;
import dev.kpi.runtime.ledger.Ledger;
import dev.kpi.runtime.report.MartRows;
import dev.kpi.runtime.warehouse.Answer;
import dev.kpi.runtime.warehouse.BuildReport;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.warehouse.LakeRecord;
import dev.kpi.runtime.warehouse.LakeQueries;
import dev.kpi.runtime.warehouse.LakeScope;
import dev.kpi.runtime.warehouse.ReadQuery;
import dev.kpi.runtime.warehouse.RunJournal;
import dev.kpi.runtime.warehouse.StatementCost;
import dev.kpi.runtime.warehouse.Warehouse;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.plan.Layer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.exception.DataAccessException;

/**
 * The embedded adapter of the {@link Warehouse} port: one DuckDB file in the data folder
 * ({@link EmbeddedWarehouse}), the lake's files attached as views ({@link EmbeddedLake}), the
 * ledger in the same database (jOOQ, {@link Ledger}). Every build is one transaction — its
 * DELETE, its INSERT and the ledger's record of the dates — so a date is either fully old or
 * fully new, whatever happens to the process.
 */
final class DuckDbWarehouse implements Warehouse {
  /**
   * The lake a building command attached: its folder and each table's files.
   *
   * @param newFolder whether this command created the warehouse: then, if nothing was built when
   *     it closes (a bad lake on a first run), the warehouse is removed again
   */
  record Lake(String folder, List<LakeSource> sources, boolean newFolder) {}

  static final String NO_DRY_RUN = "--dry-run is for --target bigquery; the embedded warehouse runs and rolls back locally";

  private final EmbeddedWarehouse warehouse;
  private final LoadedCatalog catalog;
  private final CommandHint hint;
  /** Null for a command that only reads the warehouse. */
  private final Lake lake;
  private final Ledger ledger;
  private final DuckDbDialect dialect = DuckDbDialect.standard();
  /** Whether a build committed (a new folder that built nothing is removed on close). */
  private boolean built;

  DuckDbWarehouse(EmbeddedWarehouse warehouse, LoadedCatalog catalog, CommandHint hint, Lake lake) {
    this.warehouse = warehouse;
    this.catalog = catalog;
    this.hint = hint;
    this.lake = lake;
    this.ledger = new Ledger(warehouse.ledger());
  }

  @Override
  public SqlDialect dialect() {
    return dialect;
  }

  /** The lake contract's queries run on the views of the lake files attached to the warehouse. */
  @Override
  public LakeQueries lakeQueries() {
    if (lake == null) {
      throw new IllegalStateException("this command opened the embedded warehouse without a lake");
    }
    return new EmbeddedLakeQueries(warehouse.connection(), lake.sources());
  }

  /** Creates missing tables and aligns existing ones with their definitions. */
  @Override
  public int prepare(List<CompiledStatement> creates, boolean dryRun) {
    if (dryRun) {
      throw KpiException.usage(NO_DRY_RUN);
    }
    SchemaSync sync = new SchemaSync(warehouse.connection(), dialect, hint);
    int changed = 0;
    for (CompiledStatement statement : creates) {
      if (statement.step().table().layer() == Layer.LAKE && catalog.lakeMigrations().isPresent()) {
        continue; // created by the lake's own migration
      }
      try {
        if (statement.step().table().layer() == Layer.LAKE) {
          execute("CREATE SCHEMA IF NOT EXISTS lake");
        }
        SchemaSync.Change change = sync.sync(statement.table().orElseThrow(), statement.statements(), line -> System.err.println("kpi: " + line));
        if (change == SchemaSync.Change.RECREATED) {
          ledger.forgetTable(statement.step().table().toString());
        }
        if (change != SchemaSync.Change.NONE) {
          changed++;
        }
      } catch (SQLException e) {
        throw new KpiException("creating " + statement.step().table() + " failed: " + e.getMessage(), e);
      }
    }
    return changed;
  }

  /** The most dates one statement of a warehouse table's build replaces under a memory limit (see {@link #slices}). */
  static final int SLICE_DAYS = 31;

  /**
   * The parts of a build's window its statements run on, in one transaction. Under a memory
   * limit, a warehouse table (the fact, read from the lake) is built a month at a time: the join
   * of a year of order lines with a year of orders needs a hash table of every order, which at
   * ten times the default volume does not fit 2 GB and spills, while a month's does (a third
   * less time; docs/benchmarks.md). Without a limit the window is built whole, which is faster
   * while it fits (a month at a time costs a fifth more at the default volume: every part reads
   * the small tables again). Both write the same rows only where a fact's dates are built from
   * the lake rows of those dates alone: a table the fact also reads by range (alsoPrunedBy) must
   * have a lake rule, as an error, that puts its rows on their parent's business date (the
   * shop's order items on their order's); otherwise a line on another date than its order would
   * count in a whole window and not across two months, and the window is built whole.
   */
  static List<DateWindow> slices(CompiledStatement step, DateWindow window, DuckDbMemory memory, dev.kpi.model.catalog.Catalog catalog) {
    if (window == null || memory.limit().isEmpty() || step.step().table().layer() != Layer.WAREHOUSE || !datesStandAlone(step, catalog)) {
      return java.util.Collections.singletonList(window);
    }
    List<DateWindow> slices = new java.util.ArrayList<>();
    for (LocalDate start = window.start(); !start.isAfter(window.end()); start = start.plusDays(SLICE_DAYS)) {
      LocalDate end = start.plusDays(SLICE_DAYS - 1L);
      slices.add(DateWindow.of(start, end.isAfter(window.end()) ? window.end() : end));
    }
    return slices;
  }

  /** Whether every table the fact reads by a second timestamp is tied to its parent's dates by an error rule. */
  private static boolean datesStandAlone(CompiledStatement step, dev.kpi.model.catalog.Catalog catalog) {
    Optional<dev.kpi.model.warehouse.WarehouseTable> table = catalog.findWarehouseTable(step.step().table().name());
    if (table.isEmpty()) {
      return false;
    }
    for (dev.kpi.model.expr.Expr.ColumnRef pruned : table.get().alsoPrunedBy()) {
      boolean tied =
          catalog.findLakeTable(pruned.table()).stream()
              .flatMap(t -> t.rules().stream())
              .anyMatch(
                  rule -> rule instanceof dev.kpi.model.lake.LakeRule.OnBusinessDateOf
                      && rule.column().equals(pruned.column())
                      && rule.severity() == dev.kpi.model.lake.Severity.ERROR);
      if (!tied) {
        return false;
      }
    }
    return true;
  }

  private void execute(String sql) throws SQLException {
    try (var statement = warehouse.connection().createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public Map<String, Map<LocalDate, BuiltDate>> builtDates() {
    return ledger.allBuiltDates();
  }

  @Override
  public BuildReport build(BuildPlanner.Build build, String runId, LocalDate runDate, LakeRecord lake) {
    CompiledStatement step = build.step();
    DateWindow window = build.window();
    String table = step.step().table().toString();
    String fingerprint = build.fingerprint();
    Connection connection = warehouse.connection();
    long buildId = ledger.startBuild(runId, table, window, fingerprint);
    long rows = 0;
    try {
      connection.setAutoCommit(false);
      for (DateWindow slice : slices(step, window, warehouse.memory(), catalog.catalog())) {
        long sliceRows = 0;
        for (String sql : step.statements()) {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int parameters = statement.getParameterMetaData().getParameterCount();
            if (parameters >= 1) {
              statement.setObject(1, slice.start());
            }
            if (parameters >= 2) {
              statement.setObject(2, slice.end());
            }
            // The INSERT comes last: its count is the number of rows the build wrote.
            sliceRows = statement.executeUpdate();
          }
        }
        rows += sliceRows;
      }
      if (window != null) {
        ledger.recordDates(table, window, fingerprint, runId, lake);
      }
      // In the same transaction as the rows: a kill can never leave a build whose rows and
      // dates committed marked 'running' (the next run would call it abandoned).
      ledger.finishBuild(buildId, rows, Ledger.SUCCEEDED, null);
      connection.commit();
      built = true;
    } catch (SQLException | DataAccessException e) {
      rollback(connection);
      String what = "building " + table + (window == null ? "" : " for " + window) + " failed: " + e.getMessage();
      ledger.finishBuild(buildId, 0, Ledger.FAILED, what);
      boolean memory = e instanceof SQLException && dev.kpi.runtime.lake.DuckDbErrors.isOutOfMemory((SQLException) e);
      throw new KpiException(what + (memory ? "; " + dev.kpi.runtime.lake.DuckDbErrors.MORE_MEMORY : "") + "; the table was left as it was before this build", e);
    } finally {
      autoCommit(connection);
    }
    return BuildReport.rows(table, window, rows);
  }

  @Override
  public List<StatementCost> estimate(List<BuildPlanner.Build> builds, LakeScope lake, LocalDate runDate) {
    throw KpiException.usage(NO_DRY_RUN);
  }

  @Override
  public RunJournal runs() {
    return new RunJournal() {
      @Override
      public int abandonUnfinished() {
        return ledger.abandonUnfinished();
      }

      @Override
      public String start(String command) {
        return ledger.startRun(command, lake == null ? null : lake.folder());
      }

      @Override
      public void finish(String runId, boolean succeeded, String message) {
        ledger.finishRun(runId, succeeded ? Ledger.SUCCEEDED : Ledger.FAILED, message);
      }

      @Override
      public List<String> interrupted() {
        return ledger.interruptedRuns();
      }

      @Override
      public Optional<RunJournal.FailedRun> lastFailure() {
        return ledger.lastFailure();
      }
    };
  }

  @Override
  public MartRows martRows() {
    return new EmbeddedMartRows(warehouse.connection(), ledger, hint);
  }

  @Override
  public Answer read(ReadQuery query) {
    return EmbeddedReads.read(warehouse.connection(), query);
  }

  /** The embedded warehouse reads local files and bills nothing: there is no dry run to ask. */
  @Override
  public Optional<Long> bytesToRead(ReadQuery query) {
    return Optional.empty();
  }

  @Override
  public void close() {
    if (lake != null && lake.newFolder() && !built) {
      warehouse.closeAndRemove();
    } else {
      warehouse.close();
    }
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
