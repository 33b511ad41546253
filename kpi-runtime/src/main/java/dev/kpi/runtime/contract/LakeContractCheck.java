package dev.kpi.runtime.contract;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeRule;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.lake.Severity;
import dev.kpi.runtime.warehouse.LakeQueries;
import dev.kpi.runtime.warehouse.LakeScope;
import dev.kpi.sql.dialect.SqlDialect;
import dev.kpi.sql.plan.LakeReads;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.render.LakeCheckSql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lake against its contract, the same on every engine: {@link LakeCheckSql} writes the
 * queries in the warehouse's dialect, the warehouse runs them ({@link LakeQueries}), and this
 * class turns the counts into findings — one sentence each, naming the table, the column, the
 * rule, how many rows, two example keys and what to fix upstream.
 *
 * <p>The counting queries run first, one per table and one per relationship; the queries that
 * find examples run only for what is broken, so a clean lake costs one scan of the columns checked.
 */
public final class LakeContractCheck {
  private final Catalog catalog;
  private final LakeCheckSql sql;
  private final LakeQueries queries;
  private final Clock clock;

  public LakeContractCheck(Catalog catalog, SqlDialect dialect, LakeQueries queries, Clock clock) {
    this.catalog = catalog;
    this.sql = new LakeCheckSql(dialect, catalog);
    this.queries = queries;
    this.clock = clock;
  }

  /**
   * The rows of {@code scope}'s tables: with its dates, the tables read by range only on the
   * rows of those dates (and the implausible ones); without, every row.
   */
  public LakeCheckResult check(LakeScope scope) {
    Map<String, String> ranged = scope.dates() == null ? Map.of() : LakeReads.rangeColumns(catalog);
    Map<Parameter, Object> parameters = parameters(scope, clock);
    List<LakeFinding> findings = new ArrayList<>();
    for (LakeTable table : catalog.lakeTables()) {
      if (!scope.tables().contains(table.name())) {
        continue;
      }
      Optional<String> range = Optional.ofNullable(ranged.get(table.name()));
      String where = where(table, range, scope);
      if (LakeCheckSql.checks(table)) {
        findings.addAll(new TableCheck(table, range, where, parameters).findings());
      }
      for (LakeRule.References reference : LakeCheckSql.references(table)) {
        if (catalog.findLakeTable(reference.table()).isPresent()) {
          findings.addAll(relationship(table, reference, range, where, parameters));
        }
      }
    }
    return new LakeCheckResult(findings);
  }

  /**
   * The check's parameters for {@code scope}: the range of the rows read (with dates), and the
   * end of the plausible timestamps — a day after the clock or the range, whichever is later.
   */
  public static Map<Parameter, Object> parameters(LakeScope scope, Clock clock) {
    Map<Parameter, Object> parameters = new EnumMap<>(Parameter.class);
    Instant latest = clock.instant();
    if (scope.dates() != null) {
      Instant from = LakeReads.rangeStart(scope.dates().start());
      Instant until = LakeReads.rangeEnd(scope.dates().end());
      parameters.put(Parameter.CHECK_FROM, from);
      parameters.put(Parameter.CHECK_UNTIL, until);
      parameters.put(Parameter.RELATED_FROM, from.minus(Duration.ofDays(1)));
      latest = until.isAfter(latest) ? until : latest;
    }
    parameters.put(Parameter.PLAUSIBLE_UNTIL, latest.plus(Duration.ofDays(1)));
    return parameters;
  }

  private String where(LakeTable table, Optional<String> range, LakeScope scope) {
    String where = queries.describe(table.name());
    if (range.isEmpty()) {
      return where;
    }
    boolean plausible = table.rules().stream().anyMatch(r -> r instanceof LakeRule.PlausibleTime && r.column().equals(range.get()));
    return where + " (the rows with " + range.get() + " from " + LakeReads.rangeStart(scope.dates().start()) + " until "
        + LakeReads.rangeEnd(scope.dates().end()) + (plausible ? ", and those outside the plausible range" : "") + ")";
  }

  // ---------------------------------------------------------------- one table's rows

  /** The counts of one table's query and the findings they make. */
  private final class TableCheck {
    private final LakeTable table;
    private final Optional<String> range;
    private final String where;
    private final Map<Parameter, Object> parameters;

    TableCheck(LakeTable table, Optional<String> range, String where, Map<Parameter, Object> parameters) {
      this.table = table;
      this.range = range;
      this.where = where;
      this.parameters = parameters;
    }

