package dev.kpi.sql.testing;

import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.ParseResumeLocation;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.SqlException;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLOptions.ErrorMessageMode;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.resolvedast.ResolvedCreateStatementEnums.CreateMode;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedColumnDefinition;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedCreateTableStmtBase;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedOutputColumn;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedQueryStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedStatement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Offline BigQuery (GoogleSQL) validator/type-checker backed by the ZetaSQL Java client
 * (JNI-hosted local service). Test-only helper.
 *
 * <p>Not thread-safe. The catalog is NOT registered with the local service (it is re-serialized on
 * every call), so tables can be added after construction.
 */
public final class BigQuerySqlAnalyzer {

  /** One output column of an analyzed query. */
  public record OutputColumn(String name, Type type) {
    /** BigQuery-style type name, e.g. INT64, NUMERIC, ARRAY&lt;DATE&gt;. */
    public String typeName() {
      return type.typeName(ProductMode.PRODUCT_EXTERNAL);
    }

    @Override
    public String toString() {
      return name + " " + typeName();
    }
  }

  private final LanguageOptions languageOptions;
  private final AnalyzerOptions analyzerOptions;
  private final SimpleCatalog catalog;

  public BigQuerySqlAnalyzer() {
    languageOptions = new LanguageOptions();
    languageOptions.enableMaximumLanguageFeatures();
    languageOptions.setSupportsAllStatementKinds();
    languageOptions.setProductMode(ProductMode.PRODUCT_EXTERNAL);

    analyzerOptions = new AnalyzerOptions();
    analyzerOptions.setLanguageOptions(languageOptions);
    analyzerOptions.setErrorMessageMode(ErrorMessageMode.ERROR_MESSAGE_MULTI_LINE_WITH_CARET);
    // BigQuery's default time zone.
    analyzerOptions.setDefaultTimezone("UTC");

    catalog = new SimpleCatalog("bigquery");
    catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(languageOptions));

