package dev.kpi.runtime;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The kpi command line a message suggests ("build it first with: kpi run --date ..."), written
 * with the options that chose this invocation's warehouse and lake (--data-dir, --lake,
 * --target, ...), so that pasting the hint acts on the same data, not on the default folder.
 */
public final class CommandHint {
  private static final CommandHint PLAIN = new CommandHint(List.of());
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private final List<String> options;

  private CommandHint(List<String> options) {
    this.options = List.copyOf(options);
  }

  /** Hints without options: for the defaults, and for callers that have no command line. */
  public static CommandHint plain() {
    return PLAIN;
  }

  /** Hints that repeat these options, each a name and its value as the user wrote them. */
  public static CommandHint repeating(List<List<String>> options) {
    return new CommandHint(
        options.stream().map(o -> o.stream().map(CommandHint::quoted).collect(Collectors.joining(" "))).collect(Collectors.toList()));
  }

  /** {@code kpi <command>} followed by the repeated options. */
  public String kpi(String command) {
    return "kpi " + command + options.stream().map(o -> " " + o).collect(Collectors.joining());
  }

  /** A word as a shell reads it back. */
  public static String quoted(String word) {
    return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