    List<LakeFinding> findings() {
      List<Map<String, String>> counted = queries.rows("checking lake table " + table.name(), table.name(), sql.counts(table, range), parameters);
      if (counted.size() != 1) {
        throw new IllegalStateException("the check of lake table " + table.name() + " returned " + counted.size() + " rows instead of one");
      }
      Map<String, String> counts = counted.get(0);
      List<LakeFinding> findings = new ArrayList<>();
      for (LakeColumn column : LakeCheckSql.notNullColumns(table)) {
        long rows = count(counts, LakeCheckSql.nullRows(column.name()));
        if (rows > 0) {
          findings.add(nulls(column, rows));
        }
      }
      List<LakeRule> rules = LakeCheckSql.rowRules(table);
      for (int i = 0; i < rules.size(); i++) {
        long rows = count(counts, LakeCheckSql.ruleRows(i));
        if (rows > 0) {
          findings.add(broken(rules.get(i), rows));
        }
      }
      long keys = count(counts, LakeCheckSql.REPEATED_KEYS);
      if (keys > 0) {
        findings.add(repeated(keys, count(counts, LakeCheckSql.REPEATED_ROWS)));
      }
      return findings;
    }

    private LakeFinding nulls(LakeColumn column, long rows) {
      boolean keyed = !table.primaryKey().isEmpty() && !table.primaryKey().contains(column.name());
      String examples =
          keyed ? " (e.g. " + keys(table, examples("finding rows of lake table " + table.name() + " without " + column.name(), sql.nullExamples(table, column.name(), range)), null) + ")" : "";
      return new LakeFinding(
          Severity.ERROR,
          table.name(),
          column.name(),
          where,
          "column '" + column.name() + "' of lake table '" + table.name() + "' is NULL in " + rows(rows) + ", but the lake contract declares it NOT NULL"
              + examples + "; a row without it would drop out of every number that reads it: fix the extract (the Embulk load) so that every row has a value in "
              + column.name());
    }

    private LakeFinding broken(LakeRule rule, long rows) {
      List<Map<String, String>> found = examples("finding rows of lake table " + table.name() + " that break '" + rule.describe() + "'", sql.ruleExamples(table, rule, range));
      String examples = table.primaryKey().isEmpty() ? values(found) : keys(table, found, LakeCheckSql.VALUE);
      return new LakeFinding(
          rule.severity(),
          table.name(),
          rule.column(),
          where,
          "column '" + rule.column() + "' of lake table '" + table.name() + "' breaks the rule '" + rule.describe() + "' in " + rows(rows)
              + " (e.g. " + examples + "); " + consequence(rule) + "; " + fix(rule));
    }

    private LakeFinding repeated(long keys, long rows) {
      String examples = keys(table, examples("finding repeated keys of lake table " + table.name(), sql.repeatedKeys(table, range)), null, true);
      List<LakeColumn> key = LakeCheckSql.key(table);
      return new LakeFinding(
          Severity.ERROR,
          table.name(),
          key.stream().map(LakeColumn::name).collect(Collectors.joining(", ")),
          where,
          "the primary key " + names(key) + " of lake table '" + table.name() + "' is not unique: " + keys
              + (keys == 1 ? " value occurs" : " values occur") + " more than once, in " + rows(rows) + " (e.g. " + examples
              + "); every join would count those rows more than once: fix the extract (the Embulk load) so that it writes each row once"
              + " (a load appended twice, or files that overlap), then remove the repeated rows");
    }

    private List<Map<String, String>> examples(String purpose, String query) {
      return queries.rows(purpose, table.name(), query, parameters);
    }
  }

  private static String consequence(LakeRule rule) {
    if (rule instanceof LakeRule.AcceptedValues) {
      return "a KPI that selects rows by " + rule.column() + " would miss them (or count them where it should not)";
    }
    if (rule instanceof LakeRule.Range) {
      return "such a value makes every sum it is in wrong, or overflows it";
    }
    return "such a timestamp falls on no date a run builds, so its row would vanish from every number";
  }

  private static String fix(LakeRule rule) {
    if (rule instanceof LakeRule.AcceptedValues) {
      return "fix the extract (the Embulk load) so that " + rule.column() + " holds exactly these values (case and spaces count),"
          + " or, if the shop has a new value, add it to the rule in the definitions and say which KPIs count it";
    }
    if (rule instanceof LakeRule.Range) {
      return "fix the extract (the Embulk load) so that " + rule.column() + " holds the shop's values, not a default, a sign error or a unit mistake";
    }
    return "fix the extract (the Embulk load) so that " + rule.column() + " holds the real UTC instant (a default of 1900 or 1970, or a clock error, gives this)";
  }

  // ---------------------------------------------------------------- relationships

