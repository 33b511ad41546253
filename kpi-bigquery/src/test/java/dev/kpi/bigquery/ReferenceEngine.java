package dev.kpi.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.zetasql.Analyzer;
import com.google.zetasql.ParseResumeLocation;
import com.google.zetasql.Parser;
import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SqlException;
import com.google.zetasql.TableContent;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.parser.ASTMergeActionEnums.ActionType;
import com.google.zetasql.parser.ASTMergeWhenClauseEnums.MatchType;
import com.google.zetasql.parser.ASTNode;
import com.google.zetasql.parser.ASTNodes.ASTAlias;
import com.google.zetasql.parser.ASTNodes.ASTBeginStatement;
import com.google.zetasql.parser.ASTNodes.ASTColumnList;
import com.google.zetasql.parser.ASTNodes.ASTCommitStatement;
import com.google.zetasql.parser.ASTNodes.ASTDeleteStatement;
import com.google.zetasql.parser.ASTNodes.ASTExpression;
import com.google.zetasql.parser.ASTNodes.ASTGeneralizedPathExpression;
import com.google.zetasql.parser.ASTNodes.ASTIdentifier;
import com.google.zetasql.parser.ASTNodes.ASTInsertStatement;
import com.google.zetasql.parser.ASTNodes.ASTInsertValuesRow;
import com.google.zetasql.parser.ASTNodes.ASTMergeAction;
import com.google.zetasql.parser.ASTNodes.ASTMergeStatement;
import com.google.zetasql.parser.ASTNodes.ASTMergeWhenClause;
import com.google.zetasql.parser.ASTNodes.ASTPathExpression;
import com.google.zetasql.parser.ASTNodes.ASTQueryStatement;
import com.google.zetasql.parser.ASTNodes.ASTRollbackStatement;
import com.google.zetasql.parser.ASTNodes.ASTStatement;
import com.google.zetasql.parser.ASTNodes.ASTUpdateItem;
import com.google.zetasql.parser.ASTNodes.ASTUpdateStatement;
import com.google.zetasql.resolvedast.ResolvedColumn;
import com.google.zetasql.resolvedast.ResolvedNodes;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedColumnRef;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedExpr;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedStatement;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedTableScan;
import dev.kpi.sql.testing.BigQuerySqlAnalyzer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SQL engine of {@link FakeBigQuery} in its executing mode: a query job's GoogleSQL runs on
 * ZetaSQL's reference implementation (Google's own engine for the dialect, in-process) over the
 * server's tables, so what a test reads back is what BigQuery would have computed.
 *
 * <p>A job's text is a script: statements run in order; {@code BEGIN TRANSACTION} ... {@code
 * COMMIT TRANSACTION} applies its statements together or not at all (a failing statement leaves
 * every table as it was before the transaction); outside a transaction each statement commits on
 * its own. Every statement is first analyzed (so invalid SQL fails the job with ZetaSQL's
 * message, as BigQuery's analyzer would), and a read of a table with {@code
 * require_partition_filter} but no filter on its partition column fails as BigQuery fails it.
 *
 * <p>The reference engine evaluates queries; it does not run DML on a table without a primary
 * key, and not MERGE at all. Those statements are run here as the queries they stand for, their
 * pieces taken from ZetaSQL's parse tree: {@code INSERT} (a query or VALUES), {@code DELETE},
 * {@code UPDATE ... WHERE}, and {@code MERGE} with one {@code WHEN MATCHED THEN UPDATE|DELETE}
 * and one {@code WHEN NOT MATCHED THEN INSERT} (a target row matched by two source rows fails,
 * as in BigQuery). Anything else fails the job naming the statement kind.
 *
 * <p>Rows are kept by column name, so a column added to a table reads as NULL in older rows.
 * The engine is not thread-safe: {@link FakeBigQuery} calls it under its own monitor.
 */
final class ReferenceEngine {

  /** A job's error: BigQuery's reason ({@code invalidQuery}, {@code notFound}) and message. */
  static final class JobError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String reason;

