package dev.kpi.model.catalog;

import java.util.List;

/**
 * A catalog that breaks the rules: every problem found, each naming the object and what to
 * fix. Thrown when a catalog is built, so a bad definition never reaches SQL.
 */
public final class InvalidCatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String catalog;
  private final List<String> problems;

  public InvalidCatalogException(String catalog, List<String> problems) {
    super(format(catalog, problems));
    this.catalog = catalog;
    this.problems = List.copyOf(problems);
  }

  public String catalog() {
    return catalog;
  }

  /** One line per problem, in the order the catalog declares the objects. */
  public List<String> problems() {
    return problems;
  }

  private static String format(String catalog, List<String> problems) {
    StringBuilder text =
        new StringBuilder("catalog '")
            .append(catalog)
            .append("' is invalid (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
    for (String problem : problems) {
      text.append("\n  - ").append(problem);
    }
    return text.toString();
  }
}
