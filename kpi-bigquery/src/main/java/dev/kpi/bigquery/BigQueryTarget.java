package dev.kpi.bigquery;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.warehouse.Opening;
import dev.kpi.runtime.warehouse.Warehouse;
import dev.kpi.runtime.warehouse.WarehouseTarget;
import java.util.List;
import java.util.Optional;

/** BigQuery, production's warehouse: {@code --target bigquery}. */
public final class BigQueryTarget implements WarehouseTarget {
  @Override
  public String name() {
    return "bigquery";
  }

  @Override
  public String description() {
    return "Google BigQuery (the official client)";
  }

  @Override
  public Object options() {
    return new BigQueryOptions();
  }

  @Override
  public Object lakeOptions() {
    return null;
  }

  @Override
  public Object buildOptions() {
    return new BigQueryBuildOptions();
  }

  @Override
  public boolean estimates() {
    return true;
  }

  @Override
  public Warehouse open(Opening opening) {
    BigQuerySettings settings = ((BigQueryOptions) opening.options()).settings();
    Optional<String> runId = opening.buildOptions() == null ? Optional.empty() : Optional.ofNullable(((BigQueryBuildOptions) opening.buildOptions()).runId);
    return new BigQueryWarehouse(settings.client(), settings, opening.catalog().catalog(), runId, opening::note);
  }

  @Override
  public String checkLake(Opening opening) {
    BigQuerySettings settings = ((BigQueryOptions) opening.options()).settings();
    try (BigQueryWarehouse warehouse = new BigQueryWarehouse(settings.client(), settings, opening.catalog().catalog(), Optional.empty(), opening::note)) {
      List<String> differences = warehouse.checkWholeLake();
      if (!differences.isEmpty()) {
        throw new KpiException("the lake in BigQuery does not match the lake contract:\n  - " + String.join("\n  - ", differences));
      }
    }
    return "the lake in " + settings.project() + "." + settings.lakeDataset() + " matches the lake contract";
  }
}
