package dev.kpi.definitions;

import dev.kpi.definitions.shop.ShopCatalog;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class that reads the shop's catalog while the catalog is invalid, so an analyst's
 * mistake is reported once, by {@link ShopCatalogTest}, with the catalog's list of problems,
 * and not again by every class that builds the catalog in a static field. Evaluated before the
 * class is initialised: its static fields are never built from an invalid catalog. The build
 * still fails, on ShopCatalogTest.
 */
final class ShopCatalogIsValid implements ExecutionCondition {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ShopCatalogIsValid.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> problem =
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("problem", key -> problem(), Optional.class);
    return problem.isEmpty()
        ? ConditionEvaluationResult.enabled("the shop's catalog is valid")
        : ConditionEvaluationResult.disabled("the shop's catalog is invalid: ShopCatalogTest lists its problems");
  }

  private static Optional<String> problem() {
    try {
      ShopCatalog.build();
      return Optional.empty();
    } catch (RuntimeException | LinkageError e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }
}
