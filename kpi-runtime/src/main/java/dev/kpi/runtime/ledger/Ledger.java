package dev.kpi.runtime.ledger;

import static dev.kpi.runtime.ledger.generated.Tables.BUILT_DATES;
import static dev.kpi.runtime.ledger.generated.Tables.RUNS;
import static dev.kpi.runtime.ledger.generated.Tables.TABLE_BUILDS;

import dev.kpi.runtime.DateWindow;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.runtime.warehouse.LakeRecord;
import dev.kpi.runtime.warehouse.RunJournal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * The run ledger: which command ran, which table it built for which dates with which
 * definition fingerprint, when, with how many rows and with what outcome. Read and written
 * through jOOQ on the warehouse's own connection, so the dates a build records commit or roll
 * back with the rows it wrote.
 */
public final class Ledger {
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  /** A run whose process died (killed, out of power) before it could say how it ended. */
  public static final String ABANDONED = "abandoned";

  private final DSLContext dsl;

  public Ledger(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Marks runs and builds left 'running' by a process that died as abandoned. Called with the
   * data folder locked, so no other process can still be running them. Their tables are intact:
   * each build is one transaction, which DuckDB rolled back when it reopened the file.
   */
  public int abandonUnfinished() {
    OffsetDateTime now = now();
    dsl.update(TABLE_BUILDS)
        .set(TABLE_BUILDS.OUTCOME, ABANDONED)
        .set(TABLE_BUILDS.FINISHED_AT, now)
        .where(TABLE_BUILDS.OUTCOME.eq(RUNNING))
        .execute();
    return dsl.update(RUNS)
        .set(RUNS.OUTCOME, ABANDONED)
        .set(RUNS.FINISHED_AT, now)
        .where(RUNS.OUTCOME.eq(RUNNING))
        .execute();
  }

  /** Starts a run of {@code command} reading {@code lake} (null when it reads none). */
  public String startRun(String command, String lake) {
    String runId = UUID.randomUUID().toString();
    dsl.insertInto(RUNS)
        .set(RUNS.RUN_ID, runId)
        .set(RUNS.COMMAND, command)
        .set(RUNS.LAKE, lake)
        .set(RUNS.STARTED_AT, now())
        .set(RUNS.OUTCOME, RUNNING)
        .execute();
    return runId;
  }

  /** The first and last business dates any table holds; empty when nothing is built. */
  public java.util.Optional<dev.kpi.runtime.DateWindow> builtRange() {
    var range = dsl.select(org.jooq.impl.DSL.min(BUILT_DATES.BUSINESS_DATE), org.jooq.impl.DSL.max(BUILT_DATES.BUSINESS_DATE)).from(BUILT_DATES).fetchOne();
    return range == null || range.value1() == null ? java.util.Optional.empty() : java.util.Optional.of(dev.kpi.runtime.DateWindow.of(range.value1(), range.value2()));
  }

  /**
   * The commands of runs that never finished (a kill, a crash): while a command holds the data
   * folder no other can run, so a run still marked running was interrupted.
   */
  public java.util.List<String> interruptedRuns() {
    return dsl.select(RUNS.COMMAND).from(RUNS).where(RUNS.OUTCOME.eq(RUNNING)).orderBy(RUNS.STARTED_AT).fetch(RUNS.COMMAND);
  }

  /** The latest run that ended, when it failed: its command, its error, whether it built anything. */
  public java.util.Optional<RunJournal.FailedRun> lastFailure() {
    return dsl.select(RUNS.COMMAND, RUNS.OUTCOME, RUNS.MESSAGE, RUNS.RUN_ID)
        .from(RUNS)
        .where(RUNS.OUTCOME.ne(RUNNING))
        .orderBy(RUNS.STARTED_AT.desc())
        .limit(1)
        .fetchOptional()
        .filter(run -> FAILED.equals(run.value2()))
        .map(run -> new RunJournal.FailedRun(run.value1(), run.value3() == null || run.value3().isBlank() ? "no reason recorded" : run.value3(), builtAnything(run.value4())));
  }


  /**
   * The lake the warehouse was built from: that of the latest run that committed a build (a run
   * that failed before writing anything, say on a --switch-lake to a bad lake, built nothing from
   * its lake); without one, the lake of the latest run that read one, if any did.
   */
  public java.util.Optional<String> lastLake() {
    java.util.Optional<String> built =
        dsl.select(RUNS.LAKE)
            .from(RUNS)
            .where(RUNS.LAKE.isNotNull())
            .and(
                org.jooq.impl.DSL.exists(
                    dsl.selectOne().from(TABLE_BUILDS).where(TABLE_BUILDS.RUN_ID.eq(RUNS.RUN_ID)).and(TABLE_BUILDS.OUTCOME.eq(SUCCEEDED))))
            .orderBy(RUNS.STARTED_AT.desc())
            .limit(1)
            .fetchOptional(RUNS.LAKE);
    if (built.isPresent()) {
      return built;
    }
    return dsl.select(RUNS.LAKE).from(RUNS).where(RUNS.LAKE.isNotNull()).orderBy(RUNS.STARTED_AT.desc()).limit(1).fetchOptional(RUNS.LAKE);
  }

  /** Whether the run committed any build. */
  public boolean builtAnything(String runId) {
    return dsl.fetchExists(dsl.selectOne().from(TABLE_BUILDS).where(TABLE_BUILDS.RUN_ID.eq(runId)).and(TABLE_BUILDS.OUTCOME.eq(SUCCEEDED)));
  }

  public void finishRun(String runId, String outcome, String message) {
    dsl.update(RUNS)
        .set(RUNS.OUTCOME, outcome)
        .set(RUNS.FINISHED_AT, now())
        .set(RUNS.MESSAGE, message)
        .where(RUNS.RUN_ID.eq(runId))
        .execute();
  }

  /** Records that a build started; returns its number, for {@link #finishBuild}. */
  public long startBuild(String runId, String table, DateWindow window, String fingerprint) {
    // One command holds the data folder at a time, so the next number is free.
    Long last = dsl.select(org.jooq.impl.DSL.max(TABLE_BUILDS.BUILD_ID)).from(TABLE_BUILDS).fetchOne().value1();
    long buildId = last == null ? 1 : last + 1;
    dsl.insertInto(TABLE_BUILDS)
        .set(TABLE_BUILDS.BUILD_ID, buildId)
        .set(TABLE_BUILDS.RUN_ID, runId)
        .set(TABLE_BUILDS.TABLE_NAME, table)
        .set(TABLE_BUILDS.START_DATE, window == null ? null : window.start())
        .set(TABLE_BUILDS.END_DATE, window == null ? null : window.end())
        .set(TABLE_BUILDS.FINGERPRINT, fingerprint)
        .set(TABLE_BUILDS.STARTED_AT, now())
        .set(TABLE_BUILDS.OUTCOME, RUNNING)
        .execute();
    return buildId;
  }

  public void finishBuild(long buildId, long rows, String outcome, String message) {
    dsl.update(TABLE_BUILDS)
        .set(TABLE_BUILDS.FINISHED_AT, now())
        .set(TABLE_BUILDS.ROW_COUNT, rows)
        .set(TABLE_BUILDS.OUTCOME, outcome)
        .set(TABLE_BUILDS.MESSAGE, message)
        .where(TABLE_BUILDS.BUILD_ID.eq(buildId))
        .execute();
  }

  /**
   * Records that {@code table} now holds the window's dates, built by this definition, with what
   * each date's build read from the lake and the run's lake warnings.
   */
  public void recordDates(String table, DateWindow window, String fingerprint, String runId, LakeRecord lake) {
    dsl.deleteFrom(BUILT_DATES)
        .where(BUILT_DATES.TABLE_NAME.eq(table))
        .and(BUILT_DATES.BUSINESS_DATE.between(window.start(), window.end()))
        .execute();
    var insert =
        dsl.insertInto(
            BUILT_DATES,
            BUILT_DATES.TABLE_NAME,
            BUILT_DATES.BUSINESS_DATE,
            BUILT_DATES.FINGERPRINT,
            BUILT_DATES.RUN_ID,
            BUILT_DATES.BUILT_AT,
            BUILT_DATES.LAKE_ROWS,
            BUILT_DATES.LAKE_WARNINGS);
    OffsetDateTime now = now();
    for (LocalDate date : window.dates()) {
      insert = insert.values(table, date, fingerprint, runId, now, lake.rows(date), lake.warningsText());
    }
    insert.execute();
  }

  /** Every date the table holds, with what its build recorded. */
  public Map<LocalDate, BuiltDate> builtDates(String table) {
    Map<LocalDate, BuiltDate> out = new TreeMap<>();
    for (var row :
        dsl.select(BUILT_DATES.BUSINESS_DATE, BUILT_DATES.FINGERPRINT, BUILT_DATES.LAKE_ROWS, BUILT_DATES.LAKE_WARNINGS, BUILT_DATES.BUILT_AT)
            .from(BUILT_DATES)
            .where(BUILT_DATES.TABLE_NAME.eq(table))
            .fetch()) {
      out.put(row.value1(), new BuiltDate(row.value2(), row.value3(), BuiltDate.warnings(row.value4()), row.value5().toInstant()));
    }
    return out;
  }

  /** Every date every table holds, by table, with what its build recorded. */
  public Map<String, Map<LocalDate, BuiltDate>> allBuiltDates() {
    Map<String, Map<LocalDate, BuiltDate>> out = new TreeMap<>();
    for (var row :
        dsl.select(BUILT_DATES.TABLE_NAME, BUILT_DATES.BUSINESS_DATE, BUILT_DATES.FINGERPRINT, BUILT_DATES.LAKE_ROWS, BUILT_DATES.LAKE_WARNINGS, BUILT_DATES.BUILT_AT)
            .from(BUILT_DATES)
            .fetch()) {
      out.computeIfAbsent(row.value1(), t -> new TreeMap<>())
          .put(row.value2(), new BuiltDate(row.value3(), row.value4(), BuiltDate.warnings(row.value5()), row.value6().toInstant()));
    }
    return out;
  }

  /** When the table's date was last built. */
  public java.util.Optional<java.time.Instant> builtAt(String table, LocalDate date) {
    return dsl.select(BUILT_DATES.BUILT_AT)
        .from(BUILT_DATES)
        .where(BUILT_DATES.TABLE_NAME.eq(table).and(BUILT_DATES.BUSINESS_DATE.eq(date)))
        .fetchOptional(BUILT_DATES.BUILT_AT)
        .map(OffsetDateTime::toInstant);
  }

  /** Forgets the dates of a table that was recreated empty. */
  public void forgetTable(String table) {
    dsl.deleteFrom(BUILT_DATES).where(BUILT_DATES.TABLE_NAME.eq(table)).execute();
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
