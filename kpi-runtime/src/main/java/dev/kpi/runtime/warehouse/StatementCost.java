package dev.kpi.runtime.warehouse;

import dev.kpi.runtime.DateWindow;

/**
 * What one statement of a run would process, from a dry run: the step ("mart.kpi_daily.build",
 * "lake check of orders"), its dates, and the bytes the warehouse says it would bill.
 *
 * @param window null for a statement without dates
 * @param bytes null when the warehouse did not say
 */
public record StatementCost(String step, DateWindow window, Long bytes) {
  @Override
  public String toString() {
    return step + (window == null ? "" : " " + window);
  }
}