    JobError(String reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  /** A table as the server's resource declares it. */
  record Schema(List<String> names, List<Type> types, String partitionColumn, boolean requirePartitionFilter) {
    int index(String name) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equalsIgnoreCase(name)) {
          return i;
        }
      }
      return -1;
    }
  }

  /** What a job's last statement gave: its result columns and rows (none for DML), rows changed. */
  record Outcome(List<SimpleColumn> columns, List<List<Value>> rows, long affectedRows, String statementType) {}

  private static final String MERGE_TARGET = "__merge_target";
  private static final String ROW_NUMBER = "__row";

  /** Rows by table ("project.dataset.table"), each a map from column name (lower case) to value. */
  private final Map<String, List<Map<String, Value>>> tables = new LinkedHashMap<>();

  // ------------------------------------------------------------------ the server's tables

  void create(String table) {
    tables.putIfAbsent(table, new ArrayList<>());
  }

  void drop(String table) {
    tables.remove(table);
  }

  void copy(String from, String to) {
    tables.put(to, copyRows(tables.getOrDefault(from, List.of())));
  }

  /** Appends rows (values by column name) to a table, as a load job would. */
  void load(String table, List<Map<String, Value>> rows) {
    List<Map<String, Value>> stored = tables.computeIfAbsent(table, t -> new ArrayList<>());
    for (Map<String, Value> row : rows) {
      Map<String, Value> copy = new LinkedHashMap<>();
      row.forEach((name, value) -> copy.put(name.toLowerCase(Locale.ROOT), value));
      stored.add(copy);
    }
  }

  /** The table's rows in the schema's column order (NULL where a row has no value). */
  List<List<Value>> rows(String table, Schema schema) {
    return ordered(tables.getOrDefault(table, List.of()), schema);
  }

  long rowCount(String table) {
    return tables.getOrDefault(table, List.of()).size();
  }

  // ------------------------------------------------------------------ jobs

  /**
   * Analyzes every statement of {@code script} without running it (a dry run).
   *
   * @throws JobError what BigQuery's dry run would answer
   */
  void dryRun(String script, Map<String, Value> parameters, Map<String, Schema> schemas) {
    Job job = new Job(parameters, schemas);
    for (Statement statement : statements(script, job)) {
      job.analyze(statement.text);
    }
  }

  /**
   * Runs {@code script}: its tables change as it says (or not at all where a transaction fails).
   *
   * @throws JobError the statement's error, as BigQuery would end the job with it
   */
  Outcome run(String script, Map<String, Value> parameters, Map<String, Schema> schemas) {
    Job job = new Job(parameters, schemas);
    Map<String, List<Map<String, Value>>> committed = snapshot();
    boolean inTransaction = false;
    Outcome last = new Outcome(List.of(), List.of(), 0, "SCRIPT");
    try {
      for (Statement statement : statements(script, job)) {
        ASTStatement node = statement.node;
        if (node instanceof ASTBeginStatement) {
          if (inTransaction) {
            throw new JobError("invalidQuery", "Nested transactions are not supported");
          }
          inTransaction = true;
          continue;
        }
        if (node instanceof ASTCommitStatement) {
          if (!inTransaction) {
            throw new JobError("invalidQuery", "COMMIT TRANSACTION without an active transaction");
          }
          inTransaction = false;
          committed = snapshot();
          continue;
        }
        if (node instanceof ASTRollbackStatement) {
          restore(committed);
          inTransaction = false;
          continue;
        }
        ResolvedStatement resolved = job.analyze(statement.text);
        if (resolved instanceof ResolvedNodes.ResolvedCreateTableStmt) {
          if (inTransaction) {
            throw new JobError("invalidQuery", "CREATE TABLE is not supported inside transactions");
          }
          last = create(job, (ResolvedNodes.ResolvedCreateTableStmt) resolved);
          committed = snapshot();
          continue;
        }
        job.checkPartitionFilters(resolved);
        last = execute(job, statement);
        if (!inTransaction) {
          committed = snapshot();
        }
      }
      if (inTransaction) {
        throw new JobError("invalidQuery", "Transaction was never committed (the script ends inside BEGIN TRANSACTION)");
      }
      return last;
    } catch (JobError e) {
      restore(committed);
      throw e;
    } catch (RuntimeException e) {
      restore(committed);
      throw new JobError("invalidQuery", String.valueOf(e.getMessage()));
    }
  }

  private Outcome execute(Job job, Statement statement) {
    ASTStatement node = statement.node;
    if (node instanceof ASTQueryStatement) {
      Result result = job.query(statement.text, contents(job, Map.of()));
      return new Outcome(result.columns, result.rows, 0, "SELECT");
    }
    if (node instanceof ASTInsertStatement) {
      return insert(job, statement, (ASTInsertStatement) node);
    }
    if (node instanceof ASTDeleteStatement) {
      return delete(job, statement, (ASTDeleteStatement) node);
    }
    if (node instanceof ASTUpdateStatement) {
      return update(job, statement, (ASTUpdateStatement) node);
    }
    if (node instanceof ASTMergeStatement) {
      return merge(job, statement, (ASTMergeStatement) node);
    }
    throw new JobError("invalidQuery", "the test server does not run " + node.getClass().getSimpleName().replace("AST", "") + "s");
  }

  /** A table a job's CREATE TABLE made, for the server to add to its resources. */
  record Created(String table, Schema schema) {}

  private final List<Created> created = new ArrayList<>();

  /** The tables CREATE TABLE statements made since the last call. */
  List<Created> takeCreated() {
    List<Created> out = List.copyOf(created);
    created.clear();
    return out;
  }

  private Outcome create(Job job, ResolvedNodes.ResolvedCreateTableStmt create) {
    List<String> parts = new ArrayList<>();
    create.getNamePath().forEach(part -> parts.addAll(List.of(part.split("\\."))));
    String name = String.join(".", parts);
    if (parts.size() == 2) {
      name = FakeBigQuery.PROJECT + "." + name;
    }
    boolean exists = job.schemas.containsKey(name);
    switch (create.getCreateMode()) {
      case CREATE_IF_NOT_EXISTS:
        if (exists) {
          return new Outcome(List.of(), List.of(), 0, "CREATE_TABLE");
        }
        break;
      case CREATE_OR_REPLACE:
        break;
      default:
        if (exists) {
          throw new JobError("duplicate", "Already Exists: Table " + name.replaceFirst("\\.", ":"));
        }
    }
    List<String> names = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    for (ResolvedNodes.ResolvedColumnDefinition column : create.getColumnDefinitionList()) {
      names.add(column.getName());
      types.add(column.getType());
    }
    String partition = null;
    if (!create.getPartitionByList().isEmpty()) {
      Set<Long> ids = Job.columnsOf(create.getPartitionByList().get(0));
      for (ResolvedNodes.ResolvedColumnDefinition column : create.getColumnDefinitionList()) {
        if (ids.contains(column.getColumn().getId())) {
          partition = column.getName();
        }
      }
    }
    boolean requireFilter = false;
    for (ResolvedNodes.ResolvedOption option : create.getOptionList()) {
      if (option.getName().equalsIgnoreCase("require_partition_filter") && option.getValue() instanceof ResolvedNodes.ResolvedLiteral) {
        requireFilter = ((ResolvedNodes.ResolvedLiteral) option.getValue()).getValue().getBoolValue();
      }
    }
    Schema schema = new Schema(names, types, partition, requireFilter);
    tables.put(name, new ArrayList<>());
    job.register(name, schema);
    created.add(new Created(name, schema));
    return new Outcome(List.of(), List.of(), 0, "CREATE_TABLE");
  }

  private Outcome insert(Job job, Statement statement, ASTInsertStatement insert) {
    String target = job.tableName(insert.getTargetPath());
    Schema schema = job.schema(target);
    List<String> columns = columnNames(insert.getColumnList(), schema);
    String query;
    if (insert.getQuery() != null) {
      query = statement.text(insert.getQuery());
    } else {
      List<String> selects = new ArrayList<>();
      for (ASTInsertValuesRow row : insert.getRows().getRows()) {
        List<String> values = new ArrayList<>();
        for (ASTExpression value : row.getValues()) {
          values.add(statement.text(value));
        }
        selects.add("SELECT " + String.join(", ", values));
      }
      query = String.join("\nUNION ALL\n", selects);
    }
    Result result = job.query(query, contents(job, Map.of()));
    List<Map<String, Value>> rows = tables.get(target);
    for (List<Value> values : result.rows) {
      Map<String, Value> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        row.put(columns.get(i).toLowerCase(Locale.ROOT), coerce(values.get(i), schema.types().get(schema.index(columns.get(i)))));
      }
      rows.add(row);
    }
    return new Outcome(List.of(), List.of(), result.rows.size(), "INSERT");
  }

  private Outcome delete(Job job, Statement statement, ASTDeleteStatement delete) {
    String target = job.tableName(delete.getTargetPath());
    Schema schema = job.schema(target);
    if (delete.getWhere() == null) {
      throw new JobError("invalidQuery", "DELETE must have a WHERE clause");
    }
    String alias = alias(delete.getAlias(), delete.getTargetPath());
    String kept =
        "SELECT " + selectAll(alias, schema) + " FROM " + quoted(target) + " AS " + alias
            + " WHERE (" + statement.text(delete.getWhere()) + ") IS NOT TRUE";
    Result result = job.query(kept, contents(job, Map.of()));
    long before = tables.get(target).size();
    tables.put(target, asMaps(result.rows, schema));
    return new Outcome(List.of(), List.of(), before - result.rows.size(), "DELETE");
  }

  private Outcome update(Job job, Statement statement, ASTUpdateStatement update) {
    String target = job.tableName(update.getTargetPath());
    Schema schema = job.schema(target);
    if (update.getWhere() == null) {
      throw new JobError("invalidQuery", "UPDATE must have a WHERE clause");
    }
    if (update.getFromClause() != null) {
      throw new JobError("invalidQuery", "the test server does not run UPDATE ... FROM");
    }
    String alias = alias(update.getAlias(), update.getTargetPath());
    Map<String, String> sets = setItems(statement, update.getUpdateItemList().getUpdateItems(), schema);
    String where = statement.text(update.getWhere());
    List<String> select = new ArrayList<>();
    for (int i = 0; i < schema.names().size(); i++) {
      String name = schema.names().get(i);
      String set = sets.get(name.toLowerCase(Locale.ROOT));
      select.add(set == null ? alias + "." + name : "IF((" + where + ") IS TRUE, CAST((" + set + ") AS " + typeName(schema.types().get(i)) + "), " + alias + "." + name + ")");
    }
    String query = "SELECT " + String.join(", ", select) + " FROM " + quoted(target) + " AS " + alias;
    Result result = job.query(query, contents(job, Map.of()));
    Result changed = job.query("SELECT COUNT(*) FROM " + quoted(target) + " AS " + alias + " WHERE (" + where + ") IS TRUE", contents(job, Map.of()));
    tables.put(target, asMaps(result.rows, schema));
    return new Outcome(List.of(), List.of(), changed.rows.get(0).get(0).getInt64Value(), "UPDATE");
  }

  /**
   * MERGE as three queries over the target numbered row by row: the matched rows (with their new
   * values), the source rows that match nothing (the inserts), and the rest kept as they are.
   */
  private Outcome merge(Job job, Statement statement, ASTMergeStatement merge) {
    String target = job.tableName(merge.getTargetPath());
    Schema schema = job.schema(target);
    String alias = alias(merge.getAlias(), merge.getTargetPath());
    String source = statement.text(merge.getTableExpression());
    String condition = statement.text(merge.getMergeCondition());
    ASTMergeAction matched = null;
    ASTMergeAction notMatched = null;
    for (ASTMergeWhenClause clause : merge.getWhenClauses().getClauseList()) {
      if (clause.getSearchCondition() != null) {
        throw new JobError("invalidQuery", "the test server runs MERGE only without AND conditions on its WHEN clauses");
      }
      if (clause.getMatchType() == MatchType.MATCHED && matched == null) {
        matched = clause.getAction();
      } else if (clause.getMatchType() == MatchType.NOT_MATCHED_BY_TARGET && notMatched == null) {
        notMatched = clause.getAction();
      } else {
        throw new JobError("invalidQuery", "the test server runs MERGE with one WHEN MATCHED and one WHEN NOT MATCHED clause at most");
      }
    }
    List<Map<String, Value>> rows = tables.get(target);
    List<Type> numberedTypes = new ArrayList<>(schema.types());
    numberedTypes.add(TypeFactory.createSimpleType(TypeKind.TYPE_INT64));
    List<String> numberedNames = new ArrayList<>(schema.names());
    numberedNames.add(ROW_NUMBER);
    Schema numbered = new Schema(numberedNames, numberedTypes, null, false);
    job.register(MERGE_TARGET, numbered);
    List<List<Value>> numberedRows = new ArrayList<>();
    List<List<Value>> current = ordered(rows, schema);
    for (int i = 0; i < current.size(); i++) {
      List<Value> row = new ArrayList<>(current.get(i));
      row.add(Value.createInt64Value(i));
      numberedRows.add(row);
    }
    Map<String, TableContent> contents = contents(job, Map.of(MERGE_TARGET, TableContent.create(numberedRows)));

    Map<Long, List<Value>> updated = new LinkedHashMap<>();
    Set<Long> deleted = new HashSet<>();
    if (matched != null) {
      List<String> select = new ArrayList<>();
      select.add(alias + "." + ROW_NUMBER);
      Map<String, String> sets =
          matched.getActionType() == ActionType.UPDATE ? setItems(statement, matched.getUpdateItemList().getUpdateItems(), schema) : Map.of();
      for (int i = 0; i < schema.names().size(); i++) {
        String name = schema.names().get(i);
        String set = sets.get(name.toLowerCase(Locale.ROOT));
        select.add(set == null ? alias + "." + name : "CAST((" + set + ") AS " + typeName(schema.types().get(i)) + ")");
      }
      Result result =
          job.query("SELECT " + String.join(", ", select) + " FROM " + MERGE_TARGET + " AS " + alias + " INNER JOIN " + source + " ON " + condition, contents);
      for (List<Value> row : result.rows) {
        long number = row.get(0).getInt64Value();
        if (updated.containsKey(number)) {
          throw new JobError("invalidQuery", "UPDATE/MERGE must match at most one source row for each target row");
        }
        updated.put(number, row.subList(1, row.size()));
      }
      if (matched.getActionType() == ActionType.DELETE) {
        deleted.addAll(updated.keySet());
        updated.clear();
      } else if (matched.getActionType() != ActionType.UPDATE) {
        throw new JobError("invalidQuery", "the test server runs WHEN MATCHED THEN UPDATE or DELETE only");
      }
    }
    List<List<Value>> inserted = List.of();
    List<String> insertColumns = List.of();
    if (notMatched != null) {
      if (notMatched.getActionType() != ActionType.INSERT || notMatched.getInsertRow() == null) {
        throw new JobError("invalidQuery", "the test server runs WHEN NOT MATCHED THEN INSERT (columns) VALUES (...) only");
      }
      insertColumns = columnNames(notMatched.getInsertColumnList(), schema);
      List<String> values = new ArrayList<>();
      List<ASTExpression> expressions = notMatched.getInsertRow().getValues();
      for (int i = 0; i < expressions.size(); i++) {
        Type type = schema.types().get(schema.index(insertColumns.get(i)));
        values.add("CAST((" + statement.text(expressions.get(i)) + ") AS " + typeName(type) + ")");
      }
      inserted =
          job.query(
              "SELECT " + String.join(", ", values) + " FROM " + source + " WHERE NOT EXISTS (SELECT 1 FROM " + MERGE_TARGET + " AS " + alias
                  + " WHERE " + condition + ")",
              contents).rows;
    }
    List<Map<String, Value>> result = new ArrayList<>();
    for (int i = 0; i < current.size(); i++) {
      if (deleted.contains((long) i)) {
        continue;
      }
      List<Value> values = updated.getOrDefault((long) i, current.get(i));
      result.add(asMap(values, schema.names()));
    }
    for (List<Value> values : inserted) {
      result.add(asMap(values, insertColumns));
    }
    tables.put(target, result);
    return new Outcome(List.of(), List.of(), updated.size() + deleted.size() + inserted.size(), "MERGE");
  }

  // ------------------------------------------------------------------ one job's analysis

  private record Result(List<SimpleColumn> columns, List<List<Value>> rows) {}

  private record Statement(ASTStatement node, String text, byte[] script, int offset) {
    /** The text of a node of this statement (parse locations are byte offsets into the script). */
    String text(ASTNode node) {
      int start = node.getParseLocationRange().start();
      int end = node.getParseLocationRange().end();
      return new String(script, start, end - start, StandardCharsets.UTF_8);
    }
  }

  /** The catalog of one job: the server's tables and the job's parameters. */
  private static final class Job {
    final BigQuerySqlAnalyzer analyzer = new BigQuerySqlAnalyzer();
    final Map<String, Value> parameters;
    final Map<String, Schema> schemas;

    Job(Map<String, Value> parameters, Map<String, Schema> schemas) {
      this.parameters = parameters;
      this.schemas = new LinkedHashMap<>(schemas);
      parameters.forEach((name, value) -> analyzer.declareParameter(name, value.getType()));
      schemas.forEach(this::register);
    }

    void register(String table, Schema schema) {
      schemas.put(table, schema);
      List<SimpleColumn> columns = new ArrayList<>();
      for (int i = 0; i < schema.names().size(); i++) {
        columns.add(new SimpleColumn(table, schema.names().get(i), schema.types().get(i)));
      }
      analyzer.registerTable(table, columns);
    }

    Schema schema(String table) {
      Schema schema = schemas.get(table);
      if (schema == null) {
        throw new JobError("notFound", "Not found: Table " + table.replaceFirst("\\.", ":"));
      }
      return schema;
    }

    /** "project.dataset.table" for a path as SQL writes it (backticked or dotted). */
    String tableName(ASTGeneralizedPathExpression path) {
      if (!(path instanceof ASTPathExpression)) {
        throw new JobError("invalidQuery", "the test server reads only table names as DML targets");
      }
      List<String> parts = new ArrayList<>();
      for (ASTIdentifier identifier : ((ASTPathExpression) path).getNames()) {
        parts.addAll(List.of(identifier.getIdString().split("\\.")));
      }
      String name = String.join(".", parts);
      if (parts.size() == 2) {
        name = FakeBigQuery.PROJECT + "." + name;
      }
      schema(name);
      return name;
    }

    ResolvedStatement analyze(String sql) {
      try {
        return Analyzer.analyzeStatement(sql, analyzer.analyzerOptions(), analyzer.catalog());
      } catch (SqlException e) {
        String message = e.getMessage() == null ? "invalid query" : e.getMessage();
        if (message.contains("Table not found")) {
          throw new JobError("notFound", "Not found: " + message);
        }
        throw new JobError("invalidQuery", message);
      }
    }

    /** BigQuery refuses to read a table that requires a partition filter without one. */
    void checkPartitionFilters(ResolvedStatement statement) {
      List<ResolvedTableScan> scans = new ArrayList<>();
      Set<Long> filtered = new HashSet<>();
      // The table an INSERT or MERGE writes is not read by a scan that needs a filter.
      Set<ResolvedTableScan> written = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      statement.accept(
          new ResolvedNodes.Visitor() {
            @Override
            public void visit(ResolvedNodes.ResolvedInsertStmt insert) {
              written.add(insert.getTableScan());
              super.visit(insert);
            }

            @Override
            public void visit(ResolvedNodes.ResolvedMergeStmt merge) {
              written.add(merge.getTableScan());
              super.visit(merge);
            }

            @Override
            public void visit(ResolvedTableScan scan) {
              scans.add(scan);
              super.visit(scan);
            }

            @Override
            public void visit(ResolvedNodes.ResolvedFilterScan scan) {
              filtered.addAll(columnsOf(scan.getFilterExpr()));
              super.visit(scan);
            }

            @Override
            public void visit(ResolvedNodes.ResolvedDeleteStmt delete) {
              filtered.addAll(columnsOf(delete.getWhereExpr()));
              super.visit(delete);
            }

            @Override
            public void visit(ResolvedNodes.ResolvedUpdateStmt update) {
              filtered.addAll(columnsOf(update.getWhereExpr()));
              super.visit(update);
            }
          });
      for (ResolvedTableScan scan : scans) {
        if (written.contains(scan)) {
          continue;
        }
        String table = scan.getTable().getFullName();
        Schema schema = schemas.get(table);
        if (schema == null || !schema.requirePartitionFilter() || schema.partitionColumn() == null) {
          continue;
        }
        boolean ok = scan.getColumnList().stream()
            .anyMatch(c -> c.getName().equalsIgnoreCase(schema.partitionColumn()) && filtered.contains(c.getId()));
        if (!ok) {
          throw new JobError(
              "invalidQuery",
              "Cannot query over table '" + table + "' without a filter over column(s) '" + schema.partitionColumn()
                  + "' that can be used for partition elimination");
        }
      }
    }

    static Set<Long> columnsOf(ResolvedExpr expression) {
      Set<Long> ids = new HashSet<>();
      if (expression != null) {
        expression.accept(
            new ResolvedNodes.Visitor() {
              @Override
              public void visit(ResolvedColumnRef ref) {
                ResolvedColumn column = ref.getColumn();
                ids.add(column.getId());
                super.visit(ref);
              }
            });
      }
      return ids;
    }

    Result query(String sql, Map<String, TableContent> contents) {
      try (PreparedQuery query =
          PreparedQuery.builder()
              .setSql(sql)
              .setAnalyzerOptions(analyzer.analyzerOptions())
              .setCatalog(analyzer.catalog())
              .setTablesContents(contents)
              .prepare()) {
        TableContent content = query.execute(parameters);
        return new Result(List.copyOf(query.getColumns()), new ArrayList<>(content.getTableData()));
      } catch (SqlException e) {
        throw new JobError("invalidQuery", e.getMessage());
      } catch (IllegalArgumentException | IllegalStateException e) {
        // The evaluator's runtime errors (division by zero, overflow, a bad cast) come this way.
        throw new JobError("invalidQuery", String.valueOf(e.getMessage()));
      }
    }
  }

  private List<Statement> statements(String script, Job job) {
    List<Statement> out = new ArrayList<>();
    byte[] utf8 = script.getBytes(StandardCharsets.UTF_8);
    ParseResumeLocation location = new ParseResumeLocation(script);
    while (!blank(new String(utf8, location.getBytePosition(), utf8.length - location.getBytePosition(), StandardCharsets.UTF_8))) {
      int start = location.getBytePosition();
      ASTStatement node;
      try {
        node = Parser.parseNextStatement(location, job.analyzer.analyzerOptions().getLanguageOptions());
      } catch (SqlException e) {
        throw new JobError("invalidQuery", "Syntax error: " + e.getMessage());
      }
      int from = node.getParseLocationRange().start();
      int to = node.getParseLocationRange().end();
      out.add(new Statement(node, new String(utf8, from, to - from, StandardCharsets.UTF_8), utf8, start));
    }
    return out;
  }

  private static boolean blank(String text) {
    return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)(--|#).*$", " ").replace(';', ' ').isBlank();
  }

  private Map<String, TableContent> contents(Job job, Map<String, TableContent> extra) {
    Map<String, TableContent> out = new LinkedHashMap<>();
    for (Map.Entry<String, Schema> entry : job.schemas.entrySet()) {
      if (!entry.getKey().equals(MERGE_TARGET)) {
        out.put(entry.getKey(), TableContent.create(ordered(tables.getOrDefault(entry.getKey(), List.of()), entry.getValue())));
      }
    }
    out.putAll(extra);
    return out;
  }

  /** A value as the column stores it: INSERT coerces as BigQuery does (INT64 into NUMERIC, ...). */
  private static Value coerce(Value value, Type column) {
    TypeKind from = value.getType().getKind();
    TypeKind to = column.getKind();
    if (from == to) {
      return value;
    }
    if (value.isNull()) {
      return Value.createNullValue(column);
    }
    BigDecimal number;
    switch (from) {
      case TYPE_INT64:
        number = BigDecimal.valueOf(value.getInt64Value());
        break;
      case TYPE_NUMERIC:
        number = value.getNumericValue();
        break;
      default:
        throw new JobError("invalidQuery", "Value of type " + typeName(value.getType()) + " cannot be assigned to a column of type " + typeName(column));
    }
    switch (to) {
      case TYPE_NUMERIC:
        return Value.createNumericValue(number);
      case TYPE_BIGNUMERIC:
        return Value.createBigNumericValue(number);
      case TYPE_DOUBLE:
        return Value.createDoubleValue(number.doubleValue());
      default:
        throw new JobError("invalidQuery", "Value of type " + typeName(value.getType()) + " cannot be assigned to a column of type " + typeName(column));
    }
  }

  private static List<List<Value>> ordered(List<Map<String, Value>> rows, Schema schema) {
    List<List<Value>> out = new ArrayList<>();
    for (Map<String, Value> row : rows) {
      List<Value> values = new ArrayList<>();
      for (int i = 0; i < schema.names().size(); i++) {
        Value value = row.get(schema.names().get(i).toLowerCase(Locale.ROOT));
        values.add(value == null ? Value.createNullValue(schema.types().get(i)) : value);
      }
      out.add(values);
    }
    return out;
  }

  private static List<Map<String, Value>> asMaps(List<List<Value>> rows, Schema schema) {
    List<Map<String, Value>> out = new ArrayList<>();
    rows.forEach(row -> out.add(asMap(row, schema.names())));
    return out;
  }

  private static Map<String, Value> asMap(List<Value> values, List<String> names) {
    Map<String, Value> row = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      row.put(names.get(i).toLowerCase(Locale.ROOT), values.get(i));
    }
    return row;
  }

  private static List<String> columnNames(ASTColumnList list, Schema schema) {
    if (list == null) {
      return schema.names();
    }
    List<String> names = new ArrayList<>();
    for (ASTIdentifier identifier : list.getIdentifiers()) {
      names.add(identifier.getIdString());
    }
    return names;
  }

  private static Map<String, String> setItems(Statement statement, List<ASTUpdateItem> items, Schema schema) {
    Map<String, String> sets = new LinkedHashMap<>();
    for (ASTUpdateItem item : items) {
      if (item.getSetValue() == null || !(item.getSetValue().getPath() instanceof ASTPathExpression)) {
        throw new JobError("invalidQuery", "the test server runs only SET column = value");
      }
      List<ASTIdentifier> names = ((ASTPathExpression) item.getSetValue().getPath()).getNames();
      String column = names.get(names.size() - 1).getIdString();
      if (schema.index(column) < 0) {
        throw new JobError("invalidQuery", "Unrecognized name: " + column);
      }
      sets.put(column.toLowerCase(Locale.ROOT), statement.text(item.getSetValue().getValue()));
    }
    return sets;
  }

  /** The alias a DML statement gives its target, or the table's own name, as BigQuery has it. */
  private static String alias(ASTAlias alias, ASTGeneralizedPathExpression path) {
    if (alias != null) {
      return alias.getIdentifier().getIdString();
    }
    List<ASTIdentifier> names = ((ASTPathExpression) path).getNames();
    String[] parts = names.get(names.size() - 1).getIdString().split("\\.");
    return parts[parts.length - 1];
  }

  private static String selectAll(String alias, Schema schema) {
    List<String> columns = new ArrayList<>();
    schema.names().forEach(name -> columns.add(alias + "." + name));
    return String.join(", ", columns);
  }

  private static String quoted(String table) {
    return "`" + table + "`";
  }

  private static String typeName(Type type) {
    return type.typeName(ProductMode.PRODUCT_EXTERNAL);
  }

  private Map<String, List<Map<String, Value>>> snapshot() {
    Map<String, List<Map<String, Value>>> copy = new LinkedHashMap<>();
    tables.forEach((name, rows) -> copy.put(name, copyRows(rows)));
    return copy;
  }

  private void restore(Map<String, List<Map<String, Value>>> snapshot) {
    tables.clear();
    snapshot.forEach((name, rows) -> tables.put(name, copyRows(rows)));
  }

  private static List<Map<String, Value>> copyRows(List<Map<String, Value>> rows) {
    List<Map<String, Value>> copy = new ArrayList<>();
    rows.forEach(row -> copy.add(new LinkedHashMap<>(row)));
    return copy;
  }

  // ------------------------------------------------------------------ REST encodings

  /** A table resource's schema (legacy or GoogleSQL type names), partitioning and filter rule. */
  static Schema schema(JsonObject resource) {
    List<String> names = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    if (resource.has("schema") && resource.getAsJsonObject("schema").has("fields")) {
      for (JsonElement element : resource.getAsJsonObject("schema").getAsJsonArray("fields")) {
        JsonObject field = element.getAsJsonObject();
        names.add(field.get("name").getAsString());
        types.add(TypeFactory.createSimpleType(typeKind(field.get("type").getAsString())));
      }
    }
    String partition = null;
    if (resource.has("timePartitioning") && resource.get("timePartitioning").isJsonObject()) {
      JsonObject partitioning = resource.getAsJsonObject("timePartitioning");
      partition = partitioning.has("field") ? partitioning.get("field").getAsString() : "_PARTITIONTIME";
    }
    boolean required = resource.has("requirePartitionFilter") && resource.get("requirePartitionFilter").getAsBoolean();
    if (!required && resource.has("timePartitioning") && resource.get("timePartitioning").isJsonObject()) {
      JsonObject partitioning = resource.getAsJsonObject("timePartitioning");
      required = partitioning.has("requirePartitionFilter") && partitioning.get("requirePartitionFilter").getAsBoolean();
    }
    return new Schema(names, types, partition, required);
  }

  static TypeKind typeKind(String type) {
    switch (type.toUpperCase(Locale.ROOT)) {
      case "INTEGER":
      case "INT64":
        return TypeKind.TYPE_INT64;
      case "FLOAT":
      case "FLOAT64":
        return TypeKind.TYPE_DOUBLE;
      case "NUMERIC":
        return TypeKind.TYPE_NUMERIC;
      case "BIGNUMERIC":
        return TypeKind.TYPE_BIGNUMERIC;
      case "STRING":
        return TypeKind.TYPE_STRING;
      case "BOOLEAN":
      case "BOOL":
        return TypeKind.TYPE_BOOL;
      case "DATE":
        return TypeKind.TYPE_DATE;
      case "TIMESTAMP":
        return TypeKind.TYPE_TIMESTAMP;
      case "DATETIME":
        return TypeKind.TYPE_DATETIME;
      case "BYTES":
        return TypeKind.TYPE_BYTES;
      default:
        throw new JobError("invalidQuery", "the test server has no type " + type);
    }
  }

  /** BigQuery's legacy name of a result column's type, as the REST API writes schemas. */
  static String restType(Type type) {
    switch (type.getKind()) {
      case TYPE_INT64:
        return "INTEGER";
      case TYPE_DOUBLE:
        return "FLOAT";
      case TYPE_BOOL:
        return "BOOLEAN";
      default:
        return typeName(type);
    }
  }

  /** A value as the REST API sends it in a row's cell: text (a TIMESTAMP as seconds), or null. */
  static JsonElement restValue(Value value) {
    if (value.isNull()) {
      return JsonNull.INSTANCE;
    }
    switch (value.getType().getKind()) {
      case TYPE_INT64:
        return new JsonPrimitive(String.valueOf(value.getInt64Value()));
      case TYPE_DOUBLE:
        return new JsonPrimitive(String.valueOf(value.getDoubleValue()));
      case TYPE_NUMERIC:
        return new JsonPrimitive(value.getNumericValue().toPlainString());
      case TYPE_BIGNUMERIC:
        return new JsonPrimitive(value.getBigNumericValue().toPlainString());
      case TYPE_STRING:
        return new JsonPrimitive(value.getStringValue());
      case TYPE_BOOL:
        return new JsonPrimitive(String.valueOf(value.getBoolValue()));
      case TYPE_DATE:
        return new JsonPrimitive(value.getLocalDateValue().toString());
      case TYPE_TIMESTAMP:
        long micros = value.getTimestampUnixMicros();
        return new JsonPrimitive(new BigDecimal(micros).movePointLeft(6).toPlainString());
      default:
        throw new JobError("invalidQuery", "the test server cannot send a " + typeName(value.getType()));
    }
  }

  /** A query parameter of a job's configuration as a ZetaSQL value (scalar types). */
  static Value parameter(JsonObject parameter) {
    JsonObject parameterType = parameter.getAsJsonObject("parameterType");
    String type = parameterType.get("type").getAsString();
    JsonObject holder = parameter.getAsJsonObject("parameterValue");
    if (type.equals("ARRAY")) {
      TypeKind element = typeKind(parameterType.getAsJsonObject("arrayType").get("type").getAsString());
      List<Value> elements = new ArrayList<>();
      if (holder != null && holder.has("arrayValues")) {
        for (JsonElement item : holder.getAsJsonArray("arrayValues")) {
          elements.add(value(element, item.getAsJsonObject().get("value").getAsString()));
        }
      }
      return Value.createArrayValue(TypeFactory.createArrayType(TypeFactory.createSimpleType(element)), elements);
    }
    TypeKind kind = typeKind(type);
    if (holder == null || !holder.has("value") || holder.get("value").isJsonNull()) {
      return Value.createSimpleNullValue(kind);
    }
    return value(kind, holder.get("value").getAsString());
  }

  /** A value of a column from its text (as a parameter or a seeded row writes it). */
  static Value value(TypeKind kind, String text) {
    switch (kind) {
      case TYPE_INT64:
        return Value.createInt64Value(Long.parseLong(text));
      case TYPE_DOUBLE:
        return Value.createDoubleValue(Double.parseDouble(text));
      case TYPE_NUMERIC:
        return Value.createNumericValue(new BigDecimal(text));
      case TYPE_BIGNUMERIC:
        return Value.createBigNumericValue(new BigDecimal(text));
      case TYPE_STRING:
        return Value.createStringValue(text);
      case TYPE_BOOL:
        return Value.createBoolValue(Boolean.parseBoolean(text));
      case TYPE_DATE:
        return Value.createDateValue(LocalDate.parse(text));
      case TYPE_TIMESTAMP:
        Instant instant = Instant.parse(text.contains("T") ? text : text.replace(' ', 'T'));
        return Value.createTimestampValueFromUnixMicros(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
      default:
        throw new JobError("invalidQuery", "the test server takes no " + kind + " value");
    }
  }
}
