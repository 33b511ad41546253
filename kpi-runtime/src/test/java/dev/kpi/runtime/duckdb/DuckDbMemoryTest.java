package dev.kpi.runtime.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.lake.DuckDbErrors;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.TestCatalogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --memory-limit: DuckDB's native memory bounded, spilling inside the data folder, and the message when it is not enough. */
class DuckDbMemoryTest {
  @TempDir Path dir;

  @Test
  void sizesAreReadAsDuckDbReadsThem() {
    assertThat(DuckDbMemory.of("2GB").limit()).contains("2GB");
    assertThat(DuckDbMemory.of(" 1.5 gib ").limit()).contains("1.5GIB");
    assertThat(DuckDbMemory.of("512MiB").limit()).contains("512MIB");
    assertThat(DuckDbMemory.of("").limit()).isEmpty();
    assertThat(DuckDbMemory.of(null).limit()).isEmpty();
  }

  @Test
  void aValueThatIsNotASizeOrTooSmallIsAUsageError() {
    assertThatThrownBy(() -> DuckDbMemory.of("2x"))
        .isInstanceOf(KpiException.class)
        .hasMessage("--memory-limit (or KPI_DUCKDB_MEMORY_LIMIT) '2x' is not a size: give a number and a unit, e.g. --memory-limit 2GB or 512MiB")
        .extracting(e -> ((KpiException) e).exitCode())
        .isEqualTo(KpiException.USAGE);
    assertThatThrownBy(() -> DuckDbMemory.of("80%")).hasMessageContaining("'80%' is not a size");
    assertThatThrownBy(() -> DuckDbMemory.of("10MB"))
        .hasMessage("--memory-limit (or KPI_DUCKDB_MEMORY_LIMIT) 10MB is too small for DuckDB to build anything: give at least 64MB, e.g. --memory-limit 1GB");
  }

  @Test
  void theCommandRefusesABadLimitBeforeCreatingAnything() {
    Path data = dir.resolve("data");
    Cli.Result result = Cli.run("run", "--date", "2024-03-10", "--data-dir", data.toString(), "--memory-limit", "lots");
    assertThat(result.exitCode).as(result.toString()).isEqualTo(KpiException.USAGE);
    assertThat(result.err).contains("kpi: error: --memory-limit (or KPI_DUCKDB_MEMORY_LIMIT) 'lots' is not a size");
    assertThat(data).doesNotExist();
  }

  @Test
  void theWarehouseRunsWithinTheLimitAndSpillsIntoTheDataFolder() throws Exception {
    LoadedCatalog catalog = new LoadedCatalog(TestCatalogs.v1(), Optional.empty());
    try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.open(dir, catalog, DuckDbMemory.of("1GiB"));
        Statement statement = warehouse.connection().createStatement();
        ResultSet settings = statement.executeQuery("SELECT current_setting('memory_limit'), current_setting('temp_directory')")) {
      settings.next();
      assertThat(settings.getString(1)).isEqualTo("1.0 GiB");
      assertThat(settings.getString(2)).isEqualTo(dir.toAbsolutePath().normalize().resolve(DuckDbMemory.SPILL_FOLDER).toString());
    }
  }

  @Test
  void runningOutOfMemoryIsSaidAsSuchNotAsABadFile() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      // No spill folder: the limit is a hard one, and a large distinct count cannot fit.
      statement.execute("SET memory_limit = '64MB'");
      statement.execute("SET temp_directory = ''");
      EmbeddedLakeQueries queries = new EmbeddedLakeQueries(connection, List.of());
      assertThatThrownBy(() -> queries.rows("checking lake table big", "big", "SELECT count(DISTINCT range) AS n FROM range(100000000)", Map.of()))
          .isInstanceOf(KpiException.class)
          .hasMessageStartingWith("checking lake table big failed: ")
          .hasMessageContaining(DuckDbErrors.MORE_MEMORY)
          .hasMessageEndingWith("; nothing was written")
          .hasMessageNotContaining("write the file again");
    }
    assertThat(Files.list(dir)).isEmpty();
  }
}
