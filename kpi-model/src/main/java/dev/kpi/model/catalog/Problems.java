package dev.kpi.model.catalog;

import dev.kpi.model.Documented;
import dev.kpi.model.Identifiers;
import dev.kpi.model.warehouse.WarehouseLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The problems found so far, in the order found, and the checks every kind of object shares.
 * Each problem is "object: text", the text saying what to change.
 */
final class Problems {
  private final List<String> found = new ArrayList<>();

  void problem(String object, String text) {
    found.add(object + ": " + text);
  }

  List<String> list() {
    return found;
  }

  /** One problem per name used more than once, in name order. */
  <T> void duplicates(String kind, List<T> objects, Function<T, String> name) {
    Map<String, Integer> counts = new HashMap<>();
    objects.forEach(o -> counts.merge(name.apply(o), 1, Integer::sum));
    counts.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .sorted()
        .forEach(
            n ->
                problem(
                    kind + " '" + n + "'",
                    "is defined "
                        + counts.get(n)
                        + " times; names must be unique, rename or remove the copies"));
  }

  void identifier(String object, String what, String name) {
    if (!Identifiers.isValid(name)) {
      problem(object, what + " '" + name + "' is not a valid name; use " + Identifiers.rule());
    }
  }

  void documented(String object, Documented documented) {
    if (documented.description().isBlank()) {
      problem(object, "has no description; say what it means in .description(\"...\")");
    }
    if (documented.owner().isBlank()) {
      problem(object, "has no owner; name who answers questions about it in .owner(\"...\")");
    }
    if (documented.description().indexOf('\0') >= 0 || documented.owner().indexOf('\0') >= 0) {
      // Every other character is kept (escaped) in the SQL; DuckDB's strings cannot hold NUL.
      problem(object, "holds the NUL character (\\0) in its description or owner; remove it");
    }
  }

  /**
   * A column's description is written to the warehouse's catalog (a mart column's as "display
   * name: description"), which refuses the table when it is too long.
   */
  void columnDescription(String object, Optional<String> displayName, String description) {
    int length = displayName.map(d -> d.length() + 2).orElse(0) + description.strip().length();
    if (length > WarehouseLimits.MAX_COLUMN_DESCRIPTION) {
      problem(
          object,
          "has a description of "
              + length
              + " characters"
              + (displayName.isPresent() ? " with its display name" : "")
              + "; a warehouse column keeps at most "
              + WarehouseLimits.MAX_COLUMN_DESCRIPTION
              + " (BigQuery's limit): shorten it");
    }
  }
}
