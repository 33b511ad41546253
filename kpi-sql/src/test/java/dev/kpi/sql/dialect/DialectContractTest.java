package dev.kpi.sql.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.model.Identifiers;
import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.mart.Grain;
import dev.kpi.sql.dialect.DialectEngine.Result;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.Parameter;
import dev.kpi.sql.plan.TableRef;
import java.lang.reflect.ParameterizedType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dialect contract (in the spirit of Malloy's dialect tests): every function of {@link
 * SqlDialect} that the compiler uses, evaluated on the dialect's own engine, against values
 * written here by hand. Every test runs for every dialect; a dialect whose SQL computes
 * something else than the expectation, or something else than another dialect, fails here.
 *
 * <p>An abstract class with one subclass per engine, rather than one {@code @MethodSource} of
 * engines: each engine is started once for its class and closed after it (a DuckDB connection,
 * a ZetaSQL analyzer), a failure names its engine by the class ({@code DuckDbContractTest >
 * safeDivide [3]}), and the cases stay plain {@code @CsvSource} tables of hand-written
 * expectations instead of being crossed with the engines. <b>A third dialect</b> implements
 * {@link DialectEngine} for its engine and adds a subclass {@code XContractTest extends
 * DialectContractTest<XDialect>} returning it; it then runs every test below.
 * {@link EveryDialectHasAContractTest} fails while a dialect has no such subclass.
 *
 * <p>Values are written as the compiler writes them: constants through {@link
 * SqlDialect#literal} (or a {@link SqlDialect#cast} of a literal, as a typed column would be),
 * timestamps as typed parameters (a lake column is a TIMESTAMP; no dialect writes a timestamp
 * constant) or as a cast of a string with its offset. Tests of a disagreement between the
 * engines are kept, {@code @Disabled} with the exact difference, until a dialect is fixed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DialectContractTest<D extends SqlDialect> {
  private DialectEngine engine;
  /** The dialect under test. */
  protected SqlDialect dialect;

  /** Starts the engine of this class's dialect (once per class). */
  protected abstract DialectEngine startEngine();

  @BeforeAll
  void start() {
    engine = startEngine();
    dialect = engine.dialect();
    assertThat(dialect).as("the engine runs the dialect the class is declared for").isInstanceOf(dialectClass(getClass()));
  }

  @AfterAll
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  /** The dialect class a concrete contract test is declared for (its type argument). */
  @SuppressWarnings("unchecked")
  static Class<? extends SqlDialect> dialectClass(Class<?> contractTest) {
    Class<?> c = contractTest;
    while (c.getSuperclass() != DialectContractTest.class) {
      c = c.getSuperclass();
    }
    return (Class<? extends SqlDialect>) ((ParameterizedType) c.getGenericSuperclass()).getActualTypeArguments()[0];
  }

  // ---------------------------------------------------------------- periods

  @ParameterizedTest(name = "{1} of {0} is {2} to {3}")
  @CsvSource({
    "2024-02-29, DAY,   2024-02-29, 2024-02-29",
    "2023-12-31, DAY,   2023-12-31, 2023-12-31",
    // Weeks are Monday to Sunday.
    "2024-02-29, WEEK,  2024-02-26, 2024-03-03", // the leap day, a Thursday
    "2024-03-03, WEEK,  2024-02-26, 2024-03-03", // a Sunday ends its week
    "2024-03-04, WEEK,  2024-03-04, 2024-03-10", // a Monday starts one
    "2023-12-31, WEEK,  2023-12-25, 2023-12-31", // Dec 31, a Sunday
    "2024-12-31, WEEK,  2024-12-30, 2025-01-05", // Dec 31, a Tuesday: the week spans the new year
    "2025-01-01, WEEK,  2024-12-30, 2025-01-05",
    "2021-01-03, WEEK,  2020-12-28, 2021-01-03", // a Sunday of ISO week 53
    "2024-02-29, MONTH, 2024-02-01, 2024-02-29",
    "2023-02-28, MONTH, 2023-02-01, 2023-02-28",
    "2024-01-31, MONTH, 2024-01-01, 2024-01-31",
    "2024-04-30, MONTH, 2024-04-01, 2024-04-30",
    "2024-03-01, MONTH, 2024-03-01, 2024-03-31",
    "2023-12-31, MONTH, 2023-12-01, 2023-12-31",
    "2100-02-15, MONTH, 2100-02-01, 2100-02-28", // a century, not a leap year
    "2000-02-10, MONTH, 2000-02-01, 2000-02-29", // a leap year of 400
  })
  void periodStartAndEnd(LocalDate date, Grain grain, LocalDate start, LocalDate end) {
    String periodStart = dialect.periodStart(date(date), grain);
    Result result = query("SELECT " + periodStart + " AS period_start, " + dialect.periodEnd(periodStart, grain) + " AS period_end");
    assertThat(result.value("period_start")).as("start").isEqualTo(start);
    assertThat(result.value("period_end")).as("end").isEqualTo(end);
    assertType(result, "period_start", LogicalType.DATE);
    assertType(result, "period_end", LogicalType.DATE);
  }

  @Test
  void periodsOfTheParameters() {
    String weekStart = dialect.periodStart(param(Parameter.START_DATE), Grain.WEEK);
    String monthEnd = dialect.periodEnd(dialect.periodStart(param(Parameter.END_DATE), Grain.MONTH), Grain.MONTH);
    Result result = query("SELECT " + weekStart + " AS week_start, " + monthEnd + " AS month_end",
        dates(LocalDate.of(2024, 3, 3), LocalDate.of(2024, 2, 10)));
    assertThat(result.value("week_start")).isEqualTo(LocalDate.of(2024, 2, 26));
    assertThat(result.value("month_end")).isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @ParameterizedTest(name = "{2}s from {0} to {1}: {3}, {4} to {5}")
  @CsvSource({
    "2024-02-27, 2024-03-02, DAY,   5,  2024-02-27, 2024-03-02", // over the leap day
    "2023-12-30, 2024-01-02, DAY,   4,  2023-12-30, 2024-01-02",
    "2024-02-29, 2024-02-29, DAY,   1,  2024-02-29, 2024-02-29",
    "2023-12-25, 2024-03-04, WEEK,  11, 2023-12-25, 2024-03-04",
    "2024-12-30, 2024-12-30, WEEK,  1,  2024-12-30, 2024-12-30",
    "2023-11-01, 2024-03-01, MONTH, 5,  2023-11-01, 2024-03-01",
    "2024-01-01, 2024-12-01, MONTH, 12, 2024-01-01, 2024-12-01",
    "2024-03-01, 2024-02-01, MONTH, 0,            ,           ", // the end before the start: no period
  })
  void periodSeries(LocalDate from, LocalDate to, Grain grain, long periods, LocalDate first, LocalDate last) {
    String series = dialect.periodSeries(date(from), date(to), grain, "period_start");
    Result result = query("SELECT COUNT(*) AS periods, COUNT(DISTINCT period_start) AS distinct_periods,"
        + " MIN(period_start) AS first_period, MAX(period_start) AS last_period FROM (" + series + ") AS s");
    assertThat(result.value("periods")).isEqualTo(periods);
    assertThat(result.value("distinct_periods")).isEqualTo(periods);
    assertThat(result.value("first_period")).isEqualTo(first);
    assertThat(result.value("last_period")).isEqualTo(last);
  }

  @Test
  void aPeriodSeriesIsOneDateColumnOfTheGivenName() {
    Result months = query(dialect.periodSeries(date(LocalDate.of(2023, 11, 1)), date(LocalDate.of(2024, 3, 1)), Grain.MONTH, "month_start"));
    assertThat(months.columns()).extracting(DialectEngine.Column::name).containsExactly("month_start");
    assertType(months, "month_start", LogicalType.DATE);
    assertThat(months.rows()).extracting(r -> r.get(0)).containsExactlyInAnyOrder(
        LocalDate.of(2023, 11, 1), LocalDate.of(2023, 12, 1), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1));
  }

  @Test
  void theWeeksOfTheParameters() {
    String series = dialect.periodSeries(
        dialect.periodStart(param(Parameter.START_DATE), Grain.WEEK), dialect.periodStart(param(Parameter.END_DATE), Grain.WEEK), Grain.WEEK, "week_start");
    Result weeks = query("SELECT week_start FROM (" + series + ") AS s ORDER BY week_start", dates(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 31)));
    assertThat(weeks.rows()).extracting(r -> r.get(0)).containsExactly(
        LocalDate.of(2024, 2, 26), LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 11), LocalDate.of(2024, 3, 18), LocalDate.of(2024, 3, 25));
  }

  // ---------------------------------------------------------------- date arithmetic

  @ParameterizedTest(name = "{0} + {1} days = {2}")
  @CsvSource({
    "2024-02-28,    1, 2024-02-29",
    "2024-02-29,    1, 2024-03-01",
    "2023-02-28,    1, 2023-03-01",
    "2024-03-01,   -1, 2024-02-29",
    "2023-03-01,   -1, 2023-02-28",
    "2023-12-31,    1, 2024-01-01",
    "2024-01-01,   -1, 2023-12-31",
    "2024-01-31,   30, 2024-03-01",
    "2024-03-01, -366, 2023-03-01",
    "2024-02-29,  365, 2025-02-28",
    "2024-03-03,   -6, 2024-02-26",
    "2024-02-26,    6, 2024-03-03",
    "2024-02-29,    0, 2024-02-29",
  })
  void addDays(LocalDate date, int days, LocalDate expected) {
    Result result = select(dialect.addDays(date(date), days));
    assertThat(result.onlyValue()).isEqualTo(expected);
    assertType(result, "v", LogicalType.DATE);
  }

  @Test
  void addDaysToAParameter() {
    Result result = query("SELECT " + dialect.addDays(param(Parameter.END_DATE), 1) + " AS next_day, "
        + dialect.addDays(param(Parameter.START_DATE), -1) + " AS day_before", dates(LocalDate.of(2024, 3, 1), LocalDate.of(2023, 12, 31)));
    assertThat(result.value("next_day")).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(result.value("day_before")).isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @ParameterizedTest(name = "from {0} to {1}: {2} days")
  @CsvSource({
    "2024-02-28, 2024-03-01,   2",
    "2023-02-28, 2023-03-01,   1",
    "2024-03-01, 2024-02-28,  -2",
    "2023-12-31, 2024-01-01,   1",
    "2024-02-29, 2024-02-29,   0",
    "2023-01-01, 2024-01-01, 365",
    "2024-01-01, 2025-01-01, 366",
  })
  void daysBetween(LocalDate from, LocalDate to, long days) {
    Result result = select(dialect.daysBetween(date(from), date(to)));
    assertThat(result.onlyValue()).isEqualTo(days);
    assertType(result, "v", LogicalType.INT64);
  }

  // ---------------------------------------------------------------- time zones

  @ParameterizedTest(name = "{0} is {2} in {1}")
  @CsvSource({
    "2021-02-28T14:59:59Z,        Asia/Tokyo,         2021-02-28", // 23:59:59 JST
    "2021-02-28T15:00:00Z,        Asia/Tokyo,         2021-03-01", // midnight JST
    "2024-02-28T15:00:00Z,        Asia/Tokyo,         2024-02-29",
    "2024-02-29T14:59:59.999999Z, Asia/Tokyo,         2024-02-29",
    "2023-12-31T14:59:59Z,        Asia/Tokyo,         2023-12-31",
    "2023-12-31T15:00:00Z,        Asia/Tokyo,         2024-01-01",
    "2024-01-01T00:00:00Z,        UTC,                2024-01-01",
    "2023-12-31T23:59:59.999999Z, UTC,                2023-12-31",
    "2021-03-14T04:59:59Z,        America/New_York,   2021-03-13", // EST, the night summer time starts
    "2021-03-14T05:00:00Z,        America/New_York,   2021-03-14",
    "2021-03-15T03:59:59Z,        America/New_York,   2021-03-14", // EDT
    "2021-03-15T04:00:00Z,        America/New_York,   2021-03-15",
    "2021-11-07T03:59:59Z,        America/New_York,   2021-11-06", // EDT, the night it ends
    "2021-11-07T04:00:00Z,        America/New_York,   2021-11-07",
    "2023-12-31T18:29:59Z,        Asia/Kolkata,       2023-12-31", // +05:30
    "2023-12-31T18:30:00Z,        Asia/Kolkata,       2024-01-01",
    "2023-12-31T09:59:59Z,        Pacific/Kiritimati, 2023-12-31", // +14:00
    "2023-12-31T10:00:00Z,        Pacific/Kiritimati, 2024-01-01",
    "2024-01-01T10:59:59Z,        Pacific/Pago_Pago,  2023-12-31", // -11:00
    "2024-01-01T11:00:00Z,        Pacific/Pago_Pago,  2024-01-01",
    // Before and after a zone's last change of offset (DuckDB computes the dates after it by
    // arithmetic, before it through ICU's calendar):
    "1950-05-10T14:30:00Z,        Asia/Tokyo,         1950-05-11", // Japan's summer time, +10:00
    "1969-12-31T15:00:00Z,        Asia/Tokyo,         1970-01-01",
    "1970-01-01T23:59:59.999999Z, Asia/Tokyo,         1970-01-02",
    "1970-01-02T00:00:00Z,        Asia/Tokyo,         1970-01-02",
    "1970-01-02T10:59:59Z,        Pacific/Pago_Pago,  1970-01-01",
    "1970-01-02T11:00:00Z,        Pacific/Pago_Pago,  1970-01-02",
    "1994-12-31T09:59:59Z,        Pacific/Kiritimati, 1994-12-30", // -10:00, then +14:00: no 31 December
    "1994-12-31T10:00:00Z,        Pacific/Kiritimati, 1995-01-01",
  })
  void businessDateOfATimestamp(Instant timestamp, String timeZone, LocalDate expected) {
    Result result = query("SELECT " + dialect.businessDate(param(Parameter.CHECK_FROM), timeZone) + " AS v", Map.of(Parameter.CHECK_FROM, timestamp));
    assertThat(result.onlyValue()).isEqualTo(expected);
    assertType(result, "v", LogicalType.DATE);
  }

  @ParameterizedTest(name = "{0} starts at {2} in {1}")
  @CsvSource({
    "2021-03-01, Asia/Tokyo,        2021-02-28T15:00:00Z",
    "2024-02-29, Asia/Tokyo,        2024-02-28T15:00:00Z",
    "2024-01-01, Asia/Tokyo,        2023-12-31T15:00:00Z",
    "2024-01-01, UTC,               2024-01-01T00:00:00Z",
    "2024-01-01, Asia/Kolkata,      2023-12-31T18:30:00Z",
    "2021-03-14, America/New_York,  2021-03-14T05:00:00Z", // EST at midnight, EDT from 03:00
    "2021-03-15, America/New_York,  2021-03-15T04:00:00Z",
    "2021-11-07, America/New_York,  2021-11-07T04:00:00Z", // still EDT at midnight
    "2021-11-08, America/New_York,  2021-11-08T05:00:00Z",
    "2018-11-04, America/Sao_Paulo, 2018-11-04T03:00:00Z", // no midnight: 00:00 -03 is 01:00 -02
    "2019-02-17, America/Sao_Paulo, 2019-02-17T03:00:00Z", // the 16th's 23:00 repeats; the 17th starts at 00:00 -03
  })
  void startOfADate(LocalDate date, String timeZone, Instant expected) {
    Result result = select(dialect.startOfDate(date(date), timeZone));
    assertThat(result.onlyValue()).isEqualTo(expected);
    assertType(result, "v", LogicalType.TIMESTAMP);
  }

  /** As a warehouse build bounds its range: the instant the day after @end_date starts. */
  @Test
  void startOfTheDayAfterTheEndDate() {
    Result result = query("SELECT " + dialect.startOfDate(dialect.addDays(param(Parameter.END_DATE), 1), "Asia/Tokyo") + " AS until",
        dates(LocalDate.of(2021, 2, 1), LocalDate.of(2021, 2, 28)));
    assertThat(result.onlyValue()).isEqualTo(Instant.parse("2021-02-28T15:00:00Z"));
  }

  // ---------------------------------------------------------------- numbers

  @ParameterizedTest(name = "{0} {1} / {2} {3} as {4} = {5}")
  @CsvSource({
    "INT64,   1,                     INT64,   3,          FLOAT64, 0.3333333333333333",
    "INT64,   2,                     INT64,   3,          FLOAT64, 0.6666666666666666",
    "INT64,   -1,                    INT64,   3,          FLOAT64, -0.3333333333333333",
    "INT64,   7,                     INT64,   2,          FLOAT64, 3.5",
    "INT64,   0,                     INT64,   5,          FLOAT64, 0.0",
    "INT64,   9007199254740993,      INT64,   1,          FLOAT64, 9007199254740992.0", // the nearest double
    "INT64,   1,                     INT64,   0,          FLOAT64, ",
    "INT64,   NULL,                  INT64,   3,          FLOAT64, ",
    "FLOAT64, 1.0,                   INT64,   3,          FLOAT64, 0.3333333333333333",
    "FLOAT64, 0.1,                   NUMERIC, 4,          FLOAT64, 0.025",
    "FLOAT64, 1.5,                   INT64,   0,          FLOAT64, ",
    // NUMERIC: exact, 9 decimal places, halves away from zero.
    "NUMERIC, 10.00,                 INT64,   3,          NUMERIC, 3.333333333",
    "NUMERIC, 2,                     INT64,   3,          NUMERIC, 0.666666667",
    "NUMERIC, -2,                    INT64,   3,          NUMERIC, -0.666666667",
    "NUMERIC, 1,                     NUMERIC, 8,          NUMERIC, 0.125",
    "NUMERIC, 1,                     INT64,   2000000000, NUMERIC, 0.000000001", // 0.0000000005, a half
    "NUMERIC, -1,                    INT64,   2000000000, NUMERIC, -0.000000001",
    "NUMERIC, 1,                     INT64,   3000000000, NUMERIC, 0",
    "NUMERIC, 0.000000001,           INT64,   2,          NUMERIC, 0.000000001",
    "NUMERIC, 100,                   NUMERIC, 0.3,        NUMERIC, 333.333333333",
    "NUMERIC, 99999999999.999999999, INT64,   3,          NUMERIC, 33333333333.333333333",
    "INT64,   10,                    NUMERIC, 4,          NUMERIC, 2.5",
    "NUMERIC, 5,                     INT64,   0,          NUMERIC, ",
    "NUMERIC, 5,                     NUMERIC, 0,          NUMERIC, ",
    "NUMERIC, NULL,                  INT64,   3,          NUMERIC, ",
    "NUMERIC, 5,                     INT64,   NULL,       NUMERIC, ",
  })
  void safeDivide(LogicalType dividendType, String dividend, LogicalType divisorType, String divisor, LogicalType resultType, String expected) {
    assertThat(LogicalType.quotient(dividendType, divisorType)).as("the type the compiler asks for").isEqualTo(resultType);
    // Over columns, as the compiler divides aggregates (DuckDB folds constants, see below).
    Result result = query("SELECT " + dialect.safeDivide("t.a", "t.b", resultType) + " AS v FROM (SELECT "
        + typed(dividendType, dividend) + " AS a, " + typed(divisorType, divisor) + " AS b) AS t");
    assertType(result, "v", resultType);
    assertValue(result.onlyValue(), resultType, expected);
  }

  @ParameterizedTest(name = "{0} / {1} as NUMERIC")
  @CsvSource({
    "5,    0",
    "NULL, 3",
  })
  void aNumericSafeDivideOfConstantsIsNumeric(String dividend, String divisor) {
    Result result = select(dialect.safeDivide(typed(LogicalType.NUMERIC, dividend), typed(LogicalType.NUMERIC, divisor), LogicalType.NUMERIC));
    assertType(result, "v", LogicalType.NUMERIC);
    assertThat(result.onlyValue()).isNull();
  }

  @ParameterizedTest(name = "{0} {1} or 0 = {2}")
  @CsvSource({
    "INT64,   NULL, 0",
    "INT64,   7,    7",
    "INT64,   -7,   -7",
    "NUMERIC, NULL, 0",
    "NUMERIC, 2.50, 2.5",
    "FLOAT64, NULL, 0.0",
    "FLOAT64, 1.5,  1.5",
  })
  void zeroIfNull(LogicalType type, String value, String expected) {
    Result result = select(dialect.zeroIfNull(typed(type, value), type));
    assertType(result, "v", type);
    assertValue(result.onlyValue(), type, expected);
  }

  /** A sum over no rows is NULL, its zeroIfNull 0; the type stays the column's (DuckDB sums BIGINT into HUGEINT). */
  @ParameterizedTest(name = "sum of {0} {1} over rows: {2}")
  @CsvSource({
    "INT64,   3,   true,  3",
    "INT64,   3,   false, 0",
    "NUMERIC, 1.5, true,  1.5",
    "NUMERIC, 1.5, false, 0",
    "FLOAT64, 0.5, true,  0.5",
    "FLOAT64, 0.5, false, 0.0",
  })
  void zeroIfNullOfASum(LogicalType type, String value, boolean rows, String expected) {
    Result result = query("SELECT " + dialect.zeroIfNull("SUM(t.x)", type) + " AS v FROM (SELECT " + typed(type, value) + " AS x) AS t WHERE "
        + (rows ? "1 = 1" : "1 = 0"));
    assertType(result, "v", type);
    assertValue(result.onlyValue(), type, expected);
  }

  @ParameterizedTest(name = "least({1}, {2}) = {3}")
  @CsvSource({
    "DATE,    2024-02-29, 2024-03-01, 2024-02-29",
    "DATE,    2024-03-01, 2024-02-29, 2024-02-29",
    "DATE,    2023-12-31, 2023-12-31, 2023-12-31",
    "INT64,   3,          -2,         -2",
    "NUMERIC, 1.5,        1.25,       1.25",
    "FLOAT64, 0.5,        2.0,        0.5",
  })
  void least(LogicalType type, String a, String b, String expected) {
    Result result = select(dialect.least(typed(type, a), typed(type, b)));
    assertType(result, "v", type);
    assertValue(result.onlyValue(), type, expected);
  }

  /** As a mart bounds a period by the build's end. */
  @ParameterizedTest(name = "the end of the month of {0}, at most {1}: {2}")
  @CsvSource({
    "2024-02-10, 2024-03-05, 2024-02-29",
    "2024-02-10, 2024-02-20, 2024-02-20",
  })
  void leastOfAParameterAndAPeriodEnd(LocalDate start, LocalDate end, LocalDate expected) {
    String monthEnd = dialect.periodEnd(dialect.periodStart(param(Parameter.START_DATE), Grain.MONTH), Grain.MONTH);
    Result result = query("SELECT " + dialect.least(param(Parameter.END_DATE), monthEnd) + " AS v", dates(start, end));
    assertThat(result.onlyValue()).isEqualTo(expected);
  }

  // ---------------------------------------------------------------- comparisons and sets

  @ParameterizedTest(name = "{0} {1} same as {2}: {3}")
  @CsvSource({
    "STRING, NULL,       NULL,       true",
    "STRING, NULL,       a,          false",
    "STRING, a,          NULL,       false",
    "STRING, a,          a,          true",
    "STRING, a,          b,          false",
    "STRING, '',         NULL,       false",
    "INT64,  NULL,       0,          false",
    "INT64,  0,          0,          true",
    "DATE,   NULL,       NULL,       true",
    "DATE,   2024-02-29, 2024-02-29, true",
    "DATE,   2024-02-29, NULL,       false",
    "BOOL,   NULL,       false,      false",
  })
  void nullSafeEquals(LogicalType type, String a, String b, boolean expected) {
    Result result = select(dialect.nullSafeEquals(typed(type, a), typed(type, b)));
    assertType(result, "v", LogicalType.BOOL);
    assertThat(result.onlyValue()).isEqualTo(expected);
  }

  /** As a mart joins on its dimension values: NULL meets NULL, and nothing else. */
  @Test
  void nullSafeEqualsJoinsNullToNull() {
    String nullString = dialect.literal(Expr.nullOf(LogicalType.STRING));
    String left = "SELECT 'a' AS k UNION ALL SELECT " + nullString + " AS k UNION ALL SELECT 'b' AS k";
    String right = "SELECT " + nullString + " AS k UNION ALL SELECT 'a' AS k UNION ALL SELECT 'c' AS k";
    Result result = query("SELECT COUNT(*) AS matches, COUNT(l.k) AS named FROM (" + left + ") AS l JOIN (" + right + ") AS r ON "
        + dialect.nullSafeEquals("l.k", "r.k"));
    assertThat(result.value("matches")).isEqualTo(2L);
    assertThat(result.value("named")).isEqualTo(1L);
  }

  @Test
  void unionDistinctRemovesDuplicateRows() {
    String union = dialect.unionDistinct();
    Result result = query("SELECT COUNT(*) AS n FROM (SELECT 1 AS a " + union + " SELECT 1 AS a " + union + " SELECT 2 AS a) AS t");
    assertThat(result.onlyValue()).isEqualTo(2L);
  }

  // ---------------------------------------------------------------- lists

  @ParameterizedTest(name = "entry {1} of [{0}]: {2}")
  @CsvSource({
    "'orders=120;order_items=300;;x', 0, orders=120",
    "'orders=120;order_items=300;;x', 1, order_items=300",
    "'orders=120;order_items=300;;x', 2, ",  // empty
    "'orders=120;order_items=300;;x', 3, x",
    "'orders=120;order_items=300;;x', 4, ",  // past the end
    "'',                              0, ",
    "NULL,                            0, ",
  })
  void listEntry(String list, int index, String expected) {
    Result result = select(dialect.listEntry(typed(LogicalType.STRING, list), ";", Integer.toString(index)));
    assertType(result, "v", LogicalType.STRING);
    assertThat(result.onlyValue()).isEqualTo(expected);
  }

  /** As the ledger reads a build's lake rows: the entry of a date, counted in days from @start_date. */
  @Test
  void listEntryOfAParameterByDate() {
    Map<Parameter, Object> parameters = new EnumMap<>(dates(LocalDate.of(2024, 2, 28), LocalDate.of(2024, 3, 1)));
    parameters.put(Parameter.LAKE_ROWS, "orders=1;orders=2;orders=3");
    String index = dialect.daysBetween(param(Parameter.START_DATE), date(LocalDate.of(2024, 3, 1)));
    Result result = query("SELECT " + dialect.listEntry(param(Parameter.LAKE_ROWS), ";", index) + " AS v", parameters);
    assertThat(result.onlyValue()).isEqualTo("orders=3");
  }

  // ---------------------------------------------------------------- casts and constants

  @ParameterizedTest(name = "CAST({0} {1} AS {2}) = {3}")
  @CsvSource({
    "INT64,     42,                     STRING,    42",
    "INT64,     -7,                     STRING,    -7",
    "STRING,    'it''s',                STRING,    'it''s'",
    "DATE,      2024-02-29,             STRING,    2024-02-29",
    "BOOL,      true,                   STRING,    true",
    "BOOL,      false,                  STRING,    false",
    "FLOAT64,   1.5,                    STRING,    1.5",
    "FLOAT64,   0.1,                    STRING,    0.1",
    "TIMESTAMP, 2021-02-28 15:00:00+09, STRING,    2021-02-28 06:00:00+00",
    "STRING,    2024-02-29,             DATE,      2024-02-29",
    "STRING,    1.25,                   NUMERIC,   1.25",
    "STRING,    42,                     INT64,     42",
    "STRING,    2021-02-28 15:00:00+09, TIMESTAMP, 2021-02-28T06:00:00Z",
    "INT64,     3,                      NUMERIC,   3",
    "INT64,     3,                      FLOAT64,   3.0",
    "NUMERIC,   2.5,                    FLOAT64,   2.5",
    "NUMERIC,   2.5,                    INT64,     3", // halves away from zero
    "STRING,    NULL,                   INT64,     ",
    "NUMERIC,   -0.000000001,           STRING,    -0.000000001",
    "FLOAT64,   1e20,                   STRING,    1e+20",
    "FLOAT64,   0.000001,               STRING,    1e-06",
    "TIMESTAMP, 2021-02-28 15:00:00.123456+09, STRING, 2021-02-28 06:00:00.123456+00",
  })
  void cast(LogicalType from, String value, LogicalType to, String expected) {
    Result result = select(dialect.convert(typed(from, value), from, to));
    assertType(result, "v", to);
    assertValue(result.onlyValue(), to, expected);
  }

  /**
   * Conversions whose plain CAST differs between engines: the lake check shows a rule's failing
   * values as {@code convert(value, type, STRING)}, so the same bad row must read the same on
   * every engine. Expected values are BigQuery's (the production engine).
   */
  @ParameterizedTest(name = "CAST({0} {1} AS {2}) = {3}")
  @CsvSource({
    "NUMERIC,   1.50,                   STRING, 1.5",
    "NUMERIC,   3,                      STRING, 3",
    "FLOAT64,   2.0,                    STRING, 2",
    "TIMESTAMP, 2021-02-28 15:00:00.5+09, STRING, 2021-02-28 06:00:00.500+00",
    "FLOAT64,   2.5,                    INT64,  3",
    "FLOAT64,   -2.5,                   INT64,  -3",
    "NUMERIC,   100,                    STRING, 100",
    "NUMERIC,   0,                      STRING, 0",
    "NUMERIC,   -2.50,                  STRING, -2.5",
    "FLOAT64,   100.0,                  STRING, 100",
    "TIMESTAMP, 2021-02-28 15:00:00.12+09, STRING, 2021-02-28 06:00:00.120+00",
  })
  void castAsBigQueryDoes(LogicalType from, String value, LogicalType to, String expected) {
    cast(from, value, to, expected);
  }

  /** What the lake check writes: a typed zero, a typed NULL. */
  @Test
  void castsOfBareSql() {
    Result result = query("SELECT " + dialect.cast("0", LogicalType.INT64) + " AS zero, " + dialect.cast("NULL", LogicalType.STRING) + " AS nothing");
    assertThat(result.value("zero")).isEqualTo(0L);
    assertType(result, "zero", LogicalType.INT64);
    assertThat(result.value("nothing")).isNull();
    assertType(result, "nothing", LogicalType.STRING);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "INT64,   -9223372036854775808",
    "INT64,   9223372036854775807",
    "INT64,   3000000000",
    "NUMERIC, 1.50",
    "NUMERIC, -0.000000001",
    "NUMERIC, 99999999999999999999999999999.999999999",
    "FLOAT64, 0.1",
    "FLOAT64, -1.5E300",
    "STRING,  a",
    "BOOL,    true",
    "BOOL,    false",
    "DATE,    2024-02-29",
    "DATE,    0001-01-01",
    "DATE,    9999-12-31",
    "INT64,   NULL",
    "NUMERIC, NULL",
    "FLOAT64, NULL",
    "STRING,  NULL",
    "BOOL,    NULL",
    "DATE,    NULL",
  })
  void aLiteralKeepsItsValueAndType(LogicalType type, String value) {
    Result result = select(literal(type, value));
    assertType(result, "v", type);
    assertValue(result.onlyValue(), type, "NULL".equals(value) ? null : value);
  }

  @Test
  void aSmallInt64LiteralIsInt64() {
    String i = dialect.literal(Expr.literal(42L));
    assertType(select(i), "v", LogicalType.INT64);
    String big = dialect.literal(Expr.literal(100000L));
    Result product = select(big + " * " + big);
    assertThat(product.onlyValue()).isEqualTo(10_000_000_000L);
    assertType(product, "v", LogicalType.INT64);
  }

  // ---------------------------------------------------------------- text

  static Stream<String> texts() {
    List<String> texts = new ArrayList<>(List.of(
        "plain", "", "it's", "''", "\"", "`", "\\", "\\'", "a\\nb", "\\\\", "new\nline", "cr\rhere", "cr\r\nlf", "tab\there",
        "😀", "a😀b", "é", "流通総額", "--", "-- not a comment", "/*", "*/", "/* */", "x */ y /* z", "$1", "?", ";", "@start_date",
        "\u2028", "\u2029", "\u0085", "\u007f", "a\u0001b", "a\u001fb", "\u000b\u000c",
        "x\r; SELECT 2 AS a; --", "x\n' UNION ALL SELECT 'y", "E'\\x41'", "\\u0041", "\\x41"));
    return texts.stream();
  }

  @ParameterizedTest(name = "[{index}]")
  @MethodSource("texts")
  void aStringLiteralRoundTripsAnyText(String text) {
    String literal = dialect.stringLiteral(text);
    assertThat(literal).as("a literal holds no raw line break").doesNotContain("\n", "\r");
    Result result = select(literal);
    assertType(result, "v", LogicalType.STRING);
    assertThat(result.onlyValue()).isEqualTo(text);
    assertThat(select(dialect.literal(Expr.literal(text))).onlyValue()).isEqualTo(text);
  }

  /** A NUL either survives or is refused by the dialect with a message; never silently cut. */
  @Test
  void aNulRoundTripsOrIsRefused() {
    String text = "nul\u0000inside";
    String literal;
    try {
      literal = dialect.stringLiteral(text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused).hasMessageContaining("NUL");
      return;
    }
    assertThat(select(literal).onlyValue()).isEqualTo(text);
  }

  /**
   * No text ends a comment: after a {@code --} line of it, the query is the one written after
   * it. Several texts would, in a comment that ended, add a row or a statement.
   */
  @ParameterizedTest(name = "[{index}]")
  @MethodSource("commentTexts")
  void aCommentOfAnyTextStaysAComment(String text) {
    String comment = dialect.commentText(text);
    Result header = query("-- " + comment + "\nSELECT 1 AS a");
    assertThat(header.rows()).as("rows").hasSize(1);
    assertThat(header.onlyValue()).isEqualTo(1L);
    Result trailing = query("SELECT 1 AS a -- " + comment + "\n");
    assertThat(trailing.rows()).as("rows").hasSize(1);
    assertThat(trailing.onlyValue()).isEqualTo(1L);
  }

  static Stream<String> commentTexts() {
    List<String> texts = new ArrayList<>();
    for (String lineEnd : List.of("\n", "\r", "\r\n", "\u000b", "\u000c", "\u0085", "\u2028", "\u2029")) {
      texts.add("x" + lineEnd + "SELECT 2 AS a UNION ALL");
      texts.add("x" + lineEnd + "; SELECT 2 AS a; --");
    }
    texts.addAll(texts().toList());
    return texts.stream();
  }

  // ---------------------------------------------------------------- names

  /** Names the catalog allows (lower snake case, see {@link Identifiers}) that are keywords somewhere. */
  static Stream<String> awkwardNames() {
    return Stream.of(
        // GoogleSQL's reserved keywords (BigQuery's lexical structure page)
        "all", "and", "any", "array", "as", "asc", "assert_rows_modified", "between", "case", "cast", "collate",
        "contains", "create", "cube", "current", "default", "define", "desc", "distinct", "else", "end", "enum",
        "escape", "except", "exclude", "exists", "extract", "false", "fetch", "following", "for", "from", "group",
        "grouping", "groups", "hash", "having", "if", "ignore", "in", "intersect", "interval", "into", "lateral",
        "limit", "lookup", "merge", "new", "no", "not", "null", "nulls", "of", "on", "or", "order", "over",
        "partition", "preceding", "proto", "qualify", "range", "recursive", "respect", "rollup", "rows", "select",
        "set", "some", "struct", "then", "to", "treat", "true", "unbounded", "union", "unnest", "using", "when",
        "where", "window", "with", "within",
        // DuckDB's reserved keywords (duckdb_keywords())
        "analyse", "analyze", "asymmetric", "both", "check", "column", "constraint", "deferrable", "describe", "do",
        "foreign", "grant", "initially", "leading", "offset", "only", "pivot", "pivot_longer", "pivot_wider",
        "placing", "primary", "references", "returning", "show", "summarize", "symmetric", "table", "trailing",
        "unique", "unpivot", "variadic", "lambda",
        // DuckDB's type_function keywords (duckdb_keywords()): not reserved, yet no unquoted name either; some are
        // GoogleSQL's reserved keywords too (at, by, cross, full, inner, is, join, left, like, natural, outer, right)
        "left", "right", "full", "inner", "outer", "cross", "natural", "join", "like", "ilike", "glob", "similar", "is",
        "isnull", "notnull", "at", "by", "anti", "semi", "asof", "positional", "overlaps", "tablesample", "verbose",
        "freeze", "collation", "concurrently", "authorization", "binary", "unpack", "columns", "generated", "map",
        "try_cast",
        // Keywords that are not reserved, and common column names
        "date", "timestamp", "time", "user", "value", "values", "key", "type", "name", "status", "count", "sum",
        "year", "month", "week", "day", "hour", "row", "position", "first", "last", "window_start");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("awkwardNames")
  void anAwkwardNameIsAColumnATableAndACte(String name) {
    assertThat(Identifiers.isValid(name)).as("a name the catalog allows").isTrue();
    String id = dialect.identifier(name);
    Result column = query("SELECT " + id + " AS bare, t." + id + " AS " + id + " FROM (SELECT 7 AS " + id + ") AS t");
    assertThat(column.columns()).extracting(DialectEngine.Column::name).containsExactly("bare", name);
    assertThat(column.onlyRow()).containsExactly(7L, 7L);
    Result table = query("WITH " + id + " AS (SELECT 7 AS x) SELECT " + id + ".x AS x FROM " + id);
    assertThat(table.onlyValue()).isEqualTo(7L);
    Result alias = query("SELECT " + id + ".x AS x FROM (SELECT 7 AS x) AS " + id);
    assertThat(alias.onlyValue()).isEqualTo(7L);
  }

  /** ORDER BY puts NULL last both ways on every engine (BigQuery's default puts it first ascending). */
  @ParameterizedTest(name = "descending {0}")
  @ValueSource(booleans = {false, true})
  void anOrderItemPutsNullLast(boolean descending) {
    String values = "SELECT " + dialect.literal(Expr.literal(2L)) + " AS v UNION ALL SELECT " + dialect.literal(Expr.nullOf(LogicalType.INT64))
        + " UNION ALL SELECT " + dialect.literal(Expr.literal(1L));
    Result result = query("SELECT t.v AS v FROM (" + values + ") AS t ORDER BY " + dialect.orderItem("t.v", descending));
    assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly(descending ? 2L : 1L, descending ? 1L : 2L, null);
  }

  // ---------------------------------------------------------------- parameters

  @Test
  void dateParametersCompareEqualToDateLiterals() {
    Result result = query("SELECT " + param(Parameter.START_DATE) + " = " + date(LocalDate.of(2024, 2, 29)) + " AS start_same, "
        + param(Parameter.END_DATE) + " = " + date(LocalDate.of(2024, 3, 31)) + " AS end_same, "
        + param(Parameter.END_DATE) + " > " + param(Parameter.START_DATE) + " AS later, "
        + param(Parameter.START_DATE) + " AS start_date, " + param(Parameter.END_DATE) + " AS end_date",
        dates(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 31)));
    assertThat(result.value("start_same")).isEqualTo(true);
    assertThat(result.value("end_same")).isEqualTo(true);
    assertThat(result.value("later")).isEqualTo(true);
    assertThat(result.value("start_date")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(result.value("end_date")).isEqualTo(LocalDate.of(2024, 3, 31));
    assertType(result, "start_date", LogicalType.DATE);
    assertType(result, "end_date", LogicalType.DATE);
  }

  /** A statement may name any parameters, in any order, some twice, without the ones before them. */
  @Test
  void aStatementNamesAnyOfTheParameters() {
    Instant from = Instant.parse("2021-02-28T14:59:59.123456Z");
    Instant until = Instant.parse("2021-03-01T15:00:00Z");
    Result result = query("SELECT " + param(Parameter.CHECK_UNTIL) + " AS until, " + param(Parameter.CHECK_FROM) + " AS since, "
        + param(Parameter.CHECK_FROM) + " < " + param(Parameter.CHECK_UNTIL) + " AS ordered, " + param(Parameter.TABLE_NAME) + " AS table_name",
        Map.of(Parameter.CHECK_FROM, from, Parameter.CHECK_UNTIL, until, Parameter.TABLE_NAME, "mart.kpi_daily 'x' $1 @end_date ?"));
    assertThat(result.value("until")).isEqualTo(until);
    assertThat(result.value("since")).isEqualTo(from);
    assertType(result, "since", LogicalType.TIMESTAMP);
    assertThat(result.value("ordered")).isEqualTo(true);
    assertThat(result.value("table_name")).isEqualTo("mart.kpi_daily 'x' $1 @end_date ?");
    assertType(result, "table_name", LogicalType.STRING);
    Result endOnly = query("SELECT " + param(Parameter.END_DATE) + " AS end_date", Map.of(Parameter.END_DATE, LocalDate.of(2024, 2, 29)));
    assertThat(endOnly.onlyValue()).isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @Test
  void aNullParameterIsNullOfItsType() {
    Map<Parameter, Object> parameters = new EnumMap<>(Parameter.class);
    parameters.put(Parameter.LAKE_WARNINGS, null);
    Result result = query("SELECT " + param(Parameter.LAKE_WARNINGS) + " AS v", parameters);
    assertThat(result.onlyValue()).isNull();
    assertType(result, "v", LogicalType.STRING);
  }

  /** The engine itself refuses what is not one query: so the tests above can fail. */
  @Test
  void theEngineRefusesTwoStatementsAndMissingParameters() {
    assertThatThrownBy(() -> query("SELECT 1 AS a; SELECT 2 AS a")).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> query("SELECT " + param(Parameter.START_DATE) + " AS d")).hasMessageContaining("START_DATE");
  }

  // ---------------------------------------------------------------- statements

  /**
   * CREATE TABLE and the replacement of a range of rows, with awkward column names and
   * descriptions, partitioned and clustered: the engine accepts them, in order.
   */
  @Test
  void createTableAndReplaceRowsAreAccepted() {
    String description = "Orders.\r; CREATE TABLE pwned (a INT64); -- 'quote' \\ \n/* */ 😀";
    List<ColumnDdl> columns = List.of(
        new ColumnDdl("business_date", LogicalType.DATE, false, "The date. " + description),
        new ColumnDdl("order", LogicalType.STRING, true, "order\nline"),
        new ColumnDdl("select", LogicalType.INT64, false, ""),
        new ColumnDdl("value", LogicalType.NUMERIC, true, "it's"),
        new ColumnDdl("rate", LogicalType.FLOAT64, true, ""),
        new ColumnDdl("flag", LogicalType.BOOL, true, ""),
        new ColumnDdl("loaded_at", LogicalType.TIMESTAMP, true, ""));
    TableRef table = TableRef.of(Layer.MART, "group");
    TableDdl ddl = new TableDdl(table, columns, Optional.of("business_date"), List.of("order", "select"), description, true);
    List<String> statements = new ArrayList<>(dialect.createTable(ddl));
    String date = dialect.identifier("business_date");
    String condition = date + " BETWEEN " + param(Parameter.START_DATE) + " AND " + param(Parameter.END_DATE);
    String select = "SELECT " + param(Parameter.START_DATE) + " AS " + date + ", " + dialect.stringLiteral("a'b\nc") + " AS " + dialect.identifier("order")
        + ", " + dialect.cast("1", LogicalType.INT64) + " AS " + dialect.identifier("select")
        + ", " + dialect.literal(Expr.literal(new BigDecimal("1.50"))) + " AS " + dialect.identifier("value")
        + ", " + dialect.literal(Expr.literal(0.5)) + " AS rate, TRUE AS flag, " + dialect.startOfDate(param(Parameter.START_DATE), "Asia/Tokyo") + " AS loaded_at";
    statements.addAll(dialect.replaceRows(table, condition,
        List.of("business_date", "order", "select", "value", "rate", "flag", "loaded_at"), select));
    engine.accept(statements, dates(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29)));
  }

  // ---------------------------------------------------------------- helpers

  private Result query(String sql) {
    return engine.query(sql);
  }

  private Result query(String sql, Map<Parameter, ?> parameters) {
    return engine.query(sql, parameters);
  }

  private Result select(String expression) {
    return engine.query("SELECT " + expression + " AS v");
  }

  private String param(Parameter parameter) {
    return dialect.parameter(parameter);
  }

  private static Map<Parameter, Object> dates(LocalDate start, LocalDate end) {
    Map<Parameter, Object> parameters = new EnumMap<>(Parameter.class);
    parameters.put(Parameter.START_DATE, start);
    parameters.put(Parameter.END_DATE, end);
    return parameters;
  }

  private String date(LocalDate date) {
    return dialect.literal(Expr.literal(date));
  }

  /**
   * A value of the type as a typed column holds it: the dialect's literal cast to the type
   * ({@code NULL}, or nothing, is the typed NULL; a TIMESTAMP is a cast of the text with its
   * offset, as no dialect writes a timestamp constant).
   */
  private String typed(LogicalType type, String text) {
    if (text == null || text.equals("NULL") || type == LogicalType.TIMESTAMP) {
      return literal(type, text);
    }
    return dialect.cast(literal(type, text), type);
  }

  /** The dialect's literal of the type ({@code NULL}, or nothing, for the typed NULL). */
  private String literal(LogicalType type, String text) {
    if (text == null || text.equals("NULL")) {
      return dialect.literal(Expr.nullOf(type));
    }
    switch (type) {
      case INT64:
        return dialect.literal(Expr.literal(Long.parseLong(text)));
      case NUMERIC:
        return dialect.literal(Expr.literal(new BigDecimal(text)));
      case FLOAT64:
        return dialect.literal(Expr.literal(Double.parseDouble(text)));
      case STRING:
        return dialect.literal(Expr.literal(text));
      case BOOL:
        return dialect.literal(Expr.literal(Boolean.parseBoolean(text)));
      case DATE:
        return dialect.literal(Expr.literal(LocalDate.parse(text)));
      case TIMESTAMP:
        return dialect.cast(dialect.stringLiteral(text), LogicalType.TIMESTAMP);
      default:
        throw new IllegalArgumentException(type.toString());
    }
  }

  private static void assertType(Result result, String column, LogicalType expected) {
    assertThat(result.type(column)).as("the type of %s (the engine's %s)", column, result.column(column).engineType()).isEqualTo(expected);
  }

  /** The value is {@code expected} read as the type (null for none); NUMERICs compare by value, not scale. */
  private static void assertValue(Object actual, LogicalType type, String expected) {
    if (expected == null) {
      assertThat(actual).as("NULL").isNull();
      return;
    }
    switch (type) {
      case INT64:
        assertThat(actual).isEqualTo(Long.parseLong(expected));
        break;
      case NUMERIC:
        assertThat(actual).isInstanceOf(BigDecimal.class);
        assertThat((BigDecimal) actual).isEqualByComparingTo(new BigDecimal(expected));
        break;
      case FLOAT64:
        assertThat(actual).isEqualTo(Double.parseDouble(expected));
        break;
      case STRING:
        assertThat(actual).isEqualTo(expected);
        break;
      case BOOL:
        assertThat(actual).isEqualTo(Boolean.parseBoolean(expected));
        break;
      case DATE:
        assertThat(actual).isEqualTo(LocalDate.parse(expected));
        break;
      case TIMESTAMP:
        assertThat(actual).isEqualTo(Instant.parse(expected));
        break;
      default:
        throw new IllegalArgumentException(type.toString());
    }
  }
}
