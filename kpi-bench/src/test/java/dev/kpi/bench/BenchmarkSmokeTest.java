package dev.kpi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.runtime.cli.KpiCli;
import dev.kpi.runtime.lake.SampleLake;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.dialect.DuckDbDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's code on tiny data, so it keeps working between the times someone runs it. It
 * times nothing: the numbers are docs/benchmarks.md's business, not the build's.
 */
class BenchmarkSmokeTest {
  @Test
  void theGeneratedCatalogIsValidAndCompilesInBothDialects() {
    Catalog catalog = GeneratedCatalog.of(1000);
    assertThat(catalog.metrics()).hasSize(1000);
    assertThat(catalog.marts()).hasSize(10);
    for (var dialect : List.of(BigQueryDialect.forProject("example-project"), DuckDbDialect.standard())) {
      List<CompiledStatement> statements = Compiler.forDialect(dialect).compile(catalog);
      assertThat(statements).anySatisfy(s -> assertThat(s.step().id()).isEqualTo("mart.mart_04_day.build"));
      assertThat(String.join("\n", statements.get(statements.size() - 1).statements())).contains("ratio_");
    }
  }

  @Test
  void theCompileBenchmarkMeasuresEveryCase() {
    List<CompileBench.Result> results = new CompileBench(0, 1, 0, 3).run(100);
    assertThat(results).hasSize(4);
    assertThat(results).allSatisfy(r -> assertThat(r.millis.count).isGreaterThanOrEqualTo(3));
  }

  @Test
  void theHandWrittenMartsAndEveryRollingFormulationGiveTheKpiNumbers(@TempDir Path dir) throws Exception {
    LocalDate from = LocalDate.of(2026, 10, 1);
    LocalDate to = LocalDate.of(2026, 11, 24);
    Path lake = dir.resolve("lake");
    SampleLake.of(from, to, 0.05, SampleLake.DEFAULT_SEED).writeTo(lake);
    Path data = dir.resolve("data");
    int exit =
        KpiCli.execute(
            "backfill", "--from", from.toString(), "--to", to.toString(), "--lake", lake.toString(), "--data-dir", data.toString());
    assertThat(exit).isZero();

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("hand.duckdb"))) {
      assertThat(HandWrittenMarts.build(connection, lake, from, to)).containsKeys("lines", "kpi_daily", "kpi_monthly");
      List<HandWrittenMarts.Comparison> comparisons = HandWrittenMarts.compare(connection, data.resolve("embedded.duckdb"), from, to);
      assertThat(comparisons).hasSize(4);
      assertThat(comparisons)
          .allSatisfy(
              c -> {
                assertThat(c.rows).as(c.mart).isPositive();
                assertThat(c.mismatches).as(c.mart + ": " + c.examples).isZero();
              });
    }

    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("embedded.duckdb"), readOnly)) {
      List<RollingBench.Result> results = RollingBench.run(connection, from, to, 1, 0);
      assertThat(results).hasSize(4);
      assertThat(results).allSatisfy(r -> assertThat(r.sameAsCompiler).as(r.name).isTrue());
      assertThat(RollingBench.query(connection, RollingBench.compilerQuery(), to, to).get(to)).isPositive();
    }

    LedgerTimes ledger = LedgerTimes.latest(data);
    assertThat(ledger.builds).containsKeys("warehouse.fct_order_items", "mart.kpi_daily");
  }

  @Test
  void statsTakeTheMedianAndTheNinetiethPercentile() {
    Stats stats = Stats.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0, 6.0, 7.0, 8.0, 9.0, 10.0));
    assertThat(stats.median).isEqualTo(5.5);
    assertThat(stats.p90).isEqualTo(9.0);
    assertThat(stats.min).isEqualTo(1.0);
    assertThat(stats.max).isEqualTo(10.0);
  }
}
