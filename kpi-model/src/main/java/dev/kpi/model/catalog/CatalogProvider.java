package dev.kpi.model.catalog;

/**
 * How a shop hands its catalog to the runtime without the runtime depending on the shop's
 * code: implement it and register the class in
 * {@code META-INF/services/dev.kpi.model.catalog.CatalogProvider} ({@link java.util.ServiceLoader}).
 */
public interface CatalogProvider {
  /** Builds (and so validates) the catalog. */
  Catalog catalog();

  /**
   * The Flyway location of the migration that creates the lake tables in the embedded engine
   * (e.g. {@code classpath:db/lake}); empty to create them from the catalog's lake tables.
   */
  default java.util.Optional<String> lakeMigrations() {
    return java.util.Optional.empty();
  }
}
