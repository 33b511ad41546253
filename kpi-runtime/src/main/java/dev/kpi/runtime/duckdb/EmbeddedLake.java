package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.lake.LakeFiles;
import dev.kpi.runtime.lake.LakeSource;
import dev.kpi.runtime.lake.SampleLake;
import dev.kpi.runtime.ledger.Ledger;
import dev.kpi.sql.plan.LakeReads;
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
 * The embedded warehouse's lake: the folder of lake files a command reads (given with --lake,
 * remembered by the data folder, or the sample lake generated into it), checked against the lake
 * contract before anything is written and attached to the warehouse as views.
 */
final class EmbeddedLake {
  private EmbeddedLake() {}

  /**
   * Loads the catalog, finds and checks the lake, then opens the warehouse. The lake is the one
   * given with --lake; without it, the one the data folder was built from; for a new folder, the
   * sample lake (generated once, covering {@code from}..{@code to}). A --lake other than the one
   * the folder was built from is refused (unless {@code --switch-lake}) before anything is
   * generated or read; a bad lake fails before anything is written.
   */
  static DuckDbWarehouse open(
      LoadedCatalog catalog, EmbeddedOptions options, LakeOption lake, LakeSwitchOption lakeSwitch, LocalDate from, LocalDate to, PrintStream log, CommandHint hint) {
    Path sample = options.dataDir.resolve(SAMPLE_LAKE).toAbsolutePath().normalize();
    // The data folder's lock first: two first runs on a new folder cannot mix their lakes (one
    // reading the sample lake the other is still writing).
    boolean created = !EmbeddedWarehouse.exists(options.dataDir);
    EmbeddedWarehouse warehouse = EmbeddedWarehouse.open(options.dataDir, catalog, options.memory());
    try {
      Ledger ledger = new Ledger(warehouse.ledger());
      Optional<String> remembered = ledger.lastLake();
      Path lakeDir;
      if (lake.lake != null) {
        lakeDir = lake.lake.toAbsolutePath().normalize();
        if (remembered.isPresent() && !remembered.get().equals(lakeDir.toString())) {
          switchLake(warehouse, ledger, remembered.get(), lakeDir, hint, lakeSwitch, log);
        }
      } else if (remembered.isPresent()) {
        // The numbers of one warehouse come from one lake: a forgotten --lake reads it again
        // (it used to fall back to the sample lake and mix its numbers in).
        lakeDir = Path.of(remembered.get());
        if (!lakeDir.equals(sample)) {
          log.println("kpi: no --lake given: reading " + lakeDir + ", the lake this data folder was built from");
        }
      } else {
        lakeDir = sample;
      }
      if (lake.lake == null && lakeDir.equals(sample)) {
        sampleLake(lakeDir, from, to, log);
      }
      LakeFiles lakeFiles = new LakeFiles();
      List<LakeSource> sources = lakeFiles.discover(lakeDir, catalog.catalog().lakeTables());
      // The files' columns, types and CSV values, on a throwaway in-memory engine; the contract's
      // rules are checked by the run on the rows its builds read, before anything is written.
      try (Connection scratch = DriverManager.getConnection("jdbc:duckdb:")) {
        lakeFiles.check(scratch, sources, catalog.catalog().lakeTables(), false);
        if (!lakeDir.equals(sample)) {
          noteDatesPastTheLake(scratch, lakeFiles, sources, catalog, to, log);
        }
      } catch (SQLException e) {
        throw new KpiException("cannot start DuckDB to read the lake: " + e.getMessage(), e);
      }
      try (Statement statement = warehouse.connection().createStatement()) {
        // Casts between TIMESTAMP and TIMESTAMPTZ use the session zone: make it UTC everywhere.
        statement.execute("SET TimeZone = 'UTC'");
      }
      lakeFiles.attach(warehouse.connection(), sources, catalog.catalog().lakeTables());
      return new DuckDbWarehouse(warehouse, catalog, hint, new DuckDbWarehouse.Lake(lakeDir.toString(), sources, created));
    } catch (SQLException | RuntimeException e) {
      if (created) {
        warehouse.closeAndRemove();
      } else {
        warehouse.close();
      }
      if (e instanceof KpiException) {
        throw (KpiException) e;
      }
      throw new KpiException("cannot prepare the embedded warehouse: " + e.getMessage(), e);
    }
  }

  private static final String SAMPLE_LAKE = "sample-lake";

  /**
   * A date after the lake's last order has nothing to count: say so, rather than let a run of a
   * date the extract has not reached yet look like a day without sales (the sample lake says the
   * same in its own note).
   */
  private static void noteDatesPastTheLake(
      Connection scratch, LakeFiles lakeFiles, List<LakeSource> sources, LoadedCatalog catalog, LocalDate to, PrintStream log) {
    java.time.ZoneId zone = java.time.ZoneId.of(catalog.catalog().timeZone());
    var rangeColumns = LakeReads.rangeColumns(catalog.catalog());
    for (LakeSource source : sources) {
      String column = rangeColumns.get(source.table());
      if (column == null) {
        continue;
      }
      var table = catalog.catalog().findLakeTable(source.table()).orElseThrow();
      Optional<LocalDate> last = lakeFiles.latest(scratch, source, table, column).map(i -> i.atZone(zone).toLocalDate());
      if (last.isEmpty() || last.get().isBefore(to)) {
        log.println(
            "kpi: note: the lake's " + source.table() + " " + last.map(d -> "end on " + d).orElse("are empty") + " (by " + column
                + ", business dates in " + zone + "), before " + to + ": the dates after it count nothing until the extract delivers them");
      }
    }
  }


  /**
   * The numbers of one warehouse come from one lake: another --lake is refused unless the user
   * says it is meant, and then the dates built from the old one are named with the command that
   * rebuilds them.
   */
  private static void switchLake(
      EmbeddedWarehouse warehouse, Ledger ledger, String built, Path lakeDir, CommandHint hint, LakeSwitchOption lakeSwitch, PrintStream log) {
    String rebuild =
        ledger.builtRange().map(r -> hint.kpi("backfill --from " + r.start() + " --to " + r.end() + " --force")).orElse(hint.kpi("backfill --from ... --to ... --force"));
    if (!lakeSwitch.switchLake) {
      throw KpiException.usage(
          "the data folder " + warehouse.dataDir() + " was built from the lake " + built + ", but this command reads " + lakeDir
              + "; leave out --lake (or pass --lake " + built + ") to go on with it, use another --data-dir for this lake,"
              + " or add --switch-lake to build this folder from it from now on");
    }
    log.println(
        "kpi: switching the data folder " + warehouse.dataDir() + " from the lake " + built + " to " + lakeDir
            + "; the dates built before keep the old lake's numbers until rebuilt: " + rebuild);
  }

  private static Path sampleLake(Path dir, LocalDate from, LocalDate to, PrintStream log) {
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

}
