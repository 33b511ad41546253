package dev.kpi.runtime;

import dev.kpi.model.catalog.Catalog;
import java.util.Optional;

/** A valid catalog and where its lake migration is. */
public final class LoadedCatalog {
  private final Catalog catalog;
  private final Optional<String> lakeMigrations;

  public LoadedCatalog(Catalog catalog, Optional<String> lakeMigrations) {
    this.catalog = catalog;
    this.lakeMigrations = lakeMigrations;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Flyway location of the lake's migration (e.g. {@code classpath:db/lake}), when the shop has one. */
  public Optional<String> lakeMigrations() {
    return lakeMigrations;
  }
}
