package dev.kpi.runtime.warehouse;

import dev.kpi.runtime.BuildPlanner;
import dev.kpi.runtime.report.MartRows;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.dialect.SqlDialect;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A warehouse kpi builds on: the port the engine-neutral {@link dev.kpi.runtime.Runner} drives,
 * with one adapter per engine (the embedded DuckDB in this module, BigQuery in kpi-bigquery).
 * Everything an engine does its own way is behind it — how the lake is read and checked, how a
 * table is created or altered, how one build and its ledger entry commit together, where the
 * ledger is — so a guarantee the runner gives (nothing half-written, nothing silently skipped, a
 * re-run that rebuilds) holds on every engine.
 */
public interface Warehouse extends AutoCloseable {
  /** The SQL dialect the catalog's plan is compiled in for this warehouse. */
  SqlDialect dialect();

  /**
   * Runs the lake contract's queries on this warehouse's lake; the engine-neutral {@link
   * dev.kpi.runtime.contract.LakeContractCheck} writes them and reads their answers, so every
   * engine checks the same rules.
   */
  LakeQueries lakeQueries();

  /**
   * Creates the missing tables of the plan's CREATE steps and aligns existing ones with their
   * definitions; a table that cannot be aligned in place is refused with the command that allows
   * it, never dropped implicitly. With {@code dryRun}, changes nothing and logs what it would do.
   * Returns the number of tables created or altered (or that would be).
   */
  int prepare(List<CompiledStatement> creates, boolean dryRun);

  /**
   * The ledger: for each windowed table ("mart.kpi_daily"), what each built date's build recorded
   * (the definition's fingerprint, the lake rows it read, its run's lake warnings).
   */
  Map<String, Map<LocalDate, BuiltDate>> builtDates();

  /**
   * Runs one build and records its dates in the ledger, in one transaction: afterwards the table
   * holds the build's rows and the ledger says so, or neither changed.
   *
   * @param runId the run's id from {@link #runs()}
   * @param runDate the date the run is for (a label on the build, for billing)
   * @param lake what the ledger records with a windowed build's dates besides its definition
   */
  BuildReport build(BuildPlanner.Build build, String runId, LocalDate runDate, LakeRecord lake);

  /**
   * What the builds would process, without running anything: the lake check's statements over
   * {@code lake}, then each build.
   */
  List<StatementCost> estimate(List<BuildPlanner.Build> builds, LakeScope lake, LocalDate runDate);

  /** Where runs are noted. */
  RunJournal runs();

  /** The marts' rows, read back. */
  MartRows martRows();

  /** Runs a SELECT that only reads (a query asked of the KPIs) and returns its rows. */
  Answer read(ReadQuery query);

  /** What the SELECT would process, in bytes, by a dry run; empty where the warehouse bills nothing and cannot say. */
  Optional<Long> bytesToRead(ReadQuery query);

  @Override
  void close();
}
