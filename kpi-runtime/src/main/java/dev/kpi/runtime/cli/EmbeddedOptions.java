package dev.kpi.runtime.cli;

import dev.kpi.runtime.CommandHint;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the embedded warehouse keeps its data; and how hints repeat the options of this command
 * line that choose where it reads and writes.
 */
final class EmbeddedOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Folder of the embedded warehouse (DuckDB file, run ledger, sample lake). Default: ${DEFAULT-VALUE}, or $KPI_DATA_DIR.",
      defaultValue = "${env:KPI_DATA_DIR:-.kpi}")
  Path dataDir = Paths.get(".kpi");

  /** The command that mixes these options in (set by picocli). */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * Hints that repeat the options given on this command line which choose where it reads and
   * writes: --data-dir, --lake and the target's (--target, --project, ...). Options
   * taken from the environment are not repeated: the environment still holds them.
   */
  CommandHint hint() {
    if (command == null || command.commandLine() == null || command.commandLine().getParseResult() == null) {
      return CommandHint.plain();
    }
    Set<String> where =
        command.mixins().values().stream()
            .flatMap(mixin -> mixin.options().stream())
            .map(OptionSpec::longestName)
            .collect(Collectors.toSet());
    List<List<String>> given =
        command.commandLine().getParseResult().matchedOptions().stream()
            .filter(option -> where.contains(option.longestName()))
            // A flag (--switch-lake) is repeated by its name alone; an option with each value given.
            .flatMap(
                option ->
                    option.arity().max() == 0
                        ? java.util.stream.Stream.of(List.of(option.longestName()))
                        : option.originalStringValues().stream().map(value -> List.of(option.longestName(), value)))
            .collect(Collectors.toList());
    return CommandHint.repeating(given);
  }
}
