package dev.kpi.runtime.cli;

import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.KpiException;
import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.Compiler;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.dialect.SqlDialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the SQL of every table (lake DDL included), one file per statement.",
      "Running the files in name order builds everything from an empty project:",
      "  001-lake.creators.create.sql ... NNN-mart.kpi_monthly.build.sql",
      "Build statements take the DATE parameters @start_date and @end_date (DuckDB: $1 and $2)."
    })
final class CompileCommand implements Callable<Integer> {
  enum Dialect {
    bigquery,
    duckdb
  }

  private static final Pattern OUR_FILES = Pattern.compile("\\d{3}-.+\\.sql");

  @Option(names = "--dialect", required = true, paramLabel = "bigquery|duckdb", description = "bigquery or duckdb.")
  Dialect dialect;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the files to (created if needed).")
  Path out;

  @Option(names = "--project", defaultValue = "example-project", paramLabel = "PROJECT", description = "BigQuery project. Default: ${DEFAULT-VALUE}.")
  String project;

  @Option(names = "--lake-dataset", defaultValue = "lake", paramLabel = "DATASET", description = "BigQuery dataset of the lake. Default: ${DEFAULT-VALUE}.")
  String lakeDataset;

  @Option(names = "--warehouse-dataset", defaultValue = "warehouse", paramLabel = "DATASET", description = "BigQuery dataset of the warehouse. Default: ${DEFAULT-VALUE}.")
  String warehouseDataset;

  @Option(names = "--mart-dataset", defaultValue = "mart", paramLabel = "DATASET", description = "BigQuery dataset of the marts. Default: ${DEFAULT-VALUE}.")
  String martDataset;

  @Override
  public Integer call() {
    SqlDialect sqlDialect;
    try {
      sqlDialect =
          dialect == Dialect.bigquery
              ? BigQueryDialect.forProject(project, lakeDataset, warehouseDataset, martDataset)
              : DuckDbDialect.standard();
    } catch (IllegalArgumentException e) {
      throw KpiException.usage(e.getMessage());
    }
    List<CompiledStatement> statements = Compiler.forDialect(sqlDialect).compile(Catalogs.load().catalog());
    try {
      Files.createDirectories(out);
      // Files of an earlier compile that no statement produces any more would run in the wrong order.
      try (Stream<Path> old = Files.list(out)) {
        for (Path file : (Iterable<Path>) old::iterator) {
          if (OUR_FILES.matcher(file.getFileName().toString()).matches()) {
            Files.delete(file);
          }
        }
      }
      for (int i = 0; i < statements.size(); i++) {
        CompiledStatement statement = statements.get(i);
        String name = String.format("%03d-%s.sql", i + 1, statement.step().id());
        Files.writeString(out.resolve(name), statement.sql(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new KpiException("cannot write the SQL files to " + out + ": " + e.getMessage() + "; choose a writable folder with --out", e);
    }
    System.out.println("wrote " + statements.size() + " " + sqlDialect.name() + " statements to " + out);
    return 0;
  }
}
