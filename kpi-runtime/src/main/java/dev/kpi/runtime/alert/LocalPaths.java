package dev.kpi.runtime.alert;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message bound for a shared channel without the machine's file paths: they say where the
 * scheduler's disks are mounted and who runs it, and mean nothing to the reader. Each absolute
 * path keeps its last name ("orders.parquet"), which still says which file.
 */
public final class LocalPaths {
  /** An absolute path: "/" then names, up to a space, a quote or a sentence's punctuation. */
  private static final Pattern PATH = Pattern.compile("(?<![\\w./])(?!//)(?:/[^\\s/'\"`,;:()\\[\\]]+)+/?");

  private LocalPaths() {}

  public static String hide(String text) {
    Matcher path = PATH.matcher(text);
    StringBuilder out = new StringBuilder();
    while (path.find()) {
      String found = path.group();
      String trimmed = found.endsWith("/") ? found.substring(0, found.length() - 1) : found;
      String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
      path.appendReplacement(out, Matcher.quoteReplacement("…/" + last));
    }
    path.appendTail(out);
    return out.toString();
  }
}
