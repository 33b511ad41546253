package dev.kpi.runtime.cli;

import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.duckdb.EmbeddedRunner;
import dev.kpi.runtime.duckdb.EmbeddedWarehouse;
import dev.kpi.runtime.lake.LakeFiles;
import dev.kpi.runtime.lake.LakeSource;
import dev.kpi.runtime.lake.SampleLake;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What a command that runs on the embedded warehouse needs: the catalog, the lake (checked
 * against the contract before anything is written), and the opened warehouse with the lake
 * attached.
 */
final class Workspace implements AutoCloseable {
  private final LoadedCatalog catalog;
  private final EmbeddedWarehouse warehouse;
  private final CommandHint hint;

  private Workspace(LoadedCatalog catalog, EmbeddedWarehouse warehouse, CommandHint hint) {
    this.catalog = catalog;
    this.warehouse = warehouse;
    this.hint = hint;
  }

  /**
   * Loads the catalog, finds and checks the lake (generating the sample lake when none is given
   * and none exists yet, covering {@code from}..{@code to}), then opens the warehouse.
   */
  static Workspace open(EmbeddedOptions options, LocalDate from, LocalDate to, PrintStream log) {
    LoadedCatalog catalog = Catalogs.load();
    Path lakeDir = options.lake != null ? options.lake : sampleLake(options.dataDir, from, to, log);
    LakeFiles lakeFiles = new LakeFiles();
    List<LakeSource> sources = lakeFiles.discover(lakeDir, catalog.catalog().lakeTables());
    // Checked on a throwaway in-memory engine: a bad lake fails before the warehouse is touched.
    try (Connection scratch = DriverManager.getConnection("jdbc:duckdb:")) {
      lakeFiles.check(scratch, sources, catalog.catalog().lakeTables());
    } catch (SQLException e) {
      throw new KpiException("cannot start DuckDB to read the lake: " + e.getMessage(), e);
    }
    EmbeddedWarehouse warehouse = EmbeddedWarehouse.open(options.dataDir, catalog);
    try {
      try (Statement statement = warehouse.connection().createStatement()) {
        // Casts between TIMESTAMP and TIMESTAMPTZ use the session zone: make it UTC everywhere.
        statement.execute("SET TimeZone = 'UTC'");
      }
      lakeFiles.attach(warehouse.connection(), sources, catalog.catalog().lakeTables());
      return new Workspace(catalog, warehouse, options.hint());
    } catch (SQLException | RuntimeException e) {
      warehouse.close();
      if (e instanceof KpiException) {
        throw (KpiException) e;
      }
      throw new KpiException("cannot prepare the embedded warehouse: " + e.getMessage(), e);
    }
  }

  /** Opens the warehouse without touching the lake (for commands that only read). */
  static Workspace openForReading(EmbeddedOptions options) {
    LoadedCatalog catalog = Catalogs.load();
    return new Workspace(catalog, EmbeddedWarehouse.openExisting(options.dataDir, catalog), options.hint());
  }

  private static Path sampleLake(Path dataDir, LocalDate from, LocalDate to, PrintStream log) {
    Path dir = dataDir.resolve("sample-lake");
    Optional<SampleLake> existing = SampleLake.readManifest(dir);
    if (existing.isPresent()) {
      SampleLake sample = existing.get();
      if (from.isBefore(sample.from()) || to.isAfter(sample.to())) {
        log.println(
            "kpi: note: the sample lake in " + dir + " covers " + sample.from() + " to " + sample.to()
                + "; dates outside it have no orders (regenerate it with: kpi sample-lake --out " + dir + " --from ... --to ...)");
      }
      return dir;
    }
    // A year of history before the first date asked for, so rolling windows and week-on-week
    // comparisons have data.
    LocalDate start = from.minusYears(1).withDayOfMonth(1);
    SampleLake sample = SampleLake.of(start, to, 1.0, SampleLake.DEFAULT_SEED);
    log.println("kpi: no --lake given: generating a sample lake of the shop (" + start + " to " + to + ") in " + dir);
    sample.writeTo(dir);
    return dir;
  }

  /** The marts' rows, read back from the embedded warehouse. */
  dev.kpi.runtime.report.MartRows martRows() {
    return new dev.kpi.runtime.duckdb.EmbeddedMartRows(warehouse.connection(), new dev.kpi.runtime.ledger.Ledger(warehouse.ledger()), hint);
  }

  /** How messages write the kpi commands they suggest for this invocation. */
  CommandHint hint() {
    return hint;
  }

  /** The runner of this warehouse, logging to {@code log}. */
  EmbeddedRunner runner(PrintStream log) {
    return new EmbeddedRunner(warehouse, catalog, log, hint);
  }

  LoadedCatalog catalog() {
    return catalog;
  }

  EmbeddedWarehouse warehouse() {
    return warehouse;
  }

  @Override
  public void close() {
    warehouse.close();
  }
}
