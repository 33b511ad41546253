package dev.kpi.sql.dialect;

import dev.kpi.model.LogicalType;
import dev.kpi.model.mart.Grain;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DuckDB, the embedded engine: the same plan as BigQuery, computing the same values.
 *
 * <ul>
 *   <li>Layers are schemas ({@code lake.orders}, {@code warehouse.fct_order_items}).
 *   <li>Time zones come from the bundled ICU extension: {@code timezone(zone, timestamptz)} is
 *       the local wall-clock time, {@code timezone(zone, timestamp)} the instant it denotes.
 *   <li>Parameters are numbered by their place in {@link Parameter} ({@code $1} = @start_date,
 *       {@code $2} = @end_date, ...) and cast to their type (DATE, VARCHAR, ...): DuckDB gives an
 *       untyped {@code $n} no type of its own.
 *   <li>DuckDB divides DECIMALs into DOUBLEs; BigQuery's NUMERIC division (exact, 9 decimals,
 *       halves away from zero) is rebuilt from integer arithmetic, see {@link #safeDivide}.
 *   <li>A build is a DELETE and an INSERT the runtime runs in one JDBC transaction (DuckDB's
 *       JDBC prepared statements take one statement each).
 * </ul>
 */
public final class DuckDbDialect extends SqlDialect {
  /**
   * The words DuckDB takes for its grammar (duckdb_keywords(): the 'reserved' ones, and the
   * 'type_function' ones, which cannot be an unquoted column, alias or table name either, though
   * DuckDB does not call them reserved).
   */
  private static final Set<String> RESERVED =
      Set.of(
          // reserved
          "ALL", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "ASYMMETRIC", "BOTH",
          "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT", "CREATE", "DEFAULT",
          "DEFERRABLE", "DESC", "DESCRIBE", "DISTINCT", "DO", "ELSE", "END", "EXCEPT", "FALSE",
          "FETCH", "FOR", "FOREIGN", "FROM", "GRANT", "GROUP", "HAVING", "IN", "INITIALLY",
          "INTERSECT", "INTO", "LAMBDA", "LATERAL", "LEADING", "LIMIT", "NOT", "NULL", "OFFSET", "ON",
          "ONLY", "OR", "ORDER", "PIVOT", "PIVOT_LONGER", "PIVOT_WIDER", "PLACING", "PRIMARY",
          "QUALIFY", "REFERENCES", "RETURNING", "SELECT", "SHOW", "SOME", "SUMMARIZE",
          "SYMMETRIC", "TABLE", "THEN", "TO", "TRAILING", "TRUE", "UNION", "UNIQUE", "UNPIVOT",
          "USING", "VARIADIC", "WHEN", "WHERE", "WINDOW", "WITH",
          // type_function
          "ANTI", "ASOF", "AT", "AUTHORIZATION", "BINARY", "BY", "COLLATION", "COLUMNS",
          "CONCURRENTLY", "CROSS", "FREEZE", "FULL", "GENERATED", "GLOB", "ILIKE", "INNER", "IS",
          "ISNULL", "JOIN", "LEFT", "LIKE", "MAP", "NATURAL", "NOTNULL", "OUTER", "OVERLAPS",
          "POSITIONAL", "RIGHT", "SEMI", "SIMILAR", "STRUCT", "TABLESAMPLE", "TRY_CAST", "UNPACK",
          "VERBOSE");

  /** 10^9: NUMERIC has 9 decimal places. */
  private static final String SCALE = "1000000000";

  private final String lakeSchema;
  private final String warehouseSchema;
  private final String martSchema;

  private DuckDbDialect(String lakeSchema, String warehouseSchema, String martSchema) {
    this.lakeSchema = lakeSchema;
    this.warehouseSchema = warehouseSchema;
    this.martSchema = martSchema;
  }

  /** Schemas lake, warehouse and mart. */
  public static DuckDbDialect standard() {
    return new DuckDbDialect("lake", "warehouse", "mart");
  }

  @Override
  public String name() {
    return "DuckDB";
  }

  @Override
  protected Set<String> reservedWords() {
    return RESERVED;
  }

  @Override
  protected String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @Override
  public String tableName(TableRef table) {
    return schemaName(table.layer()) + "." + identifier(table.name());
  }

  /** The schema a layer's tables live in, as DuckDB's catalog functions name it. */
  public String schemaName(Layer layer) {
    switch (layer) {
      case LAKE:
        return lakeSchema;
      case WAREHOUSE:
        return warehouseSchema;
      default:
        return martSchema;
    }
  }

  /**
   * Standard SQL, a quote doubled; a value with a control character (a line break, a tab) is an
   * escape string instead, {@code E'...'}, with {@code \n}, {@code \r}, {@code \t} and {@code
   * \xHH} for them (and {@code \\}, {@code \'}). DuckDB's strings cannot hold NUL.
   */
  @Override
  public String stringLiteral(String value) {
    if (value.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
      return "'" + value.replace("'", "''") + "'";
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("DuckDB cannot hold the NUL character in a string: " + value.replace("\0", "\\0"));
    }
    return "E'" + backslashEscaped(value, c -> String.format("\\x%02x", c)) + "'";
  }

  /** DuckDB types a number that fits 32 bits as INTEGER, whose arithmetic overflows where INT64's does not. */
  @Override
  protected String int64Literal(long value) {
    return "CAST(" + value + " AS BIGINT)";
  }

  /**
   * BigQuery's text of a NUMERIC has no trailing zeros (1.5, 3), of a whole FLOAT64 no ".0" (2),
   * of a TIMESTAMP its fraction in milliseconds or microseconds, in UTC; and it rounds a FLOAT64
   * to INT64 halves away from zero. DuckDB's casts write DECIMAL(38, 9)'s nine decimals, "2.0",
   * the shortest fraction in the session's time zone, and round halves to even.
   */
  @Override
  public String convert(String value, LogicalType from, LogicalType to) {
    if (to == LogicalType.STRING && from == LogicalType.NUMERIC) {
      return "rtrim(rtrim(CAST(CAST(" + value + " AS DECIMAL(38, 9)) AS VARCHAR), '0'), '.')";
    }
    if (to == LogicalType.STRING && from == LogicalType.FLOAT64) {
      return "regexp_replace(CAST(" + value + " AS VARCHAR), '\\.0$', '')";
    }
    if (to == LogicalType.STRING && from == LogicalType.TIMESTAMP) {
      String utc = "timezone('UTC', " + value + ")";
      String micros = "microsecond(" + utc + ") % 1000000";
      return "(strftime(" + utc + ", '%Y-%m-%d %H:%M:%S')"
          + " || CASE WHEN " + micros + " = 0 THEN '' WHEN " + micros + " % 1000 = 0 THEN strftime(" + utc + ", '.%g')"
          + " ELSE strftime(" + utc + ", '.%f') END || '+00')";
    }
    if (to == LogicalType.INT64 && from == LogicalType.FLOAT64) {
      return "CAST(round(" + value + ") AS BIGINT)";
    }
    return cast(value, to);
  }

  @Override
  public String parameter(Parameter parameter) {
    return "CAST($" + (parameter.ordinal() + 1) + " AS " + typeName(parameter.type()) + ")";
  }

  @Override
  public String typeName(LogicalType type) {
    switch (type) {
      case INT64:
        return "BIGINT";
      case NUMERIC:
        return "DECIMAL(38, 9)";
      case FLOAT64:
        return "DOUBLE";
      case STRING:
        return "VARCHAR";
      case BOOL:
        return "BOOLEAN";
      case DATE:
        return "DATE";
      case TIMESTAMP:
        return "TIMESTAMP WITH TIME ZONE";
      default:
        throw new IllegalArgumentException("DuckDB has no type for " + type);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>DuckDB converts a TIMESTAMPTZ to a zone's local time through ICU's calendar, about 75 ns a
   * row: at a year of order lines that is most of a backfill's lake check and a fifth of its
   * fact build. Where the zone's offset no longer changes (Asia/Tokyo's last change was in 1951,
   * UTC never changed), the date is integer arithmetic on the instant's microseconds, ten times
   * faster and the same date; instants from before the zone's last change (or before 1970-01-02,
   * so that the division never sees a negative number) still go through ICU. A zone with daylight
   * saving time, or whose offset changed after 2000, keeps ICU for every row.
   */
  @Override
  public String businessDate(String timestamp, String timeZone) {
    String calendar = "CAST(timezone(" + stringLiteral(timeZone) + ", " + timestamp + ") AS DATE)";
    Optional<FixedOffset> fixed = FixedOffset.of(timeZone);
    if (fixed.isEmpty()) {
      return calendar;
    }
    return "CASE WHEN " + timestamp + " >= TIMESTAMPTZ " + stringLiteral(INSTANT.format(fixed.get().since))
        + " THEN DATE '1970-01-01' + CAST((epoch_us(" + timestamp + ") + " + fixed.get().offsetMicros + ") // " + MICROS_PER_DAY + " AS INTEGER)"
        + " ELSE " + calendar + " END";
  }

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** A zone whose offset last changed after this keeps ICU's calendar (see {@link FixedOffset}). */
  private static final Instant SETTLED = Instant.parse("2000-01-01T00:00:00Z");

  private static final java.time.format.DateTimeFormatter INSTANT =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx").withZone(java.time.ZoneOffset.UTC);

  /** A zone's offset from the instant it last changes on (its tz database rules say it never changes again). */
  static final class FixedOffset {
    final Instant since;
    final long offsetMicros;

    private FixedOffset(Instant since, long offsetMicros) {
      this.since = since;
      this.offsetMicros = offsetMicros;
    }

    static Optional<FixedOffset> of(String timeZone) {
      ZoneRules rules;
      try {
        rules = ZoneId.of(timeZone).getRules();
      } catch (DateTimeException unknownToJava) {
        return Optional.empty();
      }
      if (!rules.getTransitionRules().isEmpty()) {
        return Optional.empty();
      }
      List<ZoneOffsetTransition> transitions = rules.getTransitions();
      Instant since = Instant.EPOCH.plus(1, ChronoUnit.DAYS);
      if (!transitions.isEmpty() && transitions.get(transitions.size() - 1).getInstant().isAfter(since)) {
        since = transitions.get(transitions.size() - 1).getInstant();
      }
      // The offset comes from Java's time-zone data, the other branch from DuckDB's ICU copy: only
      // a zone fixed for decades is one both surely agree on (and whose SQL, and fingerprints, a
      // JDK update will not change).
      if (since.isAfter(SETTLED)) {
        return Optional.empty();
      }
      return Optional.of(new FixedOffset(since, rules.getOffset(since).getTotalSeconds() * 1_000_000L));
    }
  }

  @Override
  public String startOfDate(String date, String timeZone) {
    return "timezone(" + stringLiteral(timeZone) + ", CAST(" + date + " AS TIMESTAMP))";
  }

  @Override
  public String addDays(String date, int days) {
    return days >= 0 ? "(" + date + " + " + days + ")" : "(" + date + " - " + (-days) + ")";
  }

  @Override
  public String daysBetween(String from, String to) {
    return "date_diff('day', " + from + ", " + to + ")";
  }

  /** split_part counts from 1 and gives '' past the end. */
  @Override
  public String listEntry(String list, String separator, String index) {
    return "NULLIF(split_part(" + list + ", " + stringLiteral(separator) + ", " + index + " + 1), '')";
  }

  /** date_trunc('week') is ISO: weeks start on Monday, as the glossary's weeks do. */
  @Override
  protected String mondayOfWeek(String date) {
    return "date_trunc('week', " + date + ")";
  }

  @Override
  protected String firstDayOfMonth(String date) {
    return "date_trunc('month', " + date + ")";
  }

  @Override
  protected String lastDayOfMonth(String date) {
    return "last_day(" + date + ")";
  }

  @Override
  public String periodSeries(String from, String to, Grain grain, String column) {
    return "SELECT CAST(series." + column + " AS DATE) AS " + column
        + " FROM generate_series(CAST(" + from + " AS TIMESTAMP), CAST(" + to + " AS TIMESTAMP), INTERVAL 1 "
        + grain.name() + ") AS series(" + column + ")";
  }

  /**
   * NULL when the divisor is 0. A NUMERIC quotient is computed as BigQuery does: exact, to 9
   * decimal places, halves rounded away from zero. Both operands are scaled to integers
   * (HUGEINT), divided with integer division, the remainder decides the rounding, and the
   * scaled result is turned back into a DECIMAL(38, 9) by an exact multiplication. Values up
   * to 10^20 are exact; larger ones overflow with an error rather than lose digits.
   */
  @Override
  public String safeDivide(String dividend, String divisor, LogicalType resultType) {
    if (resultType != LogicalType.NUMERIC) {
      return "(CAST(" + dividend + " AS DOUBLE) / NULLIF(CAST(" + divisor + " AS DOUBLE), 0))";
    }
    String x = "CAST(CAST(" + dividend + " AS DECIMAL(38, 9)) * " + SCALE + " AS HUGEINT) * " + SCALE;
    String y = "CAST(CAST(" + divisor + " AS DECIMAL(38, 9)) * " + SCALE + " AS HUGEINT)";
    String quotient =
        "sign(" + x + ") * sign(" + y + ") * (abs(" + x + ") // abs(" + y + ") + "
            + "CASE WHEN 2 * (abs(" + x + ") % abs(" + y + ")) >= abs(" + y + ") THEN 1 ELSE 0 END)";
    // The outer cast keeps the type when DuckDB folds a constant NULL quotient (a 0 divisor).
    return "CAST(CASE WHEN " + divisor + " = 0 THEN NULL ELSE CAST(" + quotient
        + " AS DECIMAL(38, 0)) * CAST(0.000000001 AS DECIMAL(10, 9)) END AS DECIMAL(38, 9))";
  }

  /** The 0 is cast, so a DECIMAL stays a DECIMAL(38, 9) and a count a BIGINT (not HUGEINT). */
  @Override
  public String zeroIfNull(String value, LogicalType type) {
    return "CAST(COALESCE(" + value + ", 0) AS " + typeName(type) + ")";
  }

  @Override
  public List<String> createTable(TableDdl ddl) {
    List<String> statements = new ArrayList<>();
    String sql = "CREATE TABLE IF NOT EXISTS " + tableName(ddl.table()) + " " + columnDefinitions(ddl, column -> "");
    // DuckDB has no partitions or clustering: its zone maps skip row groups by min/max, and
    // builds insert in date order, so a date filter reads little anyway.
    statements.add(sql + ";\n");
    if (!ddl.description().isBlank()) {
      statements.add("COMMENT ON TABLE " + tableName(ddl.table()) + " IS " + stringLiteral(ddl.description()) + ";\n");
    }
    for (ColumnDdl column : ddl.columns()) {
      if (!column.description().isBlank()) {
        statements.add(
            "COMMENT ON COLUMN " + tableName(ddl.table()) + "." + identifier(column.name())
                + " IS " + stringLiteral(column.description()) + ";\n");
      }
    }
    return statements;
  }

  @Override
  public List<String> replaceRows(TableRef table, String condition, List<String> columns, String select) {
    return List.of(
        "DELETE FROM " + tableName(table) + "\nWHERE " + condition + ";\n",
        "INSERT INTO " + tableName(table) + " ("
            + columns.stream().map(this::identifier).collect(Collectors.joining(", "))
            + ")\n" + select + ";\n");
  }

  @Override
  public boolean statementsNeedOneTransaction() {
    return true;
  }
}