    declareDateParameter("start_date");
    declareDateParameter("end_date");
    declareDateParameter("run_date");
  }

  /** Declares a named query parameter {@code @name} of type DATE. */
  public BigQuerySqlAnalyzer declareDateParameter(String name) {
    return declareParameter(name, TypeFactory.createSimpleType(TypeKind.TYPE_DATE));
  }

  /** Declares a named query parameter {@code @name} of an arbitrary type. */
  public BigQuerySqlAnalyzer declareParameter(String name, Type type) {
    analyzerOptions.addQueryParameter(name, type);
    return this;
  }

  public AnalyzerOptions analyzerOptions() {
    return analyzerOptions;
  }

  public SimpleCatalog catalog() {
    return catalog;
  }

  /**
   * Analyzes every statement of a (possibly multi-statement) script in order. Tables created by
   * CREATE TABLE / CREATE TABLE AS SELECT are registered so later statements can use them.
   *
   * @return the resolved statements, in order
   * @throws AssertionError with ZetaSQL's message and the failing statement text
   */
  public List<ResolvedStatement> analyzeScript(String sql) {
    List<ResolvedStatement> result = new ArrayList<>();
    byte[] utf8 = sql.getBytes(StandardCharsets.UTF_8);
    ParseResumeLocation location = new ParseResumeLocation(sql);
    int statementNo = 0;
    while (!isBlankSql(substringBytes(utf8, location.getBytePosition(), utf8.length))) {
      int start = location.getBytePosition();
      statementNo++;
      ResolvedStatement stmt;
      try {
        stmt = Analyzer.analyzeNextStatement(location, analyzerOptions, catalog);
      } catch (SqlException e) {
        throw new AssertionError(
            "ZetaSQL rejected statement #"
                + statementNo
                + ": "
                + e.getMessage()
                + "\n--- statement ---\n"
                + failingStatementText(sql, utf8, start),
            e);
      }
      if (location.getBytePosition() <= start) {
        throw new IllegalStateException("Analyzer made no progress at byte " + start);
      }
      registerCreatedTable(stmt);
      result.add(stmt);
    }
    return result;
  }

  /** Analyzes a single statement (no trailing statements allowed). */
  public ResolvedStatement analyzeStatement(String sql) {
    List<ResolvedStatement> stmts = analyzeScript(sql);
    if (stmts.size() != 1) {
      throw new IllegalArgumentException("Expected exactly one statement, got " + stmts.size());
    }
    return stmts.get(0);
  }

  /** Analyzes a SELECT/WITH query and returns its output columns (name + type). */
  public List<OutputColumn> outputColumns(String query) {
    ResolvedStatement stmt = analyzeStatement(query);
    if (!(stmt instanceof ResolvedQueryStmt)) {
      throw new IllegalArgumentException("Not a query: " + stmt.getClass().getSimpleName());
    }
    List<OutputColumn> cols = new ArrayList<>();
    for (ResolvedOutputColumn c : ((ResolvedQueryStmt) stmt).getOutputColumnList()) {
      cols.add(new OutputColumn(c.getName(), c.getColumn().getType()));
    }
    return cols;
  }

  /**
   * Registers a table under a BigQuery-style name, e.g. {@code example-project.lake.orders}.
   * Existing table with the same name is replaced.
   */
  public void registerTable(String bigQueryName, List<SimpleColumn> columns) {
    registerTable(List.of(bigQueryName), columns, true);
  }

  // ---------------------------------------------------------------------------------------------

  private void registerCreatedTable(ResolvedStatement stmt) {
    if (!(stmt instanceof ResolvedCreateTableStmtBase)) {
      return; // also covers ResolvedCreateTableAsSelectStmt
    }
    ResolvedCreateTableStmtBase create = (ResolvedCreateTableStmtBase) stmt;
    List<SimpleColumn> columns = new ArrayList<>();
    String fullName = String.join(".", create.getNamePath());
    for (ResolvedColumnDefinition def : create.getColumnDefinitionList()) {
      columns.add(new SimpleColumn(fullName, def.getName(), def.getType()));
    }
    boolean replace = create.getCreateMode() != CreateMode.CREATE_IF_NOT_EXISTS;
    registerTable(create.getNamePath(), columns, replace);
  }

  /**
   * ZetaSQL keeps {@code `example-project.lake.orders`} as ONE identifier (name path of size 1
   * containing dots), while {@code example-project.lake.orders} / {@code `p`.`d`.`t`} give a
   * multi-part path. Register under both shapes so either spelling resolves: a root-level table
   * named with the full dotted name, and nested catalogs project -> dataset -> table.
   */
  private void registerTable(List<String> namePath, List<SimpleColumn> columns, boolean replace) {
    List<String> parts = new ArrayList<>();
    for (String p : namePath) {
      parts.addAll(Arrays.asList(p.split("\\.", -1)));
    }
    String fullName = String.join(".", parts);

    // 1) Root catalog, single identifier "a.b.c".
    putTable(catalog, fullName, fullName, columns, replace);

    // 2) Nested catalogs a -> b, table "c": resolves `a`.b.c, a.b.c and `a`.`b`.`c` (path form).
    //    Dataset-only names (b.c, BigQuery's default-project form) are NOT registered.
    if (parts.size() > 1) {
      SimpleCatalog current = catalog;
      for (int i = 0; i < parts.size() - 1; i++) {
        SimpleCatalog child = current.getCatalog(parts.get(i));
        if (child == null) {
          child = current.addNewSimpleCatalog(parts.get(i));
        }
        current = child;
      }
      putTable(current, parts.get(parts.size() - 1), fullName, columns, replace);
    }
  }

  private static void putTable(
      SimpleCatalog target,
      String nameInCatalog,
      String fullName,
      List<SimpleColumn> columns,
      boolean replace) {
    if (target.getTable(nameInCatalog, null) != null) {
      if (!replace) {
        return; // CREATE TABLE IF NOT EXISTS on an existing table: keep the old definition
      }
      target.removeSimpleTable(nameInCatalog);
    }
    SimpleTable table = new SimpleTable(nameInCatalog, columns);
    table.setFullName(fullName);
    target.addSimpleTable(nameInCatalog, table);
  }

  private String failingStatementText(String sql, byte[] utf8, int start) {
    // Parse-only pass to find where the failing statement ends (works if it parses at all).
    try {
      ParseResumeLocation probe = new ParseResumeLocation(sql);
      probe.setBytePosition(start);
      Analyzer.extractTableNamesFromNextStatement(probe, analyzerOptions);
      return substringBytes(utf8, start, probe.getBytePosition()).strip();
    } catch (RuntimeException parseError) {
      String rest = substringBytes(utf8, start, utf8.length).strip();
      int semi = rest.indexOf(';');
      return semi >= 0 ? rest.substring(0, semi + 1) : rest;
    }
  }

  private static String substringBytes(byte[] utf8, int from, int to) {
    return new String(utf8, from, Math.max(0, to - from), StandardCharsets.UTF_8);
  }

  /** True if the text contains only whitespace, semicolons and SQL comments. */
  private static boolean isBlankSql(String s) {
    String stripped =
        s.replaceAll("(?s)/\\*.*?\\*/", " ")
            .replaceAll("(?m)(--|#).*$", " ")
            .replace(';', ' ');
    return stripped.isBlank();
  }
}
