package dev.kpi.sql.testing;

import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.TableContent;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLType.TypeKind;
import dev.kpi.model.LogicalType;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.dialect.TableDdl;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.StepKind;
import dev.kpi.sql.plan.TableRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a plan's BigQuery SQL on ZetaSQL's reference implementation (Google's own engine for
 * GoogleSQL, in-process), over in-memory tables: the lake is given, and each BUILD step's query
 * (the SELECT inside its INSERT) is executed in plan order with {@code @start_date} and
 * {@code @end_date} as DATE parameters; its result becomes the table's content, which later
 * steps read. Starting from empty tables, a build's DELETE removes nothing, so the table holds
 * exactly its query's rows.
 *
 * <p>Every statement of the plan is analyzed first (so the SQL that runs is also proved valid),
 * which registers the tables its CREATE statements declare, under their full names as the SQL
 * writes them ({@code example-project.lake.orders}).
 *
 * <p>The reference engine is slow on large inputs (it is written for correctness, with nested
 * loop joins): keep fixtures to hundreds of rows.
 */
public final class ZetaSqlBuildRunner {
  private final BigQueryDialect dialect;
  private final List<CompiledStatement> statements;
  private final BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
  private final Map<TableRef, TableDdl> tables = new LinkedHashMap<>();
  /** What every table holds after {@link #run}: what {@link #select} reads. */
  private Map<String, TableContent> contents = Map.of();

  public ZetaSqlBuildRunner(BigQueryDialect dialect, List<CompiledStatement> statements) {
    this.dialect = dialect;
    this.statements = List.copyOf(statements);
    for (CompiledStatement statement : statements) {
      analyzer.analyzeScript(statement.sql());
      statement.table().ifPresent(ddl -> tables.put(statement.step().table(), ddl));
    }
  }

  /** The columns of a table of the plan, as its CREATE declares them. */
  public List<TableData.Column> columns(TableRef table) {
    TableDdl ddl = tables.get(table);
    if (ddl == null) {
      throw new IllegalArgumentException("the plan creates no table " + table);
    }
    return ddl.columns().stream()
        .map(c -> new TableData.Column(c.name(), c.type()))
        .collect(Collectors.toList());
  }

  /**
   * Runs every BUILD step in plan order over the given lake tables (by lake table name; their
   * columns are matched by name) and returns what each built table holds afterwards.
   */
  public Map<TableRef, TableData> run(Map<String, TableData> lake, LocalDate start, LocalDate end) {
    Map<String, TableContent> contents = new HashMap<>();
    for (TableRef table : tables.keySet()) {
      if (table.layer() != Layer.LAKE) {
        continue;
      }
      TableData data = lake.get(table.name());
      if (data == null) {
        throw new IllegalArgumentException("no content for lake table " + table.name());
      }
      contents.put(fullName(table), content(table, data));
    }
    Map<String, Value> parameters =
        Map.of("start_date", Value.createDateValue(start), "end_date", Value.createDateValue(end));

    Map<TableRef, TableData> built = new LinkedHashMap<>();
    for (CompiledStatement statement : statements) {
      if (statement.step().kind() != StepKind.BUILD) {
        continue;
      }
      TableRef table = statement.step().table();
      String sql = statement.query().orElseThrow(() -> new IllegalStateException(statement + " has no query"));
      TableData result = asDeclared(table, execute(sql, contents, parameters, statement.toString()));
      built.put(table, result);
      contents.put(fullName(table), content(table, result));
    }
    this.contents = contents;
    return built;
  }

  /**
   * Runs a SELECT (analyzed first) over the tables as {@link #run} left them, with the dates as
   * its parameters; the rows in the order the engine returns them.
   */
  public TableData select(String sql, LocalDate start, LocalDate end) {
    analyzer.analyzeScript(sql);
    return execute(sql, contents, Map.of("start_date", Value.createDateValue(start), "end_date", Value.createDateValue(end)), "a query");
  }

  /** The SQL's result on the reference engine over {@code tables}: its columns as the engine types them. */
  private TableData execute(String sql, Map<String, TableContent> tables, Map<String, Value> parameters, String what) {
    try (PreparedQuery query =
        PreparedQuery.builder()
            .setSql(sql)
            .setAnalyzerOptions(analyzer.analyzerOptions())
            .setCatalog(analyzer.catalog())
            .setTablesContents(Map.copyOf(tables))
            .prepare()) {
      TableContent content = query.execute(parameters);
      List<TableData.Column> columns = new ArrayList<>();
      for (SimpleColumn column : query.getColumns()) {
        columns.add(new TableData.Column(column.getName(), logicalType(column.getType().getKind(), false)));
      }
      List<List<Object>> rows = new ArrayList<>();
      for (List<Value> row : content.getTableData()) {
        List<Object> values = new ArrayList<>();
        row.forEach(v -> values.add(javaValue(v)));
        rows.add(values);
      }
      return new TableData(columns, rows);
    } catch (RuntimeException e) {
      throw new AssertionError("ZetaSQL's reference engine failed on " + what + ": " + e.getMessage() + "\n" + sql, e);
    }
  }

