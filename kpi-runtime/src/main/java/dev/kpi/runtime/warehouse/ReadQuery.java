package dev.kpi.runtime.warehouse;

import dev.kpi.sql.dialect.ColumnDdl;
import java.time.LocalDate;
import java.util.List;

/**
 * A SELECT that only reads, in the warehouse's dialect: its text, the columns it answers with,
 * and the dates of its two parameters ({@code @start_date}, {@code @end_date}).
 *
 * @param label what it reads, for messages and the warehouse's job labels ("query_query" for
 *     kpi query, "show_kpi_weekly" for kpi show --mart)
 */
public record ReadQuery(String label, String sql, List<ColumnDdl> columns, LocalDate start, LocalDate end) {
  public ReadQuery {
    columns = List.copyOf(columns);
  }
}
