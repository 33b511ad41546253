package dev.kpi.runtime.cli;

import dev.kpi.runtime.CommandHint;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.warehouse.Opening;
import dev.kpi.runtime.warehouse.Targets;
import dev.kpi.runtime.warehouse.WarehouseTarget;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which warehouse a command works on ({@code --target}), with the options of every target on the
 * class path, which {@link KpiCli} mixes into the command. The chosen target's options are
 * handed to it; another target's options given on the command line are refused, naming their
 * target (a {@code --project} without {@code --target bigquery} used to run on the embedded
 * warehouse without a word).
 */
final class TargetChoice {
  /** What a command needs of its target's options. */
  enum Needs {
    /** Only the warehouse: show, status, notify. */
    WAREHOUSE,
    /** The warehouse and the lake: check-lake. */
    LAKE,
    /** Everything a build takes: run, backfill, daily. */
    BUILD
  }

  @Option(
      names = "--target",
      paramLabel = "NAME",
      defaultValue = "${env:KPI_TARGET:-" + Targets.DEFAULT + "}",
      description = "The warehouse: embedded (DuckDB in the data folder) or bigquery. Default: ${DEFAULT-VALUE}, or $KPI_TARGET.")
  String target = Targets.DEFAULT;

  /** The command that mixes these options in (set by picocli). */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** A target's option objects, as mixed into this command. */
  private record Mixed(WarehouseTarget target, Object options, Object lakeOptions, Object buildOptions, Set<String> names) {}

  private final Map<String, Mixed> targets = new LinkedHashMap<>();
  private final Needs needs;

  /** For a command that needs {@code needs} of its target. */
  TargetChoice(Needs needs) {
    this.needs = needs;
  }

  /** Adds the options of every target to {@code commandLine}, as this command's needs say. */
  void mixInto(CommandLine commandLine, List<WarehouseTarget> available) {
    for (WarehouseTarget target : available) {
      List<String> names = new ArrayList<>();
      Object options = mix(commandLine, target.name(), target.options(), names);
      Object lake = needs == Needs.WAREHOUSE ? null : mix(commandLine, target.name() + "-lake", target.lakeOptions(), names);
      Object build = needs != Needs.BUILD ? null : mix(commandLine, target.name() + "-build", target.buildOptions(), names);
      targets.put(target.name(), new Mixed(target, options, lake, build, Set.copyOf(names)));
    }
  }

  private static Object mix(CommandLine commandLine, String name, Object mixin, List<String> names) {
    if (mixin == null) {
      return null;
    }
    CommandSpec spec = CommandSpec.forAnnotatedObject(mixin);
    spec.options().forEach(o -> names.add(o.longestName()));
    commandLine.getCommandSpec().addMixin(name, spec);
    return mixin;
  }

  /**
   * The chosen target; a usage error when it is unknown, or when options of another target were
   * given on the command line (options taken from the environment are not: a shell may export
   * them all).
   */
  WarehouseTarget chosen() {
    List<WarehouseTarget> known = targets.values().stream().map(Mixed::target).collect(Collectors.toList());
    WarehouseTarget chosen = Targets.named(target, known);
    Set<String> given = given();
    for (Mixed other : targets.values()) {
      if (other.target() == chosen) {
        continue;
      }
      List<String> foreign = other.names().stream().filter(given::contains).sorted().collect(Collectors.toList());
      if (!foreign.isEmpty()) {
        throw KpiException.usage(
            String.join(", ", foreign) + (foreign.size() == 1 ? " is an option" : " are options") + " of --target " + other.target().name()
                + ", but this command runs on --target " + chosen.name() + ": add --target " + other.target().name() + ", or leave "
                + (foreign.size() == 1 ? "it" : "them") + " out");
      }
    }
    return chosen;
  }

  /** What the chosen target is asked to open: {@code from} null for a command that does not build. */
  Opening opening(LoadedCatalog catalog, LocalDate from, LocalDate to, PrintStream log) {
    Mixed mixed = targets.get(chosen().name());
    return new Opening(catalog, mixed.options(), mixed.lakeOptions(), mixed.buildOptions(), from, to, log, hint());
  }

  private Set<String> given() {
    if (command == null || command.commandLine() == null || command.commandLine().getParseResult() == null) {
      return Set.of();
    }
    return command.commandLine().getParseResult().matchedOptions().stream().map(OptionSpec::longestName).collect(Collectors.toSet());
  }

  /**
   * Hints that repeat the options given on this command line which choose where it reads and
   * writes: --target and the targets' options (--data-dir, --lake, --project, ...). Options
   * taken from the environment are not repeated: the environment still holds them.
   */
  CommandHint hint() {
    if (command == null || command.commandLine() == null || command.commandLine().getParseResult() == null) {
      return CommandHint.plain();
    }
    Set<String> where = targets.values().stream().flatMap(m -> m.names().stream()).collect(Collectors.toSet());
    List<List<String>> given =
        command.commandLine().getParseResult().matchedOptions().stream()
            .filter(option -> option.longestName().equals("--target") || where.contains(option.longestName()))
            // The scheduler's run id names one run's jobs: a hint to run again is another run.
            .filter(option -> !option.longestName().equals("--run-id"))
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
