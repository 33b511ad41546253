package dev.kpi.sql.render.query;

/**
 * SQL text written line by line. The writer owns every line break and every indentation: a
 * fragment it is given (an expression, a rendered literal) goes in as it is, never re-indented,
 * so a string literal holding a newline or a CR reaches the engine unchanged.
 */
public final class SqlWriter {
  private static final String INDENT = "  ";

  private final StringBuilder text = new StringBuilder();
  private int depth;

  /** One line at the current depth; {@code fragment} is written verbatim. */
  public SqlWriter line(String fragment) {
    text.append(INDENT.repeat(depth)).append(fragment).append('\n');
    return this;
  }

  /** The lines {@code body} writes, one level deeper. */
  public SqlWriter nested(Runnable body) {
    depth++;
    try {
      body.run();
    } finally {
      depth--;
    }
    return this;
  }

  /** The text, without the last line's break (a statement's end follows it). */
  public String text() {
    int end = text.length();
    return end > 0 && text.charAt(end - 1) == '\n' ? text.substring(0, end - 1) : text.toString();
  }
}
