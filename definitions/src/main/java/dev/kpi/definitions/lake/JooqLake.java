package dev.kpi.definitions.lake;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeRule;
import dev.kpi.model.lake.Severity;
import dev.kpi.model.lake.LakeTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.UniqueKey;

/**
 * Turns the jOOQ tables generated from the lake migration into the model's lake tables and
 * column references. The migration stays the one place the lake is declared: a column renamed
 * there is renamed in the generated Java, and every definition using the old name stops
 * compiling.
 */
public final class JooqLake {
  /** The Java types jOOQ generates for the migration's SQL types, and the lake type each is. */
  private static final Map<Class<?>, LogicalType> TYPES =
      Map.of(
          Long.class, LogicalType.INT64,
          Integer.class, LogicalType.INT64,
          BigDecimal.class, LogicalType.NUMERIC,
          Double.class, LogicalType.FLOAT64,
          String.class, LogicalType.STRING,
          Boolean.class, LogicalType.BOOL,
          LocalDate.class, LogicalType.DATE,
          OffsetDateTime.class, LogicalType.TIMESTAMP,
          Instant.class, LogicalType.TIMESTAMP);

  private JooqLake() {}

  /** A lake table with the columns, types, comments and primary key of the migration. */
  public static LakeTable.Builder table(Table<?> table) {
    List<LakeColumn> columns = new ArrayList<>();
    for (Field<?> field : table.fields()) {
      columns.add(
          LakeColumn.of(
              field.getName(), typeOf(table, field), field.getDataType().nullable(), field.getComment()));
    }
    LakeTable.Builder builder = LakeTable.builder().name(table.getName()).description(table.getComment()).columns(columns);
    UniqueKey<?> primaryKey = table.getPrimaryKey();
    if (primaryKey != null) {
      primaryKey.getFields().forEach(field -> builder.addPrimaryKey(field.getName()));
    }
    return builder;
  }

  /** The column, for expressions: {@code col(ORDERS.STATUS).in("paid", "shipped")}. */
  public static Expr.ColumnRef col(Field<?> field) {
    Table<?> table = tableOf(field);
    return Expr.column(table.getName(), field.getName(), typeOf(table, field));
  }

  // ---------------------------------------------------------------- rules of valid data

  /** {@code status} is exactly one of {@code values}: an error. */
  public static LakeRule oneOf(Field<String> field, String... values) {
    return new LakeRule.AcceptedValues(field.getName(), List.of(values), Severity.ERROR);
  }

  /** The number lies in {@code [min, max]}: an error. */
  public static LakeRule between(Field<? extends Number> field, long min, long max) {
    return new LakeRule.Range(field.getName(), min, max, Severity.ERROR);
  }

  /** The timestamp is not before {@code since} and not in the future: an error. */
  public static LakeRule plausible(Field<?> timestamp, LocalDate since) {
    return new LakeRule.PlausibleTime(timestamp.getName(), since, Severity.ERROR);
  }

  /** Every value of {@code column} is a {@code key} of the key's table: an error. */
  public static LakeRule references(Field<?> column, Field<?> key) {
    return new LakeRule.References(column.getName(), tableOf(key).getName(), key.getName(), Severity.ERROR);
  }

  /** The timestamp lies on the business date of the referenced row's {@code timestamp}: an error. */
  public static LakeRule onBusinessDateOf(Field<?> column, Field<?> timestamp) {
    return new LakeRule.OnBusinessDateOf(column.getName(), tableOf(timestamp).getName(), timestamp.getName(), Severity.ERROR);
  }

  private static Table<?> tableOf(Field<?> field) {
    if (!(field instanceof org.jooq.TableField)) {
      throw new IllegalArgumentException(field.getName() + " is not a column of a generated lake table");
    }
    return ((org.jooq.TableField<?, ?>) field).getTable();
  }

  private static LogicalType typeOf(Table<?> table, Field<?> field) {
    LogicalType type = TYPES.get(field.getType());
    if (type == null) {
      throw new IllegalArgumentException(
          "lake column "
              + table.getName()
              + "."
              + field.getName()
              + " has SQL type "
              + field.getDataType().getTypeName()
              + ", which the lake contract does not use; declare it in the migration as BIGINT, DECIMAL(38, 9), DOUBLE, VARCHAR, BOOLEAN, DATE or TIMESTAMP WITH TIME ZONE");
    }
    return type;
  }
}
