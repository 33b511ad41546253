package dev.kpi.runtime.testing;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.CatalogProvider;
import java.util.function.Supplier;

/** The catalog the runtime's tests run on; a test sets {@link #use} to switch definitions. */
public final class TestCatalogProvider implements CatalogProvider {
  private static volatile Supplier<Catalog> current = TestCatalogs::v1;

  public static void use(Supplier<Catalog> catalog) {
    current = catalog;
  }

  @Override
  public Catalog catalog() {
    return current.get();
  }
}
