package dev.kpi.runtime.duckdb;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.contract.LakeCheckResult;
import dev.kpi.runtime.contract.LakeContractCheck;
import dev.kpi.runtime.lake.LakeFiles;
import dev.kpi.runtime.lake.LakeSource;
import dev.kpi.runtime.warehouse.LakeScope;
import dev.kpi.sql.dialect.DuckDbDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code kpi check-lake} of a folder of lake files: every file read whole (every value of every
 * column decoded), then the lake contract's rules on every row, on a throwaway in-memory engine.
 */
public final class LakeFolderCheck {
  private LakeFolderCheck() {}

  /**
   * Returns the sentence that says the folder matches (with how many warnings, each passed to
   * {@code note}), or fails listing every error and warning.
   */
  public static String check(Catalog catalog, Path folder, Consumer<String> note) {
    return check(catalog, folder, note, DuckDbMemory.unbounded(), null);
  }

  /** As {@link #check(Catalog, Path, Consumer)}, with DuckDB's memory bounded and spilling into {@code dataDir}. */
  static String check(Catalog catalog, Path folder, Consumer<String> note, DuckDbMemory memory, Path dataDir) {
    LakeFiles files = new LakeFiles();
    List<LakeTable> tables = catalog.lakeTables();
    try (Connection scratch = DriverManager.getConnection("jdbc:duckdb:")) {
      if (dataDir != null) {
        memory.apply(scratch, dataDir.toAbsolutePath().normalize());
      }
      List<LakeSource> sources = files.discover(folder, tables);
      files.check(scratch, sources, tables, true);
      try (Statement statement = scratch.createStatement()) {
        statement.execute("SET TimeZone = 'UTC'");
      }
      files.attach(scratch, sources, tables);
      LakeCheckResult result =
          new LakeContractCheck(catalog, DuckDbDialect.standard(), new EmbeddedLakeQueries(scratch, sources), Clock.systemUTC())
              .check(new LakeScope(tables.stream().map(LakeTable::name).collect(Collectors.toList()), null));
      if (!result.errors().isEmpty()) {
        throw new KpiException(
            LakeCheckResult.failure("the lake does not match the lake contract", LakeCheckResult.messages(result.errors()), LakeCheckResult.messages(result.warnings())));
      }
      result.warnings().forEach(w -> note.accept("warning: " + w.message()));
      return LakeCheckResult.passed("the lake files in " + folder + " match the lake contract", result.warnings().size());
    } catch (SQLException e) {
      throw new KpiException("cannot start DuckDB to read the lake: " + e.getMessage(), e);
    }
  }
}
