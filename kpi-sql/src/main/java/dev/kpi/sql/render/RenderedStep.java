package dev.kpi.sql.render;

import dev.kpi.sql.dialect.TableDdl;
import java.util.List;
import java.util.Optional;

/** What rendering a step gives: its statements, and the table layout or query behind them. */
public final class RenderedStep {
  private final List<String> statements;
  private final Optional<TableDdl> table;
  private final Optional<String> query;

  private RenderedStep(List<String> statements, Optional<TableDdl> table, Optional<String> query) {
    this.statements = List.copyOf(statements);
    this.table = table;
    this.query = query;
  }

  static RenderedStep create(List<String> statements, TableDdl table) {
    return new RenderedStep(statements, Optional.of(table), Optional.empty());
  }

  static RenderedStep build(List<String> statements, String query) {
    return new RenderedStep(statements, Optional.empty(), Optional.of(query));
  }

  public List<String> statements() {
    return statements;
  }

  public Optional<TableDdl> table() {
    return table;
  }

  public Optional<String> query() {
    return query;
  }
}