  private List<LakeFinding> relationship(LakeTable table, LakeRule.References reference, Optional<String> range, String where, Map<Parameter, Object> parameters) {
    String purpose = "checking that " + table.name() + "." + reference.column() + " is a " + reference.table() + "." + reference.key();
    List<Map<String, String>> counted = queries.rows(purpose, table.name(), sql.relationship(table, reference, range), parameters);
    Map<String, String> counts = counted.get(0);
    List<LakeFinding> findings = new ArrayList<>();
    long missing = count(counts, LakeCheckSql.MISSING_ROWS);
    if (missing > 0) {
      List<Map<String, String>> found = queries.rows(purpose, table.name(), sql.relationshipExamples(table, reference, range, false), parameters);
      boolean narrowed = range.isPresent() && LakeCheckSql.coupling(table, reference).isPresent();
      findings.add(
          new LakeFinding(
              reference.severity(),
              table.name(),
              reference.column(),
              where,
              rows(missing) + " of lake table '" + table.name() + "' " + (missing == 1 ? "points" : "point") + " with " + reference.column()
                  + " at no row of lake table '" + reference.table() + "'" + (narrowed ? " on the business dates around it" : "") + " (" + reference.column() + " → "
                  + reference.table() + "." + reference.key() + "; e.g. "
                  + pointing(table, found, reference.column()) + "); "
                  + (reference.severity() == Severity.ERROR
                      ? "those rows would vanish from every number"
                      : "those rows are built, but count in no number that needs a column of " + reference.table())
                  + ": load the missing rows of " + reference.table() + " (a partial extract?) or fix " + reference.column() + " in the extract"));
    }
    long otherDate = count(counts, LakeCheckSql.OTHER_DATE_ROWS);
    if (otherDate > 0) {
      LakeRule.OnBusinessDateOf coupling = LakeCheckSql.coupling(table, reference).orElseThrow();
      List<Map<String, String>> found = queries.rows(purpose, table.name(), sql.relationshipExamples(table, reference, range, true), parameters);
      findings.add(
          new LakeFinding(
              coupling.severity(),
              table.name(),
              coupling.column(),
              where,
          "column '" + coupling.column() + "' of lake table '" + table.name() + "' breaks the rule '" + coupling.describe() + "' in " + rows(otherDate)
                  + " (business dates in " + catalog.timeZone() + "; e.g. " + pairs(table, found, coupling) + "); the builds read each table by its own date,"
                  + " so those rows would count or not depending on which dates a run builds: fix the extract (the Embulk load) so that "
                  + coupling.column() + " is written with its " + reference.table() + " row"));
    }
    return findings;
  }

  // ---------------------------------------------------------------- text

  /** "order_id = 7 ("PAID"), order_id = 9 ("paid ")": keys of example rows, with a value. */
  private static String keys(LakeTable table, List<Map<String, String>> rows, String valueColumn) {
    return keys(table, rows, valueColumn, false);
  }

  /** "order_item_id = 10 (order_id = 999)": keys of example rows with the reference they hold. */
  private static String pointing(LakeTable table, List<Map<String, String>> rows, String referenceColumn) {
    List<String> examples = new ArrayList<>();
    for (Map<String, String> row : rows) {
      examples.add(key(table, row) + " (" + referenceColumn + " = " + row.get(LakeCheckSql.VALUE) + ")");
    }
    return String.join(", ", examples);
  }

  /** Keys of example rows, with the value of {@code valueColumn} (if any) and the rows of a repeated key ({@code counted}). */
  private static String keys(LakeTable table, List<Map<String, String>> rows, String valueColumn, boolean counted) {
    List<String> examples = new ArrayList<>();
    for (Map<String, String> row : rows) {
      String text = key(table, row);
      if (valueColumn != null) {
        text += " (" + quoted(row.get(valueColumn)) + ")";
      }
      if (counted) {
        text += " in " + row.get(LakeCheckSql.ROW_COUNT) + " rows";
      }
      examples.add(text);
    }
    return String.join(", ", examples);
  }

  private static String pairs(LakeTable table, List<Map<String, String>> rows, LakeRule.OnBusinessDateOf coupling) {
    List<String> examples = new ArrayList<>();
    for (Map<String, String> row : rows) {
      examples.add(key(table, row) + ": " + coupling.column() + " " + row.get(LakeCheckSql.VALUE) + ", " + coupling.table() + "." + coupling.timestamp() + " "
          + row.get(LakeCheckSql.RELATED_VALUE));
    }
    return String.join("; ", examples);
  }

  private static String values(List<Map<String, String>> rows) {
    return rows.stream().map(r -> quoted(r.get(LakeCheckSql.VALUE))).collect(Collectors.joining(", "));
  }

  private static String key(LakeTable table, Map<String, String> row) {
    List<LakeColumn> key = LakeCheckSql.key(table);
    List<String> values = new ArrayList<>();
    for (LakeColumn column : key) {
      String value = row.get(column.name());
      values.add(column.type() == LogicalType.STRING ? quoted(value) : String.valueOf(value));
    }
    return key.size() == 1 ? key.get(0).name() + " = " + values.get(0) : names(key) + " = (" + String.join(", ", values) + ")";
  }

  /** A value as the data holds it, quoted so that case and spaces show ("paid "); NULL unquoted. */
  private static String quoted(String value) {
    return value == null ? "NULL" : '"' + value + '"';
  }

  private static String names(List<LakeColumn> key) {
    String names = key.stream().map(LakeColumn::name).collect(Collectors.joining(", "));
    return key.size() == 1 ? names : "(" + names + ")";
  }

  private static String rows(long count) {
    return count == 1 ? "1 row" : count + " rows";
  }

  private static long count(Map<String, String> row, String column) {
    String value = row.get(column);
    return value == null ? 0 : Long.parseLong(value);
  }
}
