package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The embedded warehouse: one DuckDB file under a data folder (default {@code ./.kpi/}), with
 * the lake, warehouse and mart schemas and the run ledger, its schema managed by Flyway.
 *
 * <p>One command at a time may use a data folder: opening takes an exclusive lock on
 * {@code kpi.lock}, so a second run fails at once with a clear message instead of waiting on
 * DuckDB's own lock or writing beside the first.
 */
public final class EmbeddedWarehouse implements AutoCloseable {
  /**
   * Not named like a schema (lake, warehouse, mart, kpi): DuckDB names the database after the
   * file, and "kpi.x" would then mean the database, not the schema.
   */
  static final String DATABASE_FILE = "embedded.duckdb";

  private static final String LOCK_FILE = "kpi.lock";

  private final Path dataDir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Connection connection;
  private final DuckDbMemory memory;

  private EmbeddedWarehouse(Path dataDir, FileChannel lockChannel, FileLock lock, Connection connection, DuckDbMemory memory) {
    this.dataDir = dataDir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.connection = connection;
    this.memory = memory;
  }

  /**
   * Opens the warehouse in {@code dataDir} for a command that only reads it (show, status,
   * notify): a folder where nothing was ever built is an error naming the folder, not a new
   * empty warehouse created as a side effect of a typo in --data-dir.
   */
  public static EmbeddedWarehouse openExisting(Path dataDir, LoadedCatalog catalog) {
    return openExisting(dataDir, catalog, null);
  }

  /**
   * As {@link #openExisting(Path, LoadedCatalog)}; while another kpi command holds the folder (a
   * build), waits for it, saying so on {@code log} (DuckDB cannot read a database another
   * process writes), up to {@link #READ_WAIT}; without a log it does not wait.
   */
  public static EmbeddedWarehouse openExisting(Path dataDir, LoadedCatalog catalog, java.io.PrintStream log) {
    return openExisting(dataDir, catalog, log, DuckDbMemory.unbounded());
  }

  /** As {@link #openExisting(Path, LoadedCatalog, java.io.PrintStream)}, with DuckDB's memory bounded. */
  static EmbeddedWarehouse openExisting(Path dataDir, LoadedCatalog catalog, java.io.PrintStream log, DuckDbMemory memory) {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (!exists(dataDir)) {
      throw new KpiException(
          "no embedded warehouse in "
              + dir
              + " (no "
              + DATABASE_FILE
              + " there): nothing has been built in this folder; build a date first with 'kpi run --date YYYY-MM-DD'"
              + " (same --data-dir), or name the folder you built with --data-dir or KPI_DATA_DIR");
    }
    if (log == null) {
      return open(dataDir, catalog, memory);
    }
    long deadline = System.nanoTime() + READ_WAIT.toNanos();
    boolean said = false;
    while (true) {
      try {
        return open(dataDir, catalog, memory);
      } catch (FolderInUse e) {
        if (System.nanoTime() > deadline) {
          throw new KpiException(e.getMessage() + " (waited " + READ_WAIT.toMinutes() + " minutes)", e);
        }
        if (!said) {
          log.println("kpi: waiting for " + dir + ": another kpi command is using it; reading starts when it finishes (up to " + READ_WAIT.toMinutes() + " minutes)");
          said = true;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new KpiException("interrupted while waiting for " + dir, interrupted);
        }
      }
    }
  }

  /** How long a reading command waits for a build that holds the folder. */
  static final java.time.Duration READ_WAIT = java.time.Duration.ofMinutes(10);

  /** The data folder is held by another kpi command. */
  static final class FolderInUse extends KpiException {
    private static final long serialVersionUID = 1L;

    FolderInUse(String message) {
      super(message);
    }
  }

  /** Whether a warehouse was ever opened in {@code dataDir}. */
  public static boolean exists(Path dataDir) {
    return Files.isRegularFile(dataDir.toAbsolutePath().normalize().resolve(DATABASE_FILE));
  }

  /** Opens (creating if needed) the warehouse in {@code dataDir} and brings its schema up to date. */
  public static EmbeddedWarehouse open(Path dataDir, LoadedCatalog catalog) {
    return open(dataDir, catalog, DuckDbMemory.unbounded());
  }

