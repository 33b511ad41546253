package dev.kpi.sql.dialect;

import dev.kpi.model.LogicalType;
import dev.kpi.model.mart.Grain;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.TableRef;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * GoogleSQL as BigQuery runs it, the production dialect.
 *
 * <p>Tables are {@code `project.dataset.table`}, with the project and one dataset per layer
 * configurable, so dev, stg and prd differ only in configuration.
 *
 * <p>Replacing a date range is a multi-statement transaction, {@code DELETE} of the range then
 * {@code INSERT}. A {@code MERGE ... ON FALSE} would do it in one statement, but it scans the
 * target table as well, while a DELETE whose condition covers whole partitions of the
 * partition column is a metadata operation that BigQuery does not bill; dbt users measured the
 * DELETE + INSERT strategy at about half the cost of MERGE (dbt-labs/dbt-adapters issue 527).
 * The transaction keeps it atomic: readers see the old partitions or the new ones.
 * See https://cloud.google.com/bigquery/docs/transactions and
 * https://cloud.google.com/bigquery/docs/using-dml-with-partitioned-tables.
 */
public final class BigQueryDialect extends SqlDialect {
  /** Project ids: 6–30 lower-case letters, digits or hyphens, starting with a letter. */
  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  /** Dataset names: letters, digits and underscores, at most 1024. */
  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9_]{1,1024}");

  /** GoogleSQL's reserved keywords (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#reserved_keywords). */
  private static final Set<String> RESERVED =
      Set.of(
          "ALL", "AND", "ANY", "ARRAY", "AS", "ASC", "ASSERT_ROWS_MODIFIED", "AT", "BETWEEN", "BY",
          "CASE", "CAST", "COLLATE", "CONTAINS", "CREATE", "CROSS", "CUBE", "CURRENT", "DEFAULT",
          "DEFINE", "DESC", "DISTINCT", "ELSE", "END", "ENUM", "ESCAPE", "EXCEPT", "EXCLUDE",
          "EXISTS", "EXTRACT", "FALSE", "FETCH", "FOLLOWING", "FOR", "FROM", "FULL", "GROUP",
          "GROUPING", "GROUPS", "HASH", "HAVING", "IF", "IGNORE", "IN", "INNER", "INTERSECT",
          "INTERVAL", "INTO", "IS", "JOIN", "LATERAL", "LEFT", "LIKE", "LIMIT", "LOOKUP", "MERGE",
          "NATURAL", "NEW", "NO", "NOT", "NULL", "NULLS", "OF", "ON", "OR", "ORDER", "OUTER",
          "OVER", "PARTITION", "PRECEDING", "PROTO", "QUALIFY", "RANGE", "RECURSIVE", "RESPECT",
          "RIGHT", "ROLLUP", "ROWS", "SELECT", "SET", "SOME", "STRUCT", "TABLESAMPLE", "THEN",
          "TO", "TREAT", "TRUE", "UNBOUNDED", "UNION", "UNNEST", "USING", "WHEN", "WHERE",
          "WINDOW", "WITH", "WITHIN");

  private final String project;
  private final Map<Layer, String> datasets;

  private BigQueryDialect(String project, Map<Layer, String> datasets) {
    if (!PROJECT.matcher(project).matches()) {
      throw new IllegalArgumentException(
          "BigQuery project id '" + project + "' is not valid: use 6-30 lower-case letters, digits or hyphens, starting with a letter");
    }
    datasets.forEach(
        (layer, dataset) -> {
          if (!DATASET.matcher(dataset).matches()) {
            throw new IllegalArgumentException(
                "BigQuery dataset '" + dataset + "' for the " + layer.lowerName() + " layer is not valid: use letters, digits and underscores");
          }
        });
    this.project = project;
    this.datasets = new EnumMap<>(datasets);
  }

  /** The project's datasets named lake, warehouse and mart. */
  public static BigQueryDialect forProject(String project) {
    return forProject(project, "lake", "warehouse", "mart");
  }

  /** Dataset names per environment, e.g. {@code lake, warehouse_stg, mart_stg}. */
  public static BigQueryDialect forProject(
      String project, String lakeDataset, String warehouseDataset, String martDataset) {
    Map<Layer, String> datasets = new EnumMap<>(Layer.class);
    datasets.put(Layer.LAKE, lakeDataset);
    datasets.put(Layer.WAREHOUSE, warehouseDataset);
    datasets.put(Layer.MART, martDataset);
    return new BigQueryDialect(project, datasets);
  }

  public String project() {
    return project;
  }

  public String dataset(Layer layer) {
    return datasets.get(layer);
  }

  @Override
  public String name() {
    return "BigQuery";
  }

  @Override
  protected Set<String> reservedWords() {
    return RESERVED;
  }

  @Override
  protected String quote(String name) {
    return "`" + name + "`";
  }

  /** One backticked path, as BigQuery's console writes it. */
  @Override
  public String tableName(TableRef table) {
    return "`" + project + "." + datasets.get(table.layer()) + "." + table.name() + "`";
  }

  /**
   * Single-quoted, with backslash escapes for the quote, the backslash and control characters
   * (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#string_and_bytes_literals).
   */
  @Override
  public String stringLiteral(String value) {
    return "'" + backslashEscaped(value, c -> String.format("\\u%04x", c)) + "'";
  }

  /** NUMERIC 'n': an exact literal, no float on the way. */
  @Override
  protected String numericLiteral(java.math.BigDecimal value) {
    return "NUMERIC " + stringLiteral(value.toPlainString());
  }

  @Override
  public String parameter(Parameter parameter) {
    return "@" + parameter.sqlName();
  }

  @Override
  public String typeName(LogicalType type) {
    // The logical types are BigQuery's own.
    return type.name();
  }

  @Override
  public String businessDate(String timestamp, String timeZone) {
    return "DATE(" + timestamp + ", " + stringLiteral(timeZone) + ")";
  }

  @Override
  public String startOfDate(String date, String timeZone) {
    return "TIMESTAMP(" + date + ", " + stringLiteral(timeZone) + ")";
  }

  @Override
  public String addDays(String date, int days) {
    return days >= 0
        ? "DATE_ADD(" + date + ", INTERVAL " + days + " DAY)"
        : "DATE_SUB(" + date + ", INTERVAL " + (-days) + " DAY)";
  }

  @Override
  public String daysBetween(String from, String to) {
    return "DATE_DIFF(" + to + ", " + from + ", DAY)";
  }

  @Override
  public String listEntry(String list, String separator, String index) {
    return "NULLIF(SPLIT(" + list + ", " + stringLiteral(separator) + ")[SAFE_OFFSET(" + index + ")], '')";
  }

  @Override
  protected String mondayOfWeek(String date) {
    return "DATE_TRUNC(" + date + ", WEEK(MONDAY))";
  }

  @Override
  protected String firstDayOfMonth(String date) {
    return "DATE_TRUNC(" + date + ", MONTH)";
  }

  @Override
  protected String lastDayOfMonth(String date) {
    return "LAST_DAY(" + date + ", MONTH)";
  }

  @Override
  public String periodSeries(String from, String to, Grain grain, String column) {
    return "SELECT "
        + column
        + " FROM UNNEST(GENERATE_DATE_ARRAY("
        + from
        + ", "
        + to
        + ", INTERVAL 1 "
        + grain.name()
        + ")) AS "
        + column;
  }

  /**
   * SAFE_DIVIDE is NULL for a zero divisor; NUMERIC ÷ INT64 is NUMERIC rounded to 9 decimal
   * places, halves away from zero, which the glossary takes as AOV's definition.
   */
  @Override
  public String safeDivide(String dividend, String divisor, LogicalType resultType) {
    return "SAFE_DIVIDE(" + dividend + ", " + divisor + ")";
  }

  /** BigQuery has no bare UNION: it must be UNION ALL or UNION DISTINCT. */
  @Override
  public String unionDistinct() {
    return "UNION DISTINCT";
  }

  @Override
  public List<String> createTable(TableDdl ddl) {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ")
            .append(tableName(ddl.table()))
            .append(' ')
            .append(
                columnDefinitions(
                    ddl,
                    column ->
                        column.description().isBlank()
                            ? ""
                            : " OPTIONS(description = " + stringLiteral(column.description()) + ")"));
    ddl.partitionColumn()
        .ifPresent(
            p -> {
              String column = identifier(p);
              // A TIMESTAMP column partitions by its (UTC) date; a DATE column by itself.
              sql.append("\nPARTITION BY ")
                  .append(ddl.partitionType().orElse(LogicalType.DATE) == LogicalType.TIMESTAMP ? "DATE(" + column + ")" : column);
            });
    if (!ddl.clusterBy().isEmpty()) {
      sql.append("\nCLUSTER BY ")
          .append(ddl.clusterBy().stream().map(this::identifier).collect(Collectors.joining(", ")));
    }
    List<String> options = new java.util.ArrayList<>();
    if (ddl.requirePartitionFilter() && ddl.partitionColumn().isPresent()) {
      options.add("require_partition_filter = TRUE");
    }
    if (!ddl.description().isBlank()) {
      options.add("description = " + stringLiteral(ddl.description()));
    }
    if (!options.isEmpty()) {
      sql.append("\nOPTIONS(").append(String.join(", ", options)).append(')');
    }
    return List.of(sql.append(statementEnd()).append('\n').toString());
  }

  @Override
  public List<String> replaceRows(TableRef table, String condition, List<String> columns, String select) {
    return List.of("BEGIN TRANSACTION;\n\n"
        + "DELETE FROM "
        + tableName(table)
        + "\nWHERE "
        + condition
        + ";\n\n"
        + "INSERT INTO "
        + tableName(table)
        + " ("
        + columns.stream().map(this::identifier).collect(Collectors.joining(", "))
        + ")\n"
        + select
        + ";\n\n"
        + "COMMIT TRANSACTION;\n");
  }

  /**
   * {@code script} (a build from {@link #replaceRows}) with {@code statement} run inside its
   * transaction, just before the COMMIT: what the script writes and what the statement writes
   * commit together or not at all (kpi's ledger entry rides with the build this way).
   */
  public String inTransaction(String script, String statement) {
    String commit = "COMMIT TRANSACTION;\n";
    if (!script.endsWith(commit)) {
      throw new IllegalArgumentException("not a build script of this dialect (it does not end with its COMMIT): " + script);
    }
    return script.substring(0, script.length() - commit.length()) + statement + statementEnd() + "\n\n" + commit;
  }

  /** The build is one multi-statement script, a transaction of its own: one query job. */
  @Override
  public boolean statementsNeedOneTransaction() {
    return false;
  }
}
