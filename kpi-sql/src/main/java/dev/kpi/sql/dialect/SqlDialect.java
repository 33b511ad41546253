package dev.kpi.sql.dialect;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.mart.Grain;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.TableRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Everything that differs between SQL engines, in one class per engine (Calcite's layout): how
 * names, literals, parameters and types are written, the date functions, safe division, the
 * DDL and the atomic replacement of a table's rows. The compiler asks the dialect and never
 * which dialect it has.
 *
 * <p>Defaults are ANSI SQL that both BigQuery and DuckDB accept; a dialect overrides only where
 * its engine differs, and says why.
 */
public abstract class SqlDialect {

  /** The engine's name, for messages and file headers ("BigQuery", "DuckDB"). */
  public abstract String name();

  // ---------------------------------------------------------------- names

  /** Words that must be quoted when used as a name. */
  protected abstract Set<String> reservedWords();

  /** Quotes a name; our names are lower snake case, so only reserved words need it. */
  public String identifier(String name) {
    return reservedWords().contains(name.toUpperCase(java.util.Locale.ROOT)) ? quote(name) : name;
  }

  /** Wraps a name in the engine's quote characters. */
  protected abstract String quote(String name);

  /** The fully qualified name of a table, as FROM and INSERT INTO write it. */
  public abstract String tableName(TableRef table);

  // ---------------------------------------------------------------- literals and parameters

  /**
   * A string constant, escaped so that any text from a definition stays inside it. It holds no
   * raw line break or control character, so the SQL around it can be laid out line by line
   * without changing its value.
   */
  public abstract String stringLiteral(String value);

  /**
   * {@code value} with backslash escapes, for a dialect's escaped string literal: {@code \'},
   * {@code \\}, {@code \n}, {@code \r}, {@code \t}, and every other control character as
   * {@code control} writes it.
   */
  protected static String backslashEscaped(String value, java.util.function.IntFunction<String> control) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\'':
          out.append("\\'");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          out.append(c < 0x20 || c == 0x7f ? control.apply(c) : String.valueOf(c));
      }
    }
    return out.toString();
  }

  /**
   * Text for a {@code --} comment line, which nothing in it can end: every line break and
   * control character (CR, LF, NEL, U+2028, U+2029, ...) is written as a visible {@code \u000d}.
   * Both engines end a line comment at a line break only, so {@code /*} and quotes stay inert.
   */
  public String commentText(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  public String literal(Expr.Literal literal) {
    if (literal.value().isEmpty()) {
      return "CAST(NULL AS " + typeName(literal.type()) + ")";
    }
    Object value = literal.value().get();
    switch (literal.type()) {
      case STRING:
        return stringLiteral((String) value);
      case INT64:
        return int64Literal(((Number) value).longValue());
      case NUMERIC:
        return numericLiteral((BigDecimal) value);
      case FLOAT64:
        return floatLiteral((Double) value);
      case BOOL:
        return ((Boolean) value) ? "TRUE" : "FALSE";
      case DATE:
        return "DATE " + stringLiteral(((LocalDate) value).toString());
      default:
        throw new IllegalArgumentException(
            name() + " cannot write a constant of type " + literal.type());
    }
  }

  protected String int64Literal(long value) {
    return Long.toString(value);
  }

  protected String numericLiteral(BigDecimal value) {
    return "CAST(" + stringLiteral(value.toPlainString()) + " AS " + typeName(LogicalType.NUMERIC) + ")";
  }

  protected String floatLiteral(double value) {
    return "CAST(" + stringLiteral(Double.toString(value)) + " AS " + typeName(LogicalType.FLOAT64) + ")";
  }

  /** How a statement refers to a typed parameter: {@code @start_date} on BigQuery, {@code $1} on DuckDB. */
  public abstract String parameter(Parameter parameter);

  // ---------------------------------------------------------------- types

  public abstract String typeName(LogicalType type);

  // ---------------------------------------------------------------- dates and time zones

  /** The calendar date of a TIMESTAMP in an IANA time zone. */
  public abstract String businessDate(String timestamp, String timeZone);

  /** The instant a date starts in an IANA time zone (00:00 local time). */
  public abstract String startOfDate(String date, String timeZone);

  /** A date {@code days} later (negative: earlier). */
  public abstract String addDays(String date, int days);

  /** The first date of the period of the grain that contains {@code date}. */
  public final String periodStart(String date, Grain grain) {
    switch (grain) {
      case DAY:
        return date;
      case WEEK:
        return mondayOfWeek(date);
      case MONTH:
        return firstDayOfMonth(date);
      default:
        throw new IllegalArgumentException("unknown grain " + grain);
    }
  }

  /** The last date of the period that starts on {@code periodStart}. */
  public final String periodEnd(String periodStart, Grain grain) {
    switch (grain) {
      case DAY:
        return periodStart;
      case WEEK:
        return addDays(periodStart, 6);
      case MONTH:
        return lastDayOfMonth(periodStart);
      default:
        throw new IllegalArgumentException("unknown grain " + grain);
    }
  }

  /** The Monday of the week (Monday to Sunday) that contains the date. */
  protected abstract String mondayOfWeek(String date);

  protected abstract String firstDayOfMonth(String date);

  protected abstract String lastDayOfMonth(String date);

  /**
   * A query listing the first date of every period from {@code from} to {@code to} (both period
   * starts, inclusive), as one DATE column named {@code column}.
   */
  public abstract String periodSeries(String from, String to, Grain grain, String column);

  /** The days from {@code from} to {@code to} (two DATEs), as INT64. */
  public abstract String daysBetween(String from, String to);

  // ---------------------------------------------------------------- functions

  /**
   * The {@code index}th (from 0) of the entries of the STRING {@code list} separated by {@code
   * separator}; NULL when the list is NULL, is shorter or the entry is empty.
   */
  public abstract String listEntry(String list, String separator, String index);

  /** {@code a / b}, NULL when b is 0, with the engine's NUMERIC rounding made BigQuery's. */
  public abstract String safeDivide(String dividend, String divisor, LogicalType resultType);

  /** The value, or 0 where it is NULL (a sum or count over no rows), keeping its type. */
  public String zeroIfNull(String value, LogicalType type) {
    return "COALESCE(" + value + ", 0)";
  }

  /** {@code a = b} where two NULLs are equal (for joins on dimension values). */
  public String nullSafeEquals(String a, String b) {
    return a + " IS NOT DISTINCT FROM " + b;
  }

  /**
   * A sort key of ORDER BY; NULLs last either way, so every engine orders the same rows alike
   * (BigQuery puts them first ascending, DuckDB last).
   */
  public String orderItem(String value, boolean descending) {
    return value + (descending ? " DESC" : " ASC") + " NULLS LAST";
  }

  /** The smaller of two non-NULL values. */
  public String least(String a, String b) {
    return "LEAST(" + a + ", " + b + ")";
  }

  /** {@code CAST(x AS type)}: for bare SQL of no type of its own ({@code 0}, {@code NULL}). */
  public String cast(String value, LogicalType type) {
    return "CAST(" + value + " AS " + typeName(type) + ")";
  }

  /**
   * A value of type {@code from} as a {@code to}, as BigQuery converts it (its text, its
   * rounding): the same bad lake row reads the same on every engine.
   */
  public String convert(String value, LogicalType from, LogicalType to) {
    return cast(value, to);
  }

  // ---------------------------------------------------------------- statements

  /**
   * The parenthesised column list of a CREATE TABLE, a column a line: name, type, NOT NULL, and
   * what {@code extra} adds for the column (BigQuery: its description).
   */
  protected String columnDefinitions(TableDdl ddl, java.util.function.Function<ColumnDdl, String> extra) {
    StringBuilder sql = new StringBuilder("(\n");
    List<ColumnDdl> columns = ddl.columns();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDdl column = columns.get(i);
      sql.append("  ").append(identifier(column.name())).append(' ').append(typeName(column.type()));
      if (!column.nullable()) {
        sql.append(" NOT NULL");
      }
      sql.append(extra.apply(column)).append(i + 1 < columns.size() ? ",\n" : "\n");
    }
    return sql.append(")").toString();
  }

  /**
   * CREATE TABLE IF NOT EXISTS with partitioning, clustering and descriptions: the statements
   * to run, in order (one where the engine takes descriptions in the CREATE itself).
   */
  public abstract List<String> createTable(TableDdl ddl);

  /**
   * Replaces the rows of {@code table} matching {@code condition} with the rows of {@code
   * select}: the statements to run, in order. Readers must see the old rows or the new, never
   * neither or both: a dialect either writes one atomic script (BigQuery's transaction) or
   * returns statements the runtime runs in one transaction (DuckDB over JDBC); see {@link
   * #statementsNeedOneTransaction()}.
   */
  public abstract List<String> replaceRows(
      TableRef table, String condition, List<String> columns, String select);

  /**
   * Whether a step's statements must be run inside one transaction by the caller (true), or
   * are a script that is atomic by itself (false).
   */
  public abstract boolean statementsNeedOneTransaction();

  /** The set operator that removes duplicate rows (BigQuery insists on saying DISTINCT). */
  public String unionDistinct() {
    return "UNION";
  }

  /** The keyword that ends a statement in a script. */
  public String statementEnd() {
    return ";";
  }
}
