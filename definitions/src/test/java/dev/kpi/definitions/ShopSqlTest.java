package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import dev.kpi.sql.testing.GoldenFiles;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shop's SQL: what it is on each dialect (golden files, so a pull request shows both engines'
 * SQL) and that BigQuery's analyzer accepts BigQuery's; DuckDB's runs in the differential tests.
 */
@ExtendWith(ShopCatalogIsValid.class)
class ShopSqlTest {
  /** The project the golden SQL is written for; dev, stg and prd differ only in these names. */
  static final BigQueryDialect BIGQUERY = BigQueryDialect.forProject("example-project");

  private final List<CompiledStatement> statements = Compiler.forDialect(BIGQUERY).compile(ShopCatalog.build());

  @Test
  void bigQuerySqlMatchesTheGoldenFiles() {
    GoldenFiles.assertMatch(GoldenFiles.folder("bigquery"), statements);
  }

  @Test
  void duckDbSqlMatchesTheGoldenFiles() {
    GoldenFiles.assertMatch(GoldenFiles.folder("duckdb"), Compiler.forDialect(DuckDbDialect.standard()).compile(ShopCatalog.build()));
  }

  @Test
  void everyBigQueryStatementIsValidGoogleSql() {
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    for (CompiledStatement statement : statements) {
      // Each statement is analyzed against the lake DDL and the tables created before it,
      // with @start_date and @end_date declared as DATE parameters.
      analyzer.analyzeScript(statement.sql());
    }
    assertThat(statements).isNotEmpty();
  }
}
