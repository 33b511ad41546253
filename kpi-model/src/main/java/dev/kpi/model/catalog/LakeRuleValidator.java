package dev.kpi.model.catalog;

import dev.kpi.model.LogicalType;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeRule;
import dev.kpi.model.lake.LakeTable;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of valid data a lake table declares ({@link LakeRule}) must be checkable: each names
 * a column of its table of a type the rule can compare, and a relationship names the key of
 * another lake table. Each problem names the table and the rule, and says what to change.
 */
final class LakeRuleValidator {
  private final Catalog catalog;
  private final Problems problems;

  LakeRuleValidator(Catalog catalog, Problems problems) {
    this.catalog = catalog;
    this.problems = problems;
  }

  void check(LakeTable table) {
    Set<String> seen = new HashSet<>();
    for (LakeRule rule : table.rules()) {
      String object = "lake table '" + table.name() + "' rule '" + rule.describe() + "'";
      if (!seen.add(rule.withSeverity(dev.kpi.model.lake.Severity.ERROR).toString())) {
        problems.problem(object, "is declared twice; declare each rule once");
        continue;
      }
      Optional<LakeColumn> column = table.findColumn(rule.column());
      if (column.isEmpty()) {
        problems.problem(object, "column '" + rule.column() + "' is not one of its columns (" + columns(table) + ")");
        continue;
      }
      LogicalType type = column.get().type();
      if (rule instanceof LakeRule.AcceptedValues) {
        checkValues(object, type, ((LakeRule.AcceptedValues) rule).values());
      } else if (rule instanceof LakeRule.Range) {
        LakeRule.Range range = (LakeRule.Range) rule;
        if (type != LogicalType.INT64 && type != LogicalType.NUMERIC && type != LogicalType.FLOAT64) {
          problems.problem(object, "column '" + rule.column() + "' is " + type + "; a range applies to INT64, NUMERIC or FLOAT64 columns");
        } else if (range.min() > range.max()) {
          problems.problem(object, "its lower bound " + range.min() + " is above its upper bound " + range.max() + "; swap them");
        }
      } else if (rule instanceof LakeRule.PlausibleTime) {
        if (type != LogicalType.TIMESTAMP) {
          problems.problem(object, "column '" + rule.column() + "' is " + type + "; plausible() applies to TIMESTAMP columns");
        }
      } else if (rule instanceof LakeRule.References) {
        checkReference(object, type, (LakeRule.References) rule);
      } else {
        checkCoupling(object, table, type, (LakeRule.OnBusinessDateOf) rule);
      }
    }
  }

  private void checkValues(String object, LogicalType type, List<String> values) {
    if (type != LogicalType.STRING) {
      problems.problem(object, "the column is " + type + "; accepted values apply to STRING columns");
    }
    if (values.isEmpty()) {
      problems.problem(object, "lists no value; name every value the column may hold");
    } else if (new HashSet<>(values).size() != values.size()) {
      problems.problem(object, "lists a value twice; name each value once");
    }
  }

  private void checkReference(String object, LogicalType type, LakeRule.References rule) {
    Optional<LakeTable> parent = catalog.findLakeTable(rule.table());
    if (parent.isEmpty()) {
      problems.problem(object, "references lake table '" + rule.table() + "', which the catalog does not have; add it to the catalog's lake tables");
      return;
    }
    if (!parent.get().primaryKey().equals(List.of(rule.key()))) {
      problems.problem(
          object,
          "references " + rule.table() + "." + rule.key() + ", which is not the primary key of lake table '" + rule.table() + "' ("
              + (parent.get().primaryKey().isEmpty() ? "it has none" : String.join(", ", parent.get().primaryKey()))
              + "); a relationship points at a table's one-column key");
      return;
    }
    LogicalType keyType = parent.get().findColumn(rule.key()).orElseThrow().type();
    if (keyType != type) {
      problems.problem(object, "the column is " + type + " but " + rule.table() + "." + rule.key() + " is " + keyType + "; a relationship joins values of one type");
    }
  }

  private void checkCoupling(String object, LakeTable table, LogicalType type, LakeRule.OnBusinessDateOf rule) {
    if (type != LogicalType.TIMESTAMP) {
      problems.problem(object, "the column is " + type + "; onBusinessDateOf() applies to TIMESTAMP columns");
    }
    boolean related = table.rules().stream().anyMatch(r -> r instanceof LakeRule.References && ((LakeRule.References) r).table().equals(rule.table()));
    if (!related) {
      problems.problem(object, "needs a references(...) rule from lake table '" + table.name() + "' to '" + rule.table() + "' that says which row's date it is on");
      return;
    }
    Optional<LogicalType> other = catalog.findLakeTable(rule.table()).flatMap(p -> p.findColumn(rule.timestamp())).map(LakeColumn::type);
    if (other.isEmpty()) {
      problems.problem(object, "lake table '" + rule.table() + "' has no column '" + rule.timestamp() + "'");
    } else if (other.get() != LogicalType.TIMESTAMP) {
      problems.problem(object, rule.table() + "." + rule.timestamp() + " is " + other.get() + "; the business date is of a TIMESTAMP column");
    }
  }

  private static String columns(LakeTable table) {
    return String.join(", ", table.columns().stream().map(LakeColumn::name).toList());
  }
}
