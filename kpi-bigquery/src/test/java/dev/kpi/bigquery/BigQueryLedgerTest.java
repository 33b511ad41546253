package dev.kpi.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.warehouse.LakeRecord;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger record's {@code @lake_rows}: one entry per date of the window, in order, from its start. */
class BigQueryLedgerTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  private static final DateWindow WINDOW = DateWindow.of(D1, D1.plusDays(2));

  @Test
  void eachDateOfTheWindowHasItsEntryAndADateWithoutRowsAnEmptyOne() {
    LakeRecord record = new LakeRecord(Map.of(D1, "orders=3", D1.plusDays(2), "orders=1"), List.of());
    assertThat(BigQueryLedger.lakeRows(record, WINDOW)).isEqualTo("orders=3;;orders=1");
    assertThat(BigQueryLedger.lakeRows(LakeRecord.NONE, WINDOW)).isNull();
  }
}
