package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.model.catalog.InvalidCatalogException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first test to read when a definition breaks a rule: the catalog's own list of problems,
 * reported once (the other classes that read the catalog are skipped, see {@link
 * ShopCatalogIsValid}) and without a stack trace, which would only point into the validator.
 */
class ShopCatalogTest {
  @Test
  void theShopsCatalogIsValid() {
    try {
      ShopCatalog.build();
    } catch (InvalidCatalogException e) {
      throw new InvalidDefinitions(e.getMessage());
    }
  }

  @Test
  @ExtendWith(ShopCatalogIsValid.class)
  void everyTermOfTheGlossaryIsDefined() {
    assertThat(ShopCatalog.build().metrics())
        .extracting(m -> m.name())
        .contains("gmv", "orders", "aov", "active_creators", "active_creators_28d", "items_sold");
  }

  /** The catalog's message alone: what to fix is in it, and no frame of ours says more. */
  private static final class InvalidDefinitions extends AssertionError {
    private static final long serialVersionUID = 1L;

    InvalidDefinitions(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
