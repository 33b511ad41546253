package dev.kpi.runtime.docs;

/** Text into HTML: every character that could start markup or end an attribute is an entity. */
public final class Html {
  private Html() {}

  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.appendCodePoint(Character.isISOControl(c) && c != '\n' ? ' ' : c);
      }
    });
    return out.toString();
  }
}
