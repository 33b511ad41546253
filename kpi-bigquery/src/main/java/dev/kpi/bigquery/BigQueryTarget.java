package dev.kpi.bigquery;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.contract.LakeCheckResult;
import dev.kpi.runtime.warehouse.Opening;
import dev.kpi.runtime.warehouse.Warehouse;
import dev.kpi.runtime.warehouse.WarehouseTarget;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
    BigQueryBuildOptions build = (BigQueryBuildOptions) opening.buildOptions();
    Optional<String> runId = build == null ? Optional.empty() : Optional.ofNullable(build.runId);
    Set<String> allowRecreate = build == null ? Set.of() : Set.copyOf(build.allowRecreate);
    List<String> tables =
        opening.catalog().catalog().warehouseTables().stream().map(t -> "warehouse." + t.name()).collect(Collectors.toList());
    opening.catalog().catalog().marts().forEach(m -> tables.add("mart." + m.name()));
    for (String table : allowRecreate) {
      if (!tables.contains(table)) {
        throw KpiException.usage("--allow-recreate " + table + ": no such table; it takes one of " + String.join(", ", tables));
      }
    }
    return new BigQueryWarehouse(settings.client(), settings, opening.catalog().catalog(), runId, allowRecreate, opening.hint(), opening::note);
  }

  @Override
  public String checkLake(Opening opening) {
    BigQuerySettings settings = ((BigQueryOptions) opening.options()).settings();
    try (BigQueryWarehouse warehouse = new BigQueryWarehouse(settings.client(), settings, opening.catalog().catalog(), Optional.empty(), Set.of(), opening.hint(), opening::note)) {
      BigQueryWarehouse.WholeLake checked = warehouse.checkWholeLake();
      if (!checked.errors().isEmpty()) {
        throw new KpiException(LakeCheckResult.failure("the lake in BigQuery does not match the lake contract", checked.errors(), checked.warnings()));
      }
      checked.warnings().forEach(w -> opening.note("warning: " + w));
      return LakeCheckResult.passed("the lake in " + settings.project() + "." + settings.lakeDataset() + " matches the lake contract", checked.warnings().size());
    }
  }
}