  /** {@code example-project.lake.orders}: the table's name as the SQL writes it, without the backticks. */
  private String fullName(TableRef table) {
    String name = dialect.tableName(table);
    return name.startsWith("`") ? name.substring(1, name.length() - 1) : name;
  }

  private TableContent content(TableRef table, TableData data) {
    List<TableData.Column> columns = columns(table);
    TableData ordered = data.select(columns.stream().map(TableData.Column::name).collect(Collectors.toList()));
    if (!ordered.columns().equals(columns)) {
      throw new IllegalArgumentException(
          "the content of " + table + " has columns " + ordered.columns() + ", the table " + columns);
    }
    List<List<Value>> rows = new ArrayList<>();
    for (List<Object> row : ordered.rows()) {
      List<Value> values = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        values.add(value(columns.get(i).type(), row.get(i)));
      }
      rows.add(values);
    }
    return TableContent.create(rows);
  }

  /** A build's result in its table's column order, which must have the table's names and types. */
  private TableData asDeclared(TableRef table, TableData data) {
    List<TableData.Column> produced = data.columns();
    List<TableData.Column> declared = columns(table);
    if (!produced.stream().map(TableData.Column::name).sorted().collect(Collectors.toList())
        .equals(declared.stream().map(TableData.Column::name).sorted().collect(Collectors.toList()))) {
      throw new AssertionError("the build query of " + table + " gives columns " + produced + ", the table has " + declared);
    }
    TableData ordered = data.select(declared.stream().map(TableData.Column::name).collect(Collectors.toList()));
    if (!ordered.columns().equals(declared)) {
      throw new AssertionError("the build query of " + table + " gives types " + ordered.columns() + ", the table has " + declared);
    }
    return ordered;
  }

  /** A Java value as a ZetaSQL value of the logical type. */
  public static Value value(LogicalType type, Object value) {
    if (value == null) {
      return Value.createSimpleNullValue(typeKind(type));
    }
    switch (type) {
      case INT64:
        return Value.createInt64Value((Long) value);
      case NUMERIC:
        return Value.createNumericValue((BigDecimal) value);
      case FLOAT64:
        return Value.createDoubleValue((Double) value);
      case STRING:
        return Value.createStringValue((String) value);
      case BOOL:
        return Value.createBoolValue((Boolean) value);
      case DATE:
        return Value.createDateValue((LocalDate) value);
      case TIMESTAMP:
        Instant instant = (Instant) value;
        if (instant.getNano() % 1000 != 0) {
          throw new IllegalArgumentException(instant + " is more precise than a TIMESTAMP (microseconds)");
        }
        return Value.createTimestampValueFromUnixMicros(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
      default:
        throw new IllegalArgumentException("no ZetaSQL value for " + type);
    }
  }

  /** A ZetaSQL value as a Java value ({@link TableData}'s types). */
  public static Object javaValue(Value value) {
    if (value.isNull()) {
      return null;
    }
    switch (value.getType().getKind()) {
      case TYPE_INT64:
        return value.getInt64Value();
      case TYPE_NUMERIC:
        return value.getNumericValue();
      case TYPE_DOUBLE:
        return value.getDoubleValue();
      case TYPE_STRING:
        return value.getStringValue();
      case TYPE_BOOL:
        return value.getBoolValue();
      case TYPE_DATE:
        return value.getLocalDateValue();
      case TYPE_TIMESTAMP:
        return Instant.EPOCH.plus(value.getTimestampUnixMicros(), ChronoUnit.MICROS);
      default:
        throw new IllegalArgumentException("no Java value for a ZetaSQL " + value.getType());
    }
  }

  /** The ZetaSQL type of a lake or metric type. */
  public static TypeKind typeKind(LogicalType type) {
    switch (type) {
      case INT64:
        return TypeKind.TYPE_INT64;
      case NUMERIC:
        return TypeKind.TYPE_NUMERIC;
      case FLOAT64:
        return TypeKind.TYPE_DOUBLE;
      case STRING:
        return TypeKind.TYPE_STRING;
      case BOOL:
        return TypeKind.TYPE_BOOL;
      case DATE:
        return TypeKind.TYPE_DATE;
      case TIMESTAMP:
        return TypeKind.TYPE_TIMESTAMP;
      default:
        throw new IllegalArgumentException("no ZetaSQL type for " + type);
    }
  }

  /** The lake type of a ZetaSQL type; {@code orNull} for a type with none (an ARRAY), instead of an exception. */
  public static LogicalType logicalType(TypeKind kind, boolean orNull) {
    switch (kind) {
      case TYPE_INT64:
        return LogicalType.INT64;
      case TYPE_NUMERIC:
        return LogicalType.NUMERIC;
      case TYPE_DOUBLE:
        return LogicalType.FLOAT64;
      case TYPE_STRING:
        return LogicalType.STRING;
      case TYPE_BOOL:
        return LogicalType.BOOL;
      case TYPE_DATE:
        return LogicalType.DATE;
      case TYPE_TIMESTAMP:
        return LogicalType.TIMESTAMP;
      default:
        if (orNull) {
          return null;
        }
        throw new IllegalArgumentException("the lake contract has no type for ZetaSQL's " + kind);
    }
  }
}
