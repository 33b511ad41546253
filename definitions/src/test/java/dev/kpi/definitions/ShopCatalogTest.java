package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.kpi.definitions.shop.ShopCatalog;
import org.junit.jupiter.api.Test;

/** The first test to read when a definition breaks a rule: the catalog's own list of problems. */
class ShopCatalogTest {
  @Test
  void theShopsCatalogIsValid() {
    assertThatCode(ShopCatalog::build).as("the shop's catalog builds").doesNotThrowAnyException();
  }

  @Test
  void everyTermOfTheGlossaryIsDefined() {
    assertThat(ShopCatalog.build().metrics())
        .extracting(m -> m.name())
        .contains("gmv", "orders", "aov", "active_creators", "active_creators_28d", "items_sold");
  }
}
