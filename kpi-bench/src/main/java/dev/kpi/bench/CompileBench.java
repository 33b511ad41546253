package dev.kpi.bench;

import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.dialect.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * (a) How long {@code Compiler.forDialect(dialect).compile(catalog)} takes, for the shop's
 * catalog and a generated catalog of 1,000 metrics, in BigQuery and DuckDB.
 *
 * <p>A warm-up loop runs each case until the JIT has compiled it (at least {@code warmupMillis}
 * and {@code warmupIterations}), then times {@code iterations} single calls with
 * {@link System#nanoTime()} and reports their median and 90th percentile. The length of the SQL
 * of every call is added up and printed, so no call can be optimized away. The very first call
 * of each case in the JVM is reported too ("cold").
 */
final class CompileBench {
  /** One measured case. */
  static final class Result {
    final String catalog;
    final String dialect;
    final int metrics;
    final int statements;
    final long sqlChars;
    final double coldMillis;
    final Stats millis;
    final double targetMillis;

    Result(String catalog, String dialect, int metrics, int statements, long sqlChars, double coldMillis, Stats millis, double targetMillis) {
      this.catalog = catalog;
      this.dialect = dialect;
      this.metrics = metrics;
      this.statements = statements;
      this.sqlChars = sqlChars;
      this.coldMillis = coldMillis;
      this.millis = millis;
      this.targetMillis = targetMillis;
    }

    boolean met() {
      return millis.median < targetMillis;
    }
  }

  private final long warmupMillis;
  private final int warmupIterations;
  private final long measureMillis;
  private final int iterations;
  private long blackhole;

  CompileBench(long warmupMillis, int warmupIterations, long measureMillis, int iterations) {
    this.warmupMillis = warmupMillis;
    this.warmupIterations = warmupIterations;
    this.measureMillis = measureMillis;
    this.iterations = iterations;
  }

  /** The generated catalog's build time (validation included), for the report. */
  double generatedCatalogBuildMillis;

  List<Result> run(int generatedMetrics) {
    long t0 = System.nanoTime();
    Catalog generated = GeneratedCatalog.of(generatedMetrics);
    generatedCatalogBuildMillis = (System.nanoTime() - t0) / 1e6;
    Catalog shop = ShopCatalog.build();
    List<Result> results = new ArrayList<>();
    results.add(measure("shop", shop, "BigQuery", () -> BigQueryDialect.forProject("example-project"), 100));
    results.add(measure("shop", shop, "DuckDB", DuckDbDialect::standard, 100));
    results.add(measure("generated", generated, "BigQuery", () -> BigQueryDialect.forProject("example-project"), 1000));
    results.add(measure("generated", generated, "DuckDB", DuckDbDialect::standard, 1000));
    return results;
  }

  long blackhole() {
    return blackhole;
  }

  private Result measure(String name, Catalog catalog, String dialectName, Supplier<SqlDialect> dialect, double targetMillis) {
    long start = System.nanoTime();
    List<CompiledStatement> first = Compiler.forDialect(dialect.get()).compile(catalog);
    double cold = (System.nanoTime() - start) / 1e6;
    long chars = first.stream().mapToLong(s -> s.sql().length()).sum();

    long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000;
    for (int i = 0; i < warmupIterations || System.nanoTime() < warmupEnd; i++) {
      blackhole += consume(Compiler.forDialect(dialect.get()).compile(catalog));
    }
    List<Double> times = new ArrayList<>();
    long measureEnd = System.nanoTime() + measureMillis * 1_000_000;
    while (times.size() < iterations || (System.nanoTime() < measureEnd && times.size() < 100 * iterations)) {
      long t = System.nanoTime();
      List<CompiledStatement> statements = Compiler.forDialect(dialect.get()).compile(catalog);
      times.add((System.nanoTime() - t) / 1e6);
      blackhole += consume(statements);
    }
    return new Result(name, dialectName, catalog.metrics().size(), first.size(), chars, cold, Stats.of(times), targetMillis);
  }

  private static long consume(List<CompiledStatement> statements) {
    long n = 0;
    for (CompiledStatement statement : statements) {
      for (String sql : statement.statements()) {
        n += sql.length();
      }
    }
    return n;
  }
}
