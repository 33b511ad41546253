package dev.kpi.runtime.warehouse;

import dev.kpi.sql.plan.Parameter;
import java.util.List;
import java.util.Map;

/**
 * How a warehouse runs the lake contract's read-only queries ({@link dev.kpi.sql.render.LakeCheckSql})
 * on its lake: the embedded engine over its views of the lake files, BigQuery as query jobs over
 * the lake dataset. The engine-neutral {@link dev.kpi.runtime.contract.LakeContractCheck} writes
 * the SQL and the messages, so both engines check the same rules the same way.
 */
public interface LakeQueries {
  /**
   * The rows of {@code sql}, each column's value as text (NULL as null) by column name.
   *
   * @param purpose what the query finds, for errors and labels ("checking lake table orders")
   * @param lakeTable the lake table the query checks
   * @param parameters the typed parameters the SQL uses ({@link java.time.Instant} for TIMESTAMP)
   */
  List<Map<String, String>> rows(String purpose, String lakeTable, String sql, Map<Parameter, Object> parameters);

  /** Where a lake table's rows are, for messages: "the lake file /lake/orders.parquet", "lake table p.lake.orders". */
  String describe(String lakeTable);
}
