package dev.kpi.model.lake;

import dev.kpi.model.Documented;
import dev.kpi.model.KpiStyle;
import dev.kpi.model.expr.Expr;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * A source table as loaded from the shop's database. The shop declares its lake once, in a
 * migration from which typed Java tables are generated; this value is what the compiler reads.
 */
@Value.Immutable
@KpiStyle
public interface LakeTable extends Documented {
  String name();

  List<LakeColumn> columns();

  /**
   * The TIMESTAMP or DATE column the table is partitioned by in the warehouse engine (by its
   * date), so that builds reading a date range scan only those partitions. Empty for small
   * tables that are always read whole.
   */
  Optional<String> partitionColumn();

  /**
   * The columns whose values identify a row (the migration's PRIMARY KEY), in order. The lake
   * check verifies it on the data before anything is built: a duplicated key would be counted
   * twice by every join that reads the table. Empty when the table declares none.
   */
  List<String> primaryKey();

  /**
   * The rules of valid data beyond types, NOT NULL and the key: accepted values, ranges,
   * plausible timestamps, relationships, the coupling of two tables' timestamps. Checked on the
   * rows a run reads before anything is written; {@code kpi check-lake} checks every row.
   */
  List<LakeRule> rules();

  static Builder builder() {
    return new Builder();
  }

  class Builder extends ImmutableLakeTable.Builder {}

  default Optional<LakeColumn> findColumn(String column) {
    return columns().stream().filter(c -> c.name().equals(column)).findFirst();
  }

  /** A reference to one of its columns, for expressions. */
  default Expr.ColumnRef column(String column) {
    LakeColumn found =
        findColumn(column)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "lake table "
                            + name()
                            + " has no column '"
                            + column
                            + "'; its columns are: "
                            + columns().stream().map(LakeColumn::name).collect(Collectors.joining(", "))));
    return Expr.column(name(), found.name(), found.type());
  }
}
