package dev.kpi.sql.render;

import dev.kpi.model.Documented;
import dev.kpi.sql.dialect.SqlDialect;

/** The comment lines each statement starts with: what the table is and what the step does. */
final class Header {
  private Header() {}

  /**
   * The header in {@code dialect}'s comments: the description's lines each a comment line, every
   * text through {@link SqlDialect#commentText}, so no definition text can end a comment.
   */
  static String of(SqlDialect dialect, String title, Documented documented, String summary) {
    StringBuilder out = new StringBuilder("-- ").append(dialect.commentText(title)).append('\n');
    for (String line : documented.description().strip().split("\\R")) {
      out.append("--   ").append(dialect.commentText(line.strip())).append('\n');
    }
    out.append("-- Owner: ").append(dialect.commentText(documented.owner())).append('\n');
    out.append("-- This statement ").append(dialect.commentText(summary)).append(".\n");
    return out.toString();
  }

  /** The statements, with the header in front of the first. */
  static java.util.List<String> prepend(String header, java.util.List<String> statements) {
    java.util.List<String> out = new java.util.ArrayList<>(statements);
    out.set(0, header + out.get(0));
    return java.util.List.copyOf(out);
  }

  /** Description and owner as one text, for the engine's own table descriptions. */
  static String tableDescription(Documented documented) {
    return documented.description().strip() + " Owner: " + documented.owner() + ".";
  }
}
