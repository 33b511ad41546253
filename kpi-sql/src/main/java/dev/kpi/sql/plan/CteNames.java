package dev.kpi.sql.plan;

import java.util.HashSet;
import java.util.Set;

/**
 * The one owner of a query's step names: each name is given once, so a fact and a rolling
 * metric of the same name (or any other pair) can never make two steps of one name.
 */
final class CteNames {
  private final Set<String> given = new HashSet<>();

  /** {@code name}, which must be free: the fixed names of a plan's structure. */
  String fixed(String name) {
    if (!given.add(name)) {
      throw new IllegalStateException("step name " + name + " given twice");
    }
    return name;
  }

  /** {@code wanted}, or, when a step has that name already, {@code wanted_2}, {@code wanted_3}, ... */
  String allocate(String wanted) {
    String name = wanted;
    for (int n = 2; !given.add(name); n++) {
      name = wanted + "_" + n;
    }
    return name;
  }
}
