package dev.kpi.runtime.query;

import dev.kpi.runtime.warehouse.ReadQuery;
import java.util.List;
import java.util.Optional;

/**
 * How a query is answered: the SELECT, the mart it reads (empty: compiled from the warehouse
 * tables), why, and what may make its numbers incomplete (dates its tables do not hold).
 */
public record QueryRoute(ReadQuery read, Optional<String> mart, String reason, List<String> warnings) {
  public QueryRoute {
    warnings = List.copyOf(warnings);
  }

  /** "mart kpi_weekly" or "the warehouse tables". */
  public String source() {
    return mart.map(m -> "mart " + m).orElse("the warehouse tables");
  }
}
