package dev.kpi.runtime.docs;

/** Text into HTML: every character that could start markup or end an attribute is an entity; and the pages' assets. */
public final class Html {
  private Html() {}

  /**
   * A text resource of the jar: {@code name} beside {@code beside}'s package, or from the class
   * path's root when it starts with "/" (a webjar's file).
   */
  public static String resource(Class<?> beside, String name) {
    try (java.io.InputStream in = beside.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + name + " (beside " + beside.getName() + ")");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

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
