package dev.kpi.sql.dialect;

import dev.kpi.model.LogicalType;
import dev.kpi.sql.plan.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * What a CREATE TABLE says, independent of the engine: the columns, the column whose date
 * partitions the table, the clustering columns and the table's description.
 */
public final class TableDdl {
  private final TableRef table;
  private final List<ColumnDdl> columns;
  private final Optional<String> partitionColumn;
  private final List<String> clusterBy;
  private final String description;
  private final boolean requirePartitionFilter;

  public TableDdl(
      TableRef table,
      List<ColumnDdl> columns,
      Optional<String> partitionColumn,
      List<String> clusterBy,
      String description) {
    this(table, columns, partitionColumn, clusterBy, description, false);
  }

  public TableDdl(
      TableRef table,
      List<ColumnDdl> columns,
      Optional<String> partitionColumn,
      List<String> clusterBy,
      String description,
      boolean requirePartitionFilter) {
    this.table = table;
    this.columns = List.copyOf(columns);
    this.partitionColumn = partitionColumn;
    this.clusterBy = List.copyOf(clusterBy);
    this.description = description;
    this.requirePartitionFilter = requirePartitionFilter;
  }

  /**
   * Whether every query must filter on the partition column (facts: a query that forgets it
   * would scan all history, which on BigQuery is billed).
   */
  public boolean requirePartitionFilter() {
    return requirePartitionFilter;
  }

  public TableRef table() {
    return table;
  }

  public List<ColumnDdl> columns() {
    return columns;
  }

  public Optional<String> partitionColumn() {
    return partitionColumn;
  }

  /** The type of the partition column (a TIMESTAMP is partitioned by its date). */
  public Optional<LogicalType> partitionType() {
    return partitionColumn.flatMap(
        p -> columns.stream().filter(c -> c.name().equals(p)).map(ColumnDdl::type).findFirst());
  }

  public List<String> clusterBy() {
    return clusterBy;
  }

  public String description() {
    return description;
  }
}
