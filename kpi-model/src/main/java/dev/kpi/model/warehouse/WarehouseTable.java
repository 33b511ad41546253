package dev.kpi.model.warehouse;

import dev.kpi.model.Documented;
import dev.kpi.model.KpiStyle;
import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.lake.LakeTable;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * A fact or dimension of the warehouse, built from lake tables: {@code FROM source JOIN ...
 * WHERE filters}, one row per source row, with the columns it declares.
 *
 * <p>A fact is partitioned by a DATE column (its business date) and rebuilt for a window of
 * dates: the run date and the {@link #lookbackDays()} before it, so late changes in the lake
 * (a cancellation days later) reach the KPIs. A dimension is rebuilt whole.
 */
@Value.Immutable
@KpiStyle
public interface WarehouseTable extends Documented {
  String name();

  TableKind kind();

  /** The lake table each row comes from. */
  LakeTable source();

  List<Join> joins();

  /** Conditions every row satisfies (AND). */
  List<Expr> filters();

  List<WarehouseColumn> columns();

  /** The DATE column the table is partitioned and rebuilt by; required for facts. */
  Optional<String> partitionColumn();

  /** Columns the engine clusters (sorts) each partition by: the ones marts filter and join on. */
  List<String> clusterBy();

  /**
   * How many business dates before the run date a daily run rebuilds as well (3 for the shop):
   * a run for D rebuilds D−lookback … D.
   */
  @Value.Default
  default int lookbackDays() {
    return 3;
  }

  /**
   * Further lake timestamps that hold the same instant as the one the partition column is
   * computed from (order_items.created_at is written with orders.ordered_at), so a build can
   * read only their partitions too.
   */
  List<Expr.ColumnRef> alsoPrunedBy();

  /** Keys into dimension tables: what makes their columns reachable from this fact. */
  List<ForeignKey> references();

  static Builder builder() {
    return new Builder();
  }

  default Optional<WarehouseColumn> findColumn(String column) {
    return columns().stream().filter(c -> c.name().equals(column)).findFirst();
  }

  /** A reference to one of its columns, for metrics and dimensions. */
  default Expr.ColumnRef column(String column) {
    // A misspelled column must not fail the definitions' class initialisation (an
    // ExceptionInInitializerError in every test, naming no KPI): validation reports it, with the
    // metric that reads it and the closest column's name.
    return findColumn(column)
        .map(found -> Expr.column(name(), found.name(), found.expression().type()))
        .orElseGet(() -> Expr.column(name(), column, LogicalType.NUMERIC));
  }

  /** The type of a column, once the table is built. */
  default LogicalType columnType(String column) {
    return column(column).type();
  }

  /** Adds readable shorthands to the generated builder. */
  class Builder extends ImmutableWarehouseTable.Builder {
    public Builder fact(String name) {
      return name(name).kind(TableKind.FACT);
    }

    public Builder dimension(String name) {
      return name(name).kind(TableKind.DIMENSION);
    }

    public Builder from(LakeTable source) {
      return source(source);
    }

    public Builder join(LakeTable table, Expr on) {
      return addJoins(Join.inner(table, on));
    }

    public Builder leftJoin(LakeTable table, Expr on) {
      return addJoins(Join.left(table, on));
    }

    public Builder where(Expr condition) {
      return addFilters(condition);
    }

    public Builder column(String name, Expr expression, String description) {
      return addColumns(WarehouseColumn.of(name, expression, description));
    }

    public Builder partitionedBy(String column) {
      return partitionColumn(column);
    }

    public Builder clusteredBy(String... columns) {
      return addClusterBy(columns);
    }

    public Builder references(String column, WarehouseTable dimension, String dimensionColumn) {
      return
          addReferences(ImmutableForeignKey.of(column, dimension.name(), dimensionColumn));
    }
  }
}
