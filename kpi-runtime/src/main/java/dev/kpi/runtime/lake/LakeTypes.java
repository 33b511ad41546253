package dev.kpi.runtime.lake;

import dev.kpi.model.LogicalType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which DuckDB types hold the lake contract's types, and how messages ask for them. */
final class LakeTypes {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

  private LakeTypes() {}

  /** Whether a column of DuckDB type {@code actual} holds every value of the lake type exactly. */
  static boolean holds(String actual, LogicalType type) {
    String t = normalize(actual);
    switch (type) {
      case INT64:
        return t.equals("BIGINT") || t.equals("INTEGER") || t.equals("SMALLINT") || t.equals("TINYINT");
      case NUMERIC:
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
          int precision = Integer.parseInt(decimal.group(1));
          int scale = Integer.parseInt(decimal.group(2));
          return scale <= 9 && precision - scale <= 29;
        }
        return t.equals("BIGINT") || t.equals("INTEGER") || t.equals("SMALLINT") || t.equals("TINYINT");
      case FLOAT64:
        return t.equals("DOUBLE") || t.equals("FLOAT");
      case STRING:
        return t.equals("VARCHAR");
      case BOOL:
        return t.equals("BOOLEAN");
      case DATE:
        return t.equals("DATE");
      case TIMESTAMP:
        return t.equals("TIMESTAMPWITHTIMEZONE") || t.equals("TIMESTAMP");
      default:
        return false;
    }
  }

  /** How a Parquet writer should write a column of the lake type. */
  static String parquetForm(LogicalType type) {
    switch (type) {
      case INT64:
        return "a 64-bit integer (INT64)";
      case NUMERIC:
        return "an exact decimal with at most 9 decimal places, e.g. DECIMAL(38, 9) (not a floating-point number)";
      case FLOAT64:
        return "a DOUBLE";
      case STRING:
        return "a string (UTF-8)";
      case BOOL:
        return "a BOOLEAN";
      case DATE:
        return "a DATE";
      default:
        return "a timestamp (UTC)";
    }
  }

  /** How a CSV file should write a value of the lake type. */
  static String csvForm(LogicalType type) {
    switch (type) {
      case INT64:
        return "a whole number such as 42";
      case NUMERIC:
        return "a decimal number such as 1234.5";
      case FLOAT64:
        return "a number such as 0.25";
      case STRING:
        return "any text";
      case BOOL:
        return "true or false";
      case DATE:
        return "a date such as 2024-03-10";
      default:
        return "an instant such as 2024-03-10T03:00:00Z";
    }
  }

  /** DuckDB's spelling of a type without spaces, upper case: "DECIMAL(38,9)". */
  static String normalize(String type) {
    return type.replace(" ", "").toUpperCase(Locale.ROOT);
  }
}
