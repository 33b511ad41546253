package dev.kpi.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.sql.SessionsCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order of a plan's steps. */
class PlannerTest {
  private final Catalog catalog = SessionsCatalog.CATALOG;
  private final List<PlanStep> steps = Planner.plan(catalog).steps();

  @Test
  void everyStepComesAfterTheStepsThatBuildTheTablesItReads() {
    Set<TableRef> created = new HashSet<>();
    Set<TableRef> built = new HashSet<>();
    for (PlanStep step : steps) {
      for (TableRef read : step.reads()) {
        if (read.layer() == Layer.LAKE) {
          // The lake is loaded outside the plan; the plan only creates its tables.
          assertThat(created).as("%s reads %s, created earlier", step, read).contains(read);
        } else {
          assertThat(built).as("%s reads %s, built earlier", step, read).contains(read);
        }
      }
      if (step.kind() == StepKind.CREATE) {
        assertThat(created).as("%s creates its table once", step).doesNotContain(step.table());
        created.add(step.table());
      } else {
        assertThat(created).as("%s builds a table created earlier", step).contains(step.table());
        built.add(step.table());
      }
    }
    assertThat(built)
        .contains(
            TableRef.of(Layer.WAREHOUSE, "dim_users"),
            TableRef.of(Layer.WAREHOUSE, "fct_sessions"),
            TableRef.of(Layer.MART, "sessions_daily_by_country"));
  }

  @Test
  void aMartOnADimensionTableReadsTheFactAndTheDimension() {
    PlanStep build =
        steps.stream().filter(s -> s.id().equals("mart.sessions_daily_by_country.build")).findFirst().orElseThrow();
    assertThat(build.reads())
        .containsExactlyInAnyOrder(
            TableRef.of(Layer.WAREHOUSE, "fct_sessions"), TableRef.of(Layer.WAREHOUSE, "dim_users"));
    assertThat(build.parameters()).containsExactly(Parameter.START_DATE, Parameter.END_DATE);
    // The fact's lookback: a daily run rebuilds the mart days whose fact rows it rebuilt.
    assertThat(build.lookbackDays()).isEqualTo(2);
  }

  @Test
  void theDimensionIsBuiltBeforeTheFactEvenWhenTheCatalogListsItSecond() {
    List<String> ids = steps.stream().map(PlanStep::id).toList();
    assertThat(ids.indexOf("warehouse.dim_users.build")).isLessThan(ids.indexOf("warehouse.fct_sessions.build"));
    PlanStep dimension = steps.get(ids.indexOf("warehouse.dim_users.build"));
    assertThat(dimension.isWindowed()).isFalse();
    assertThat(dimension.reads()).containsExactly(TableRef.of(Layer.LAKE, "users"));
  }
}
