package dev.kpi.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.warehouse.LakeRecord;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which falls in a date's lake rows count as a shrink, and what the ledger records for them. */
class ShrinkGuardTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 3, 2);
  private static final LocalDate D3 = LocalDate.of(2024, 3, 3);
  private static final DateWindow WINDOW = DateWindow.of(D1, D3);

  private static BuiltDate built(String lakeRows) {
    return new BuiltDate("f", lakeRows, List.of(), java.time.Instant.EPOCH);
  }

  @Test
  void aFallToNoneOrByMoreThanTheShareIsAShrinkAndAFallWithinItOrAGrowthIsNot() {
    Map<LocalDate, BuiltDate> recorded = Map.of(D1, built("a=100,b=10"), D2, built("a=100"), D3, built("a=100"));
    LakeVolume now = LakeVolume.of(Map.of(D1, Map.of("a", 50L, "b", 0L), D2, Map.of("a", 49L), D3, Map.of("a", 500L)));
    assertThat(new ShrinkGuard(50).shrinks(WINDOW, recorded, now, java.util.Set.of("a", "b")).stream().map(Object::toString))
        .containsExactly(
            "lake table 'b' on 2024-03-01: 10 rows when the date was last built, 0 now",
            "lake table 'a' on 2024-03-02: 100 rows when the date was last built, 49 now");
    assertThat(new ShrinkGuard(0).shrinks(WINDOW, recorded, now, java.util.Set.of("a", "b"))).hasSize(3);
    assertThat(new ShrinkGuard(99).shrinks(WINDOW, recorded, now, java.util.Set.of("a", "b"))).hasSize(1);
  }

  @Test
  void aDateNotRecordedBeforeOrRecordedEmptyHasNothingToCompare() {
    Map<LocalDate, BuiltDate> recorded = Map.of(D1, built(null), D2, built("a=0"));
    LakeVolume none = LakeVolume.of(Map.of());
    assertThat(new ShrinkGuard(50).shrinks(WINDOW, recorded, none, java.util.Set.of("a"))).isEmpty();
  }

  /** A table the build no longer reads, or that is no longer counted by range, is not a shrink; nor is a date of a table recreated empty. */
  @Test
  void onlyTablesTheBuildReadsAndThatAreCountedNowAreCompared() {
    Map<LocalDate, BuiltDate> recorded = Map.of(D1, built("a=100,b=10"), D2, new BuiltDate("recreated-empty", "a=100", List.of(), java.time.Instant.EPOCH));
    LakeVolume now = LakeVolume.of(Map.of(D1, Map.of("a", 100L)));
    assertThat(new ShrinkGuard(50).shrinks(WINDOW, recorded, now, java.util.Set.of("a", "b"))).as("b is not counted now").isEmpty();
    assertThat(new ShrinkGuard(50).shrinks(WINDOW, recorded, LakeVolume.of(Map.of(D1, Map.of("a", 100L, "b", 0L))), java.util.Set.of("a"))).as("b is not read").isEmpty();
  }

  @Test
  void theRefusalListsEveryShrinkTheCauseAndTheCommandThatProceeds() {
    ShrinkGuard guard = new ShrinkGuard(50);
    assertThat(guard.refusal(List.of(new ShrinkGuard.Shrink("orders", D1, 1, 0)), "kpi run --date 2024-03-03 --accept-shrink"))
        .isEqualTo(
            "the lake holds fewer rows than when these dates were last built (by more than 50 %, or none at all), so they were not replaced; nothing was written:\n"
                + "  - lake table 'orders' on 2024-03-01: 1 row when the date was last built, 0 now\n"
                + "an empty or partial extract is the likely cause: load the missing rows into the lake and run again;"
                + " if the lake really holds fewer rows now (orders deleted upstream), replace the dates anyway with: kpi run --date 2024-03-03 --accept-shrink"
                + " (or allow a larger fall with --max-shrink PERCENT)");
    assertThatThrownBy(() -> new ShrinkGuard(100)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLedgerRecordsEachDateInOrderAndReadsItBack() {
    LakeVolume now = LakeVolume.of(Map.of(D1, Map.of("orders", 3L, "order_items", 7L), D3, Map.of("orders", 1L)));
    assertThat(now.format(D1, List.of("orders", "order_items", "products"))).isEqualTo("order_items=7,orders=3");
    assertThat(now.format(D2, List.of("orders"))).isEqualTo("orders=0");
    assertThat(now.format(D2, List.of("products"))).isNull();
    assertThat(LakeVolume.parse("order_items=7,orders=3")).containsExactly(Map.entry("order_items", 7L), Map.entry("orders", 3L));
    LakeRecord record = new LakeRecord(Map.of(D1, "orders=3", D3, "orders=1"), List.of("one", "two"));
    assertThat(record.rows(D2)).isNull();
    assertThat(record.warningsText()).isEqualTo("one\ntwo");
    assertThat(BuiltDate.warnings(record.warningsText())).containsExactly("one", "two");
  }
}
