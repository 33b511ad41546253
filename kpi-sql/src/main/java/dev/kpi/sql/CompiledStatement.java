package dev.kpi.sql;

import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.PlanStep;
import java.util.List;
import java.util.Optional;

/** A step of the plan with its SQL in one dialect. */
public final class CompiledStatement {
  private final PlanStep step;
  private final List<String> statements;
  private final boolean needsOneTransaction;
  private final Optional<TableDdl> table;
  private final Optional<String> query;

  CompiledStatement(
      PlanStep step,
      List<String> statements,
      boolean needsOneTransaction,
      Optional<TableDdl> table,
      Optional<String> query) {
    this.step = step;
    this.statements = List.copyOf(statements);
    this.needsOneTransaction = needsOneTransaction;
    this.table = table;
    this.query = query;
  }

  /** For CREATE steps: the table's columns and layout, to compare with an existing table. */
  public Optional<TableDdl> table() {
    return table;
  }

  /**
   * For BUILD steps: the SELECT that computes the new rows, exactly as inside the INSERT (for
   * tests that run it on another engine, and for reading a table's would-be content).
   */
  public Optional<String> query() {
    return query;
  }

  public PlanStep step() {
    return step;
  }

  /**
   * The statements to run, in order, exactly as they run: dates are the step's parameters,
   * never in the text. One script on BigQuery; on DuckDB a CREATE and its COMMENTs, or a DELETE
   * and its INSERT.
   */
  public List<String> statements() {
    return statements;
  }

  /** Whether the caller must run {@link #statements()} in one transaction to keep the step atomic. */
  public boolean needsOneTransaction() {
    return needsOneTransaction && statements.size() > 1;
  }

  /** All statements as one text, as golden files and {@code kpi compile} write it. */
  public String sql() {
    return String.join("\n", statements);
  }

  /** {@code layer/table.kind.sql}: where golden files and compiled output keep it. */
  public String relativePath() {
    return step.table().layer().lowerName() + "/" + step.table().name() + "." + step.kind().lowerName() + ".sql";
  }

  @Override
  public String toString() {
    return step.id();
  }
}
