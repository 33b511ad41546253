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
    assertThat(DuckDbMemory.of("2g").limit()).as("as -Xmx reads it").contains("2GIB");
    assertThat(DuckDbMemory.of("64MB").limit()).contains("64MB");
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
  void underALimitTheFactIsBuiltAMonthAtATimeAndHoldsTheSameRows() throws Exception {
    Path lake = Files.createDirectories(dir.resolve("lake"));
    // Sales across three slices of 31 days, two of them on the slices' edges (in Tokyo).
    Files.writeString(
        lake.resolve("sales.csv"),
        String.join(
            "\n",
            "sale_id,shop,amount,sold_at",
            "1,shibuya,1000.5,2024-01-01T00:00:00Z",
            "2,shibuya,200,2024-01-31T14:59:59Z",
            "3,ginza,300,2024-01-31T15:00:00Z",
            "4,ginza,400.25,2024-03-02T15:00:00Z",
            "5,ginza,50,2024-03-10T10:00:00Z")
            + "\n");
    Path whole = dir.resolve("whole");
    Path sliced = dir.resolve("sliced");
    Cli.Result first = Cli.run("backfill", "--from", "2024-01-01", "--to", "2024-03-10", "--lake", lake.toString(), "--data-dir", whole.toString());
    assertThat(first.exitCode).as(first.toString()).isZero();
    Cli.Result second =
        Cli.run("backfill", "--from", "2024-01-01", "--to", "2024-03-10", "--lake", lake.toString(), "--data-dir", sliced.toString(), "--memory-limit", "1GB");
    assertThat(second.exitCode).as(second.toString()).isZero();
    String fact = "SELECT * FROM warehouse.fct_sales ORDER BY ALL";
    String mart = "SELECT * FROM mart.daily_sales ORDER BY ALL";
    assertThat(dev.kpi.runtime.testing.Duck.query(sliced, fact)).hasSize(5).isEqualTo(dev.kpi.runtime.testing.Duck.query(whole, fact));
    assertThat(dev.kpi.runtime.testing.Duck.query(sliced, mart)).isNotEmpty().isEqualTo(dev.kpi.runtime.testing.Duck.query(whole, mart));
    assertThat(second.err).contains("fct_sales 2024-01-01..2024-03-10: 5 rows");
  }

  @Test
  void theFactIsSlicedIntoMonthsOnlyUnderALimitAndTheMartsNever() {
    dev.kpi.model.catalog.Catalog catalog = TestCatalogs.v1();
    List<dev.kpi.sql.CompiledStatement> plan = dev.kpi.sql.Compiler.forDialect(dev.kpi.sql.dialect.DuckDbDialect.standard()).compile(catalog);
    dev.kpi.sql.CompiledStatement fact = plan.stream().filter(s -> s.step().table().toString().equals("warehouse.fct_sales")).findFirst().orElseThrow();
    dev.kpi.sql.CompiledStatement mart = plan.stream().filter(s -> s.step().table().toString().equals("mart.daily_sales")).findFirst().orElseThrow();
    dev.kpi.runtime.DateWindow window = dev.kpi.runtime.DateWindow.of(java.time.LocalDate.parse("2024-01-01"), java.time.LocalDate.parse("2024-03-10"));
    DuckDbMemory limited = DuckDbMemory.of("1GB");
    assertThat(DuckDbWarehouse.slices(fact, window, limited, catalog))
        .extracting(Object::toString)
        .containsExactly(
            dev.kpi.runtime.DateWindow.of(java.time.LocalDate.parse("2024-01-01"), java.time.LocalDate.parse("2024-01-31")).toString(),
            dev.kpi.runtime.DateWindow.of(java.time.LocalDate.parse("2024-02-01"), java.time.LocalDate.parse("2024-03-02")).toString(),
            dev.kpi.runtime.DateWindow.of(java.time.LocalDate.parse("2024-03-03"), java.time.LocalDate.parse("2024-03-10")).toString());
    assertThat(DuckDbWarehouse.slices(fact, window, DuckDbMemory.unbounded(), catalog)).containsExactly(window);
    assertThat(DuckDbWarehouse.slices(mart, window, limited, catalog)).containsExactly(window);
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
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
