package dev.kpi.runtime.duckdb;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.ledger.Ledger;
import dev.kpi.runtime.warehouse.Opening;
import dev.kpi.runtime.warehouse.Warehouse;
import dev.kpi.runtime.warehouse.WarehouseTarget;
import java.nio.file.Path;
import java.util.Optional;

/** The embedded warehouse: DuckDB in the data folder, reading lake files; the default target. */
public final class EmbeddedTarget implements WarehouseTarget {
  /** Options of the commands that build or check the lake: --lake, and --switch-lake. */
  public static final class LakeOptions {
    @picocli.CommandLine.Mixin LakeOption lake = new LakeOption();
  }

  /** Options only the commands that build take. */
  public static final class BuildOptions {
    @picocli.CommandLine.Mixin LakeSwitchOption lakeSwitch = new LakeSwitchOption();
  }

  @Override
  public String name() {
    return "embedded";
  }

  @Override
  public String description() {
    return "DuckDB in the data folder";
  }

  @Override
  public Object options() {
    return new EmbeddedOptions();
  }

  @Override
  public Object lakeOptions() {
    return new LakeOptions();
  }

  @Override
  public Object buildOptions() {
    return new BuildOptions();
  }

  @Override
  public boolean estimates() {
    return false;
  }

  @Override
  public Warehouse open(Opening opening) {
    EmbeddedOptions options = (EmbeddedOptions) opening.options();
    if (!opening.builds()) {
      return new DuckDbWarehouse(EmbeddedWarehouse.openExisting(options.dataDir, opening.catalog(), opening.log(), options.memory()), opening.catalog(), opening.hint(), null);
    }
    return EmbeddedLake.open(
        opening.catalog(),
        options,
        ((LakeOptions) opening.lakeOptions()).lake,
        ((BuildOptions) opening.buildOptions()).lakeSwitch,
        opening.from(),
        opening.to(),
        opening.log(),
        opening.hint());
  }

  @Override
  public String checkLake(Opening opening) {
    EmbeddedOptions options = (EmbeddedOptions) opening.options();
    LakeOption lake = ((LakeOptions) opening.lakeOptions()).lake;
    LoadedCatalog catalog = opening.catalog();
    DuckDbMemory memory = options.memory();
    Path folder = lake.lake != null ? lake.lake : rememberedLake(options, catalog, opening);
    return LakeFolderCheck.check(catalog.catalog(), folder, opening::note, memory, options.dataDir);
  }

  /** Without --lake: the lake the data folder was built from. */
  private static Path rememberedLake(EmbeddedOptions options, LoadedCatalog catalog, Opening opening) {
    if (EmbeddedWarehouse.exists(options.dataDir)) {
      try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.open(options.dataDir, catalog, options.memory())) {
        Optional<String> built = new Ledger(warehouse.ledger()).lastLake();
        if (built.isPresent()) {
          opening.note("no --lake given: checking " + built.get() + ", the lake the data folder " + warehouse.dataDir() + " was built from");
          return Path.of(built.get());
        }
      }
    }
    throw KpiException.usage(
        "give the lake folder to check with --lake (or --target bigquery); the data folder " + options.dataDir.toAbsolutePath().normalize()
            + " has no lake to check yet");
  }
}
