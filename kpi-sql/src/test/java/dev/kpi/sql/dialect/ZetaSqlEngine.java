package dev.kpi.sql.dialect;

import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedQueryStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedStatement;
import dev.kpi.model.LogicalType;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import dev.kpi.sql.testing.ZetaSqlBuildRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link BigQueryDialect} on ZetaSQL, Google's analyzer and reference engine for GoogleSQL,
 * in-process: every query is analyzed first (so it is proven to be one valid BigQuery
 * statement), then run by the reference engine with the typed parameters as named values
 * ({@code @start_date}). Every {@link Parameter} is declared with its type.
 */
final class ZetaSqlEngine implements DialectEngine {
  private final BigQueryDialect dialect = BigQueryDialect.forProject("example-project");
  private final BigQuerySqlAnalyzer analyzer = analyzer();
  /**
   * The queries' catalog, registered with ZetaSQL's local service once: an unregistered catalog
   * (with every built-in function) is sent again with each call, which made the suite 5x slower.
   * Queries add no tables; {@link #accept} analyzes with a catalog of its own.
   */
  private final SimpleCatalog.AutoUnregister registration = analyzer.catalog().register();

  @Override
  public SqlDialect dialect() {
    return dialect;
  }

  private static BigQuerySqlAnalyzer analyzer() {
    BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    for (Parameter parameter : Parameter.values()) {
      if (!analyzer.analyzerOptions().getQueryParameters().containsKey(parameter.sqlName())) {
        analyzer.declareParameter(parameter.sqlName(), TypeFactory.createSimpleType(ZetaSqlBuildRunner.typeKind(parameter.type())));
      }
    }
    return analyzer;
  }

  @Override
  public Result query(String select, Map<Parameter, ?> parameters) {
    List<ResolvedStatement> statements = analyzer.analyzeScript(select);
    if (statements.size() != 1 || !(statements.get(0) instanceof ResolvedQueryStmt)) {
      throw new AssertionError("ZetaSQL analyzes " + statements.size() + " statements, not one query:\n" + select);
    }
    try (PreparedQuery query =
        PreparedQuery.builder()
            .setSql(select)
            .setAnalyzerOptions(analyzer.analyzerOptions())
            .setCatalog(analyzer.catalog())
            .prepare()) {
      Map<String, Value> values = new HashMap<>();
      for (String name : query.getReferencedParameters()) {
        Parameter parameter = parameter(name);
        if (!parameters.containsKey(parameter)) {
          throw new IllegalArgumentException("no value for parameter " + parameter + " of\n" + select);
        }
        values.put(parameter.sqlName(), ZetaSqlBuildRunner.value(parameter.type(), parameters.get(parameter)));
      }
      List<? extends List<Value>> rows = query.execute(values).getTableData();
      List<Column> columns = new ArrayList<>();
      for (SimpleColumn column : query.getColumns()) {
        Type type = column.getType();
        columns.add(new Column(column.getName(), ZetaSqlBuildRunner.logicalType(type.getKind(), true), type.typeName(ProductMode.PRODUCT_EXTERNAL)));
      }
      List<List<Object>> result = new ArrayList<>();
      for (List<Value> row : rows) {
        List<Object> values2 = new ArrayList<>();
        for (Value value : row) {
          values2.add(ZetaSqlBuildRunner.javaValue(value));
        }
        result.add(values2);
      }
      return new Result(select, columns, result);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new AssertionError("ZetaSQL's reference engine failed: " + e.getMessage() + "\n" + select, e);
    }
  }

  /** Analyzed, in order, by an analyzer of their own (the tables a CREATE declares are seen by later statements). */
  @Override
  public void accept(List<String> statements, Map<Parameter, ?> parameters) {
    BigQuerySqlAnalyzer fresh = analyzer();
    for (String sql : statements) {
      fresh.analyzeScript(sql);
    }
  }

  @Override
  public void close() {
    registration.close();
  }

  private static Parameter parameter(String sqlName) {
    for (Parameter parameter : Parameter.values()) {
      if (parameter.sqlName().equalsIgnoreCase(sqlName)) {
        return parameter;
      }
    }
    throw new IllegalArgumentException("no Parameter named " + sqlName);
  }
}
