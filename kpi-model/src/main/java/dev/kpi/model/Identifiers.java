package dev.kpi.model;

import java.util.regex.Pattern;

/** The rule for names of tables, columns, metrics, dimensions and marts. */
public final class Identifiers {

  /**
   * Lower snake case: valid unquoted in BigQuery and DuckDB alike, and the same name in every
   * engine (both fold or preserve case differently for quoted names).
   */
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,127}");

  private Identifiers() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  public static String rule() {
    return "lower snake_case: a letter a-z, then letters a-z, digits or underscores, at most 128 characters";
  }
}
