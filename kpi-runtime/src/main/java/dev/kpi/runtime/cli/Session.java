package dev.kpi.runtime.cli;

import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.Runner;
import dev.kpi.runtime.report.MartRows;
import dev.kpi.runtime.slack.SummaryReader;
import dev.kpi.runtime.warehouse.Warehouse;
import java.io.PrintStream;
import java.time.LocalDate;

/** What a command works with: the catalog, the chosen warehouse opened, and the runner over it. */
final class Session implements AutoCloseable {
  private final LoadedCatalog catalog;
  private final Warehouse warehouse;
  private final Runner runner;
  private final CommandHint hint;

  private Session(LoadedCatalog catalog, Warehouse warehouse, CommandHint hint, PrintStream log) {
    this.catalog = catalog;
    this.warehouse = warehouse;
    this.hint = hint;
    this.runner = new Runner(warehouse, catalog, log, hint);
  }

  /**
   * Opens the chosen warehouse for builds of {@code from}..{@code to} (the lake found and its
   * columns checked before anything is written).
   */
  static Session building(TargetChoice target, LocalDate from, LocalDate to, PrintStream log) {
    return open(target, Catalogs.load(), from, to, log);
  }

  /** As {@link #building}, with the catalog already loaded. */
  static Session building(TargetChoice target, LoadedCatalog catalog, LocalDate from, LocalDate to, PrintStream log) {
    return open(target, catalog, from, to, log);
  }

  /** Opens the chosen warehouse for a command that only reads it. */
  static Session reading(TargetChoice target, PrintStream log) {
    return open(target, Catalogs.load(), null, null, log);
  }

  /** As {@link #reading(TargetChoice, PrintStream)}, with the catalog already loaded. */
  static Session reading(TargetChoice target, LoadedCatalog catalog, PrintStream log) {
    return open(target, catalog, null, null, log);
  }

  private static Session open(TargetChoice target, LoadedCatalog catalog, LocalDate from, LocalDate to, PrintStream log) {
    var opening = target.opening(catalog, from, to, log);
    Warehouse warehouse = target.chosen().open(opening);
    try {
      return new Session(catalog, warehouse, opening.hint(), log);
    } catch (RuntimeException e) {
      warehouse.close();
      throw e;
    }
  }

  LoadedCatalog catalog() {
    return catalog;
  }

  Runner runner() {
    return runner;
  }

  Warehouse warehouse() {
    return warehouse;
  }

  MartRows martRows() {
    return warehouse.martRows();
  }

  SummaryReader summaryReader() {
    return new SummaryReader(martRows(), catalog.catalog(), runner.fingerprints(), hint);
  }

  /** The fingerprint of a mart's current definition, which the ledger's entries are compared with. */
  String currentFingerprint(String mart) {
    return runner.fingerprints().of(dev.kpi.sql.plan.TableRef.of(dev.kpi.sql.plan.Layer.MART, mart));
  }

  CommandHint hint() {
    return hint;
  }

  @Override
  public void close() {
    warehouse.close();
  }
}
