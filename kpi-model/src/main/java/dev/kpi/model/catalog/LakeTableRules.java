package dev.kpi.model.catalog;

import dev.kpi.model.LogicalType;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The rules of a lake table: named, documented, its columns, key, rules and partition. */
final class LakeTableRules {
  private final Problems problems;
  private final LakeRuleValidator rules;

  LakeTableRules(Catalog catalog, Problems problems) {
    this.problems = problems;
    this.rules = new LakeRuleValidator(catalog, problems);
  }

  void check(LakeTable table) {
    String object = "lake table '" + table.name() + "'";
    problems.identifier(object, "name", table.name());
    problems.documented(object, table);
    if (table.columns().isEmpty()) {
      problems.problem(object, "has no columns");
    }
    problems.duplicates(object + " column", table.columns(), LakeColumn::name);
    table.columns().forEach(c -> problems.identifier(object, "column", c.name()));
    checkPrimaryKey(object, table);
    rules.check(table);
    table.partitionColumn().ifPresent(p -> checkPartition(object, table, p));
  }

  private void checkPrimaryKey(String object, LakeTable table) {
    Set<String> seen = new HashSet<>();
    for (String key : table.primaryKey()) {
      Optional<LakeColumn> column = table.findColumn(key);
      if (column.isEmpty()) {
        problems.problem(
            object,
            "primary key column '" + key + "' is not one of its columns; name columns of the table in .primaryKey(...)");
      } else if (!seen.add(key)) {
        problems.problem(object, "primary key names column '" + key + "' twice; name each key column once");
      } else if (column.get().nullable()) {
        // A key identifies a row only when it has a value: the migration's PRIMARY KEY makes its
        // columns NOT NULL, and the lake check relies on that.
        problems.problem(
            object,
            "primary key column '" + key + "' is nullable; declare it NOT NULL (nullable false)");
      }
    }
  }

  private void checkPartition(String object, LakeTable table, String partition) {
    Optional<LakeColumn> column = table.findColumn(partition);
    if (column.isEmpty()) {
      problems.problem(object, "partition column '" + partition + "' is not one of its columns");
    } else if (column.get().type() != LogicalType.TIMESTAMP
        && column.get().type() != LogicalType.DATE) {
      problems.problem(
          object,
          "partition column '"
              + partition
              + "' is "
              + column.get().type()
              + "; partition by a TIMESTAMP or DATE column");
    }
  }
}
