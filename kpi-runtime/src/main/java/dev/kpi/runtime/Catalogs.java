package dev.kpi.runtime;

import dev.kpi.model.catalog.CatalogProvider;
import dev.kpi.model.catalog.InvalidCatalogException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the shop's catalog on the class path through {@link ServiceLoader}, so the runtime
 * never depends on one shop's definitions.
 */
public final class Catalogs {
  private Catalogs() {}

  /** The one catalog provider on the class path. */
  public static CatalogProvider provider() {
    List<CatalogProvider> providers =
        ServiceLoader.load(CatalogProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toList());
    if (providers.isEmpty()) {
      throw new KpiException(
          "no KPI catalog on the class path: put a jar with an implementation of "
              + CatalogProvider.class.getName()
              + " (registered in META-INF/services) beside the runtime");
    }
    if (providers.size() > 1) {
      throw new KpiException(
          "more than one KPI catalog on the class path ("
              + providers.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
              + "); keep exactly one");
    }
    return providers.get(0);
  }

  /** The catalog, built and validated; an invalid catalog is a failed run with every problem listed. */
  public static LoadedCatalog load() {
    CatalogProvider provider = provider();
    try {
      return new LoadedCatalog(provider.catalog(), provider.lakeMigrations());
    } catch (InvalidCatalogException e) {
      throw new KpiException(e.getMessage(), e);
    } catch (ExceptionInInitializerError e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidCatalogException) {
        throw new KpiException(cause.getMessage(), cause);
      }
      throw new KpiException(
          "the KPI definitions failed to load: " + (cause == null ? e : cause.getMessage()), e);
    }
  }
}