  /** As {@link #open(Path, LoadedCatalog)}, with DuckDB's memory bounded and its spill folder in the data folder. */
  static EmbeddedWarehouse open(Path dataDir, LoadedCatalog catalog, DuckDbMemory memory) {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw KpiException.usage("the data folder " + dir + " is a file, not a folder; name a folder with --data-dir (or KPI_DATA_DIR)");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new KpiException("cannot create the data folder " + dir + ": " + e.getMessage() + "; choose another with --data-dir", e);
    }
    FileChannel channel;
    FileLock lock;
    try {
      channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
    } catch (IOException e) {
      throw new KpiException("cannot lock the data folder " + dir + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new FolderInUse(
          "the data folder "
              + dir
              + " is in use by another kpi command (it holds "
              + dir.resolve(LOCK_FILE)
              + "); wait for it to finish, or use another folder with --data-dir");
    }
    try {
      String url = "jdbc:duckdb:" + dir.resolve(DATABASE_FILE);
      Connection connection = null;
      try {
        connection = DriverManager.getConnection(url);
        if (!isCurrent(connection, catalog)) {
          connection.close();
          connection = null;
          migrate(url, catalog);
          connection = DriverManager.getConnection(url);
        }
        memory.apply(connection, dir);
        return new EmbeddedWarehouse(dir, channel, lock, connection, memory);
      } catch (SQLException | RuntimeException e) {
        if (connection != null) {
          try {
            connection.close();
          } catch (SQLException closing) {
            e.addSuppressed(closing);
          }
        }
        throw e;
      }
    } catch (SQLException | FlywayException e) {
      releaseQuietly(lock, channel);
      throw new KpiException("cannot open the embedded warehouse in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      releaseQuietly(lock, channel);
      throw e;
    }
  }

  /** Where the runtime's own migrations are, in the schema {@code kpi}. */
  private static final String RUNTIME_MIGRATIONS = "classpath:db/runtime";

  /**
   * Whether both schemas already hold every migration, as {@link #migrate} would find: then
   * Flyway is not started at all (see {@link SchemaHistory}).
   */
  private static boolean isCurrent(Connection connection, LoadedCatalog catalog) {
    return SchemaHistory.isCurrent(connection, "kpi", RUNTIME_MIGRATIONS, true)
        && catalog.lakeMigrations().map(location -> SchemaHistory.isCurrent(connection, "lake", location, false)).orElse(true);
  }

  /**
   * The lake's migration (from the shop's definitions, when it has one) and the runtime's own
   * migration, each with its own history table, so either can evolve alone.
   */
  private static void migrate(String url, LoadedCatalog catalog) {
    catalog
        .lakeMigrations()
        .ifPresent(
            location ->
                Flyway.configure()
                    .dataSource(url, null, null)
                    .locations(location)
                    .schemas("lake")
                    .loggers("slf4j")
                    // The embedded engine replaces the lake's tables by views over the lake files
                    // (LakeFiles.attach) right away: the migration only makes the schema, and a
                    // folder made before a column of it became NOT NULL must still open.
                    .validateOnMigrate(false)
                    .load()
                    .migrate());
    Flyway.configure()
        .dataSource(url, null, null)
        .locations(RUNTIME_MIGRATIONS)
        .schemas("kpi")
        .loggers("slf4j")
        .load()
        .migrate();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** How much memory DuckDB may take in this command. */
  DuckDbMemory memory() {
    return memory;
  }

  /** The connection every statement of this command runs on. */
  public Connection connection() {
    return connection;
  }

  /** jOOQ on the same connection, for the ledger. */
  public DSLContext ledger() {
    return DSL.using(connection, SQLDialect.DUCKDB);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a DuckDB connection only releases memory; the data is already committed.
    }
    releaseQuietly(lock, lockChannel);
  }

  /**
   * Closes a warehouse this command created and then could not use (a bad lake on a first run),
   * removing its files before the folder's lock is released: a mistaken first run leaves no
   * warehouse behind, and the next run starts as new.
   */
  public void closeAndRemove() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Removed below either way.
    }
    try {
      Files.deleteIfExists(dataDir.resolve(DATABASE_FILE));
      Files.deleteIfExists(dataDir.resolve(DATABASE_FILE + ".wal"));
    } catch (IOException e) {
      // A file left behind holds an empty warehouse: harmless, and the next run reuses it.
    }
    releaseQuietly(lock, lockChannel);
  }

  private static void releaseQuietly(FileLock lock, FileChannel channel) {
    try {
      lock.release();
    } catch (IOException e) {
      // The lock goes with the channel anyway.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }
}
