package dev.kpi.runtime.cli;

import dev.kpi.runtime.KpiException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kpi} command. Results go to stdout, logs and errors to stderr; exit 0 on success,
 * 1 when a run fails, 2 on a usage error.
 */
@Command(
    name = "kpi",
    mixinStandardHelpOptions = true,
    version = "kpi " + dev.kpi.runtime.KpiVersion.VERSION,
    description = "Builds the shop's KPIs from its lake: warehouse tables and marts, on embedded DuckDB or on BigQuery.")
public final class KpiCli implements Runnable {
  /** Every command, in the order `kpi --help` lists them. */
  private static final java.util.List<Class<?>> COMMANDS =
      java.util.List.of(
          RunCommand.class,
          BackfillCommand.class,
          NotifyCommand.class,
          DailyCommand.class,
          ShowCommand.class,
          ListCommand.class,
          QueryCommand.class,
          DocsCommand.class,
          DashboardCommand.class,
          StatusCommand.class,
          CheckLakeCommand.class,
          CompileCommand.class,
          SampleLakeCommand.class,
          CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. kpi run --date 2026-11-24");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    dev.kpi.runtime.RunContext.reset();
    // A scheduled command stopped by a signal alerts too: nobody watches its terminal.
    java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    Thread stopped = new Thread(() -> {
      if (!finished.get()) {
        new dev.kpi.runtime.alert.FailureAlert(System.getenv(), System.err).sendStopped(java.util.List.of(args));
      }
    }, "kpi-stopped-alert");
    boolean scheduled = args.length > 0 && dev.kpi.runtime.alert.FailureAlert.isScheduled(java.util.List.of(args));
    if (scheduled) {
      Runtime.getRuntime().addShutdownHook(stopped);
    }
    try {
      return commandLine(args).execute(args);
    } finally {
      finished.set(true);
      if (scheduled) {
        try {
          Runtime.getRuntime().removeShutdownHook(stopped);
        } catch (IllegalStateException shuttingDown) {
          // the hook sees it finished
        }
      }
      dev.kpi.runtime.alert.SentryAlerts.closeIfStarted();
    }
  }

  /** The data folder the command line names: --data-dir, $KPI_DATA_DIR, or ./.kpi. */
  private static java.nio.file.Path dataDir(java.util.List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--data-dir") && i + 1 < args.size()) {
        return java.nio.file.Path.of(args.get(i + 1));
      }
      if (args.get(i).startsWith("--data-dir=")) {
        return java.nio.file.Path.of(args.get(i).substring("--data-dir=".length()));
      }
    }
    String env = System.getenv("KPI_DATA_DIR");
    return java.nio.file.Path.of(env != null && !env.isBlank() ? env : ".kpi");
  }

  /** Tells the team of a failed scheduled command (FailureAlert), then what went wrong with telling them. */
  private static void alert(java.util.List<String> args, String message, int exitCode, Throwable error, PrintWriter err) {
    err.flush();
    for (String problem : new dev.kpi.runtime.alert.FailureAlert(System.getenv(), System.err).send(args, message, exitCode, error)) {
      err.println("kpi: error: " + problem);
    }
    err.flush();
  }

  /** The configured command line with every command. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The configured command line for these arguments (tests set its streams). When they name a
   * command, only that one is added: picocli reads each command's annotations when it is added,
   * which for all of them costs about a tenth of a second of every start. `kpi`, `kpi --help`,
   * `kpi help run` and a misspelt command get all of them, to list or suggest.
   */
  public static CommandLine commandLine(String... arguments) {
    CommandLine cli = new CommandLine(new KpiCli());
    java.util.Optional<Class<?>> named = named(arguments);
    for (Class<?> command : COMMANDS) {
      if (named.isEmpty() || named.get() == command) {
        cli.addSubcommand(command.getAnnotation(Command.class).name(), command);
      }
    }
    // Each target brings its options; every command that uses a warehouse takes them all, and
    // refuses those of a target it does not run on.
    var targets = dev.kpi.runtime.warehouse.Targets.available();
    for (CommandLine sub : cli.getSubcommands().values()) {
      // Each command's -V says the version, as kpi -V does.
      sub.getCommandSpec().version(cli.getCommandSpec().version());
      for (CommandLine.Model.CommandSpec mixin : java.util.List.copyOf(sub.getCommandSpec().mixins().values())) {
        if (mixin.userObject() instanceof TargetChoice) {
          ((TargetChoice) mixin.userObject()).mixInto(sub, targets);
        }
      }
    }
    // KPI_TARGET=BigQuery or --format JSON mean what they say.
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (thrown, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          java.util.List<String> args = parseResult.originalArgs();
          // A full disk is the one thing to fix, whichever error noticed it.
          Exception exception = dev.kpi.runtime.DiskFull.of(thrown, dataDir(args), "kpi " + String.join(" ", args)).map(Exception.class::cast).orElse(thrown);
          if (exception instanceof KpiException) {
            err.println("kpi: error: " + exception.getMessage());
            alert(args, exception.getMessage(), ((KpiException) exception).exitCode(), exception, err);
            return ((KpiException) exception).exitCode();
          }
          err.println("kpi: unexpected error (a bug; please report it with this output): " + exception);
          exception.printStackTrace(err);
          alert(args, "unexpected error (a bug): " + exception, KpiException.RUN_FAILED, exception, err);
          return KpiException.RUN_FAILED;
        });
    cli.setParameterExceptionHandler(
        (exception, args) -> {
          CommandLine commandLine = exception.getCommandLine();
          PrintWriter err = commandLine.getErr();
          err.println("kpi: error: " + exception.getMessage());
          // "kpi runn": "Did you mean: kpi run?"
          CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
          err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.");
          alert(java.util.List.of(args), exception.getMessage(), KpiException.USAGE, null, err);
          return KpiException.USAGE;
        });
    return cli;
  }

  /** The command the arguments name (the root takes no option with a value), unless it is help. */
  private static java.util.Optional<Class<?>> named(String... args) {
    for (String arg : args) {
      if (arg.startsWith("-")) {
        continue;
      }
      return COMMANDS.stream()
          .filter(command -> command != CommandLine.HelpCommand.class)
          .filter(command -> command.getAnnotation(Command.class).name().equals(arg))
          .findFirst();
    }
    return java.util.Optional.empty();
  }
}
