package dev.kpi.runtime.warehouse;

import dev.kpi.sql.dialect.ColumnDdl;
import java.util.Collections;
import java.util.List;

/**
 * The rows a {@link ReadQuery} returned, in its order, each value typed by its column: INT64 a
 * Long, NUMERIC a BigDecimal (all its digits), FLOAT64 a Double, STRING a String, BOOL a
 * Boolean, DATE a LocalDate; NULL is null.
 */
public record Answer(List<ColumnDdl> columns, List<List<Object>> rows) {
  public Answer {
    columns = List.copyOf(columns);
    rows = rows.stream().map(r -> Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
  }
}
