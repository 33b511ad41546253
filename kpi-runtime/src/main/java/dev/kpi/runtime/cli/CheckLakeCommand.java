package dev.kpi.runtime.cli;

import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.duckdb.EmbeddedWarehouse;
import dev.kpi.runtime.lake.LakeFiles;
import dev.kpi.runtime.ledger.Ledger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "check-lake",
    mixinStandardHelpOptions = true,
    description = {
      "Compares the lake with the lake contract and lists every difference.",
      "On BigQuery it reads the lake dataset's tables; on the embedded target, the files of --lake (without it, the lake the data folder was built from).",
      "It checks the columns and their types, then every row: no NULL in a NOT NULL column, no primary key twice.",
      "Exit 1 when there is a difference."
    })
final class CheckLakeCommand implements Callable<Integer> {
  @Mixin EmbeddedOptions options = new EmbeddedOptions();

  @Mixin LakeOption lake = new LakeOption();

  @Mixin TargetOptions target = new TargetOptions();

  @Override
  public Integer call() {
    if (target.isBigQuery()) {
      BigQueryTarget bigQuery = BigQueryTarget.open(target, options.hint(), System.err);
      List<String> differences = bigQuery.runner.checkLake();
      if (!differences.isEmpty()) {
        throw new KpiException("the lake in BigQuery does not match the lake contract:\n  - " + String.join("\n  - ", differences));
      }
      System.out.println("the lake in " + bigQuery.settings.project() + "." + bigQuery.settings.lakeDataset() + " matches the lake contract");
      return 0;
    }
    LoadedCatalog catalog = Catalogs.load();
    Path folder = lake.lake != null ? lake.lake : rememberedLake(catalog);
    LakeFiles files = new LakeFiles();
    try (Connection scratch = DriverManager.getConnection("jdbc:duckdb:")) {
      files.check(scratch, files.discover(folder, catalog.catalog().lakeTables()), catalog.catalog().lakeTables());
    } catch (SQLException e) {
      throw new KpiException("cannot start DuckDB to read the lake: " + e.getMessage(), e);
    }
    System.out.println("the lake files in " + folder + " match the lake contract");
    return 0;
  }

  /** Without --lake: the lake the data folder was built from. */
  private Path rememberedLake(LoadedCatalog catalog) {
    if (EmbeddedWarehouse.exists(options.dataDir)) {
      try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.open(options.dataDir, catalog)) {
        Optional<String> built = new Ledger(warehouse.ledger()).lastLake();
        if (built.isPresent()) {
          System.err.println("kpi: no --lake given: checking " + built.get() + ", the lake the data folder " + warehouse.dataDir() + " was built from");
          return Path.of(built.get());
        }
      }
    }
    throw KpiException.usage(
        "give the lake folder to check with --lake (or --target bigquery); the data folder " + options.dataDir.toAbsolutePath().normalize()
            + " has no lake to check yet");
  }
}
