package dev.kpi.runtime.warehouse;

/**
 * A kind of warehouse the {@code kpi} command can run on, found by {@link java.util.ServiceLoader}
 * (register the implementation in {@code META-INF/services/dev.kpi.runtime.warehouse.WarehouseTarget}).
 * {@code --target NAME} chooses one ({@link Targets}); commands never ask which they have.
 *
 * <p>A target brings its own options as picocli mixins (objects whose fields carry
 * {@code @Option}): the command line adds them to every command that uses a warehouse, and
 * refuses them, naming their target, when another target is chosen.
 */
public interface WarehouseTarget {
  /** The name {@code --target} takes ("embedded", "bigquery"). */
  String name();

  /** What the target is, for {@code --help}. */
  String description();

  /** A new object holding the options every command that uses this warehouse takes. */
  Object options();

  /**
   * A new object holding the options of the commands that read the lake (build or check it);
   * null when the target has none.
   */
  Object lakeOptions();

  /** A new object holding the options only the commands that build take (a run id, consents); null when none. */
  Object buildOptions();

  /** Whether it can estimate what a run would process without running it ({@code kpi run --dry-run}). */
  boolean estimates();

  /**
   * Opens the warehouse for a command. For a command that builds, the lake is found and its
   * columns checked against the lake contract before anything is written.
   */
  Warehouse open(Opening opening);

  /**
   * Checks the whole lake against the lake contract (columns, types, then every row), for
   * {@code kpi check-lake}; returns the sentence that says it matches, or fails listing every
   * difference. {@code opening.lakeOptions()} holds the lake options; there are no build options.
   */
  String checkLake(Opening opening);
}
