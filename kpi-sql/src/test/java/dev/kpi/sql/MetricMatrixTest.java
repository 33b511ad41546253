package dev.kpi.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.MetricGraph;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.sql.render.QuerySql;
import java.util.OptionalInt;
import org.junit.jupiter.params.provider.Arguments;
import dev.kpi.sql.dialect.BigQueryDialect;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import dev.kpi.sql.testing.DuckDbBuildRunner;
import dev.kpi.sql.testing.TableData;
import dev.kpi.sql.testing.ZetaSqlBuildRunner;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every metric kind × every grain × without dimensions, by a fact column and by a dimension
 * table's column, dense and not: the sessions catalog's metrics (sums, counts, distinct counts,
 * min, max, average, ratios of NUMERIC and of INT64, derived metrics that subtract, multiply and
 * divide, rolling distinct counts and sums, and a rolling metric named like its fact) in marts
 * generated for each combination. Each mart is built from a seeded random lake by its BigQuery
 * SQL on ZetaSQL's reference engine and by its DuckDB SQL on DuckDB, and both must equal what
 * this class computes in plain Java from the lake rows, by the glossary's rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricMatrixTest {
  private static final ZoneId ZONE = ZoneId.of(SessionsCatalog.CATALOG.timeZone());
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate END = LocalDate.of(2024, 3, 31);
  private static final List<String> PAYING = List.of("pro", "it's \\ odd");
  private static final BigQueryDialect BIGQUERY = BigQueryDialect.forProject("example-project");
  private static final DuckDbDialect DUCKDB = DuckDbDialect.standard();

  /** A rolling metric named like its fact: its steps must not take the fact's step names. */
  private static final Metric NAMED_LIKE_THE_FACT =
      Metric.rolling("fct_sessions", SessionsCatalog.SESSION_COUNT, 3)
          .description("Sessions of the 3 business dates ending on the date.")
          .owner("growth")
          .build();

  private static final Catalog CATALOG = matrixCatalog();

  private record Session(long id, Long user, String plan, Instant startedAt, Long duration, BigDecimal revenue) {}

  /** A row of fct_sessions, with its user's country from dim_users (NULL when unknown). */
  private record FactRow(LocalDate date, long session, long user, String plan, String country, Long duration, BigDecimal revenue) {}

  private final List<Session> sessions = new ArrayList<>();
  private final Map<Long, String> countries = new HashMap<>();
  private Path folder;
  private ZetaSqlBuildRunner zetaSql;
  private Map<TableRef, TableData> onZetaSql;
  private Map<TableRef, TableData> onDuckDb;
  private List<FactRow> fact;

  @BeforeAll
  void buildOnBothEngines(@TempDir Path folder) throws Exception {
    this.folder = folder;
    lake();
    Map<String, TableData> lake = lakeTables();
    List<CompiledStatement> bigQuery = Compiler.forDialect(BIGQUERY).compile(CATALOG);
    zetaSql = new ZetaSqlBuildRunner(BIGQUERY, bigQuery);
    onZetaSql = zetaSql.run(lake, START, END);
    List<CompiledStatement> duckDb = Compiler.forDialect(DuckDbDialect.standard()).compile(CATALOG);
    onDuckDb = DuckDbBuildRunner.run(folder, "UTC", lake, duckDb, START, END, DuckDbBuildRunner.lakeFromPlan(duckDb));
    fact = factRows();
  }

  Stream<String> marts() {
    return CATALOG.marts().stream().map(Mart::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("marts")
  void bothEnginesComputeWhatTheGlossarySays(String name) {
    Mart mart = CATALOG.marts().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    TableRef table = TableRef.of(Layer.MART, name);
    TableData zetaSql = onZetaSql.get(table);
    TableData expected = new TableData(zetaSql.columns(), expectedRows(mart));
    assertThat(expected.size()).as("the mart has rows to compare").isGreaterThan(0);
    assertThat(zetaSql.canonicalRows()).as("BigQuery SQL on ZetaSQL's reference engine").containsExactlyElementsOf(expected.canonicalRows());
    assertThat(onDuckDb.get(table).canonicalRows()).as("DuckDB").containsExactlyElementsOf(expected.canonicalRows());
  }

  /** A query of a mart's metrics, grain, dimensions and density: compiled, and read from the mart, it is the mart. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("marts")
  void aQueryOfWhatAMartHoldsIsItsRows(String name) throws Exception {
    Mart mart = CATALOG.findMart(name).orElseThrow();
    SavedQuery query = SavedQuery.builder().name("query").grain(mart.grain()).addAllMetrics(mart.metrics()).addAllDimensions(mart.dimensions()).dense(mart.dense()).build();
    assertThat(CATALOG.queryProblems(query)).isEmpty();
    List<String> expected = new TableData(onZetaSql.get(TableRef.of(Layer.MART, name)).columns(), expectedRows(mart)).canonicalRows();
    for (boolean fromMart : List.of(false, true)) {
      TableData[] answers = answers(query, fromMart ? mart : null, List.of(), OptionalInt.empty());
      assertThat(answers[0].canonicalRows()).as("ZetaSQL, " + (fromMart ? "from the mart" : "compiled")).containsExactlyElementsOf(expected);
      assertThat(answers[1].canonicalRows()).as("DuckDB, " + (fromMart ? "from the mart" : "compiled")).containsExactlyElementsOf(expected);
      assertThat(answers[0].rows()).as("ordered by the date, then the dimensions, NULL last").isEqualTo(sorted(answers[0].rows())).isEqualTo(answers[1].rows());
    }
  }

  /** Queries no mart has: other combinations, filtered on a dimension of the fact or of a dimension table. */
  Stream<Arguments> filteredQueries() {
    Expr paying = SessionsCatalog.PLAN.column().in(PAYING.toArray());
    Expr asia = SessionsCatalog.COUNTRY.column().in("JP", "DE");
    Predicate<FactRow> payingRows = r -> r.plan() != null && PAYING.contains(r.plan());
    Predicate<FactRow> asiaRows = r -> "JP".equals(r.country()) || "DE".equals(r.country());
    return Stream.of(
        Arguments.of("paying sessions per week by country", Grain.WEEK, SessionsCatalog.COUNTRY, false, paying, payingRows, (Predicate<String>) v -> true),
        Arguments.of("paying sessions per day by plan, dense", Grain.DAY, SessionsCatalog.PLAN, true, paying, payingRows, (Predicate<String>) PAYING::contains),
        Arguments.of("JP and DE per month by plan, dense", Grain.MONTH, SessionsCatalog.PLAN, true, asia, asiaRows, (Predicate<String>) v -> true),
        Arguments.of("JP and DE per week by country, dense", Grain.WEEK, SessionsCatalog.COUNTRY, true, asia, asiaRows, (Predicate<String>) v -> v.equals("JP") || v.equals("DE")),
        Arguments.of("JP and DE per day", Grain.DAY, null, false, asia, asiaRows, (Predicate<String>) v -> true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filteredQueries")
  void aFilteredQueryCountsOnlyItsRowsOnBothEngines(
      String title, Grain grain, Dimension dimension, boolean dense, Expr filter, Predicate<FactRow> rows, Predicate<String> knownValues) throws Exception {
    SavedQuery.Builder builder = SavedQuery.builder().name("query").grain(grain).where(filter).dense(dense);
    CATALOG.metrics().stream().filter(m -> grain == Grain.DAY || !CATALOG.graph().usesRolling(m.name())).forEach(m -> builder.addMetrics(m.name()));
    if (dimension != null) {
      builder.by(dimension);
    }
    SavedQuery query = builder.build();
    assertThat(CATALOG.queryProblems(query)).isEmpty();
    TableData[] answers = answers(query, null, List.of(), OptionalInt.empty());
    List<String> expected = new TableData(answers[0].columns(), expectedRows(query.asMart(), rows, knownValues)).canonicalRows();
    assertThat(expected).isNotEmpty();
    assertThat(answers[0].canonicalRows()).as("ZetaSQL").containsExactlyElementsOf(expected);
    assertThat(answers[1].canonicalRows()).as("DuckDB").containsExactlyElementsOf(expected);
  }

  /** Ordered by a metric alone, tied rows follow the date and the dimensions, so LIMIT keeps the same rows on every engine. */
  @org.junit.jupiter.api.Test
  void anOrderAndALimitKeepTheSameRowsOnBothEngines() throws Exception {
    SavedQuery query = SavedQuery.builder().name("query").grain(Grain.DAY).addMetrics("session_count", "revenue").by(SessionsCatalog.PLAN).build();
    TableData[] answers = answers(query, null, List.of(new QuerySql.Order("session_count", true)), OptionalInt.of(7));
    List<List<Object>> all = new ArrayList<>(new TableData(answers[0].columns(), expectedRows(query.asMart())).rows());
    all.sort(
        java.util.Comparator.<List<Object>, Long>comparing(r -> (Long) r.get(2)).reversed()
            .thenComparing(r -> (LocalDate) r.get(0))
            .thenComparing(r -> (String) r.get(1), java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
    TableData expected = new TableData(answers[0].columns(), all.subList(0, 7));
    assertThat(all.get(6).get(2)).as("the seventh row ties with the eighth, so the tie-breakers decide").isEqualTo(all.get(7).get(2));
    assertThat(answers[0].rows().stream().map(r -> expected.canonicalRow(r)).toList())
        .as("ZetaSQL").isEqualTo(expected.rows().stream().map(expected::canonicalRow).toList());
    assertThat(answers[1].rows().stream().map(r -> expected.canonicalRow(r)).toList())
        .as("DuckDB").isEqualTo(expected.rows().stream().map(expected::canonicalRow).toList());
  }

  /** The query's answer on ZetaSQL (BigQuery's SQL) and on DuckDB, from {@code mart} when given. */
  private TableData[] answers(SavedQuery query, Mart mart, List<QuerySql.Order> order, OptionalInt limit) throws Exception {
    QuerySql bigQuery = new QuerySql(CATALOG, BIGQUERY);
    QuerySql duckDb = new QuerySql(CATALOG, DUCKDB);
    String bigQuerySql = mart == null ? bigQuery.compiled(query, order, limit) : bigQuery.fromMart(mart, query, order, limit);
    String duckDbSql = mart == null ? duckDb.compiled(query, order, limit) : duckDb.fromMart(mart, query, order, limit);
    List<TableData.Column> columns = bigQuery.columns(query).stream().map(c -> new TableData.Column(c.name(), c.type())).toList();
    TableData onZeta = zetaSql.select(bigQuerySql, START, END);
    assertThat(onZeta.columns()).as("the answer's columns on ZetaSQL").isEqualTo(columns);
    return new TableData[] {onZeta, DuckDbBuildRunner.select(folder, duckDbSql, columns, START, END)};
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    java.util.Comparator<List<Object>> byDate = java.util.Comparator.comparing(r -> (LocalDate) r.get(0));
    if (!rows.isEmpty() && rows.get(0).size() > 1 && (rows.get(0).get(1) == null || rows.get(0).get(1) instanceof String)) {
      byDate = byDate.thenComparing(r -> r.get(1) instanceof String ? (String) r.get(1) : null, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
    }
    copy.sort(byDate);
    return copy;
  }

  // ---------------------------------------------------------------- the catalog

  /** The sessions catalog with a mart for every grain × dimension × density. */
  private static Catalog matrixCatalog() {
    Catalog base = SessionsCatalog.CATALOG;
    List<Metric> metrics = new ArrayList<>(base.metrics());
    metrics.add(NAMED_LIKE_THE_FACT);
    MetricGraph graph = Catalog.builder().from(base).addMetrics(NAMED_LIKE_THE_FACT).build().graph();
    List<Mart> marts = new ArrayList<>();
    for (Grain grain : Grain.values()) {
      Metric[] atGrain =
          metrics.stream().filter(m -> grain == Grain.DAY || !graph.usesRolling(m.name())).toArray(Metric[]::new);
      String prefix = "m_" + grain.name().toLowerCase();
      marts.add(mart(grain, prefix, atGrain, null, false));
      for (Dimension dimension : List.of(SessionsCatalog.PLAN, SessionsCatalog.COUNTRY)) {
        marts.add(mart(grain, prefix + "_" + dimension.name(), atGrain, dimension, false));
        marts.add(mart(grain, prefix + "_" + dimension.name() + "_dense", atGrain, dimension, true));
      }
    }
    return Catalog.builder().from(base).metrics(metrics).marts(marts).build();
  }

  private static Mart mart(Grain grain, String name, Metric[] metrics, Dimension dimension, boolean dense) {
    Mart.Builder mart = Mart.builder();
    mart.name(name).grain(grain).metrics(metrics).description("Every metric of the " + grain + " grain.").owner("growth");
    if (dimension != null) {
      mart.by(dimension).dense(dense);
    }
    return mart.build();
  }

  // ---------------------------------------------------------------- the lake

  /**
   * 150 sessions over the window and a few after it: users with a country, without one, and
   * unknown to the users table (country NULL); a user with a country but no session (a known
   * value without data); plans including NULL and one with a quote and a backslash; NULL and
   * negative durations and NULL users (not real sessions); NULL, zero and fractional revenue;
   * times around midnight in New York, so the business date is not the UTC date.
   */
  private void lake() {
    Random random = new Random(20240101);
    String[] plans = {"free", "pro", "it's \\ odd", null};
    for (long user = 1; user <= 8; user++) {
      countries.put(user, user <= 4 ? "US" : user <= 7 ? "JP" : null);
    }
    countries.put(11L, "DE");
    Instant first = START.atStartOfDay(ZONE).toInstant();
    long span = END.plusDays(4).atStartOfDay(ZONE).toInstant().getEpochSecond() - first.getEpochSecond();
    for (long id = 1; id <= 150; id++) {
      Instant at = first.plusSeconds(random.nextInt((int) span));
      if (id % 7 == 0) {
        // Around midnight in New York: 04:30–05:30 UTC.
        at = at.atZone(ZONE).toLocalDate().atStartOfDay(ZONE).toInstant().plusSeconds(random.nextInt(3600) - 1800);
      }
      Long user = id % 23 == 0 ? null : (long) (1 + random.nextInt(10));
      Long duration = id % 19 == 0 ? null : id % 17 == 0 ? -5L : (long) random.nextInt(3600);
      BigDecimal revenue =
          id % 3 == 0 ? null : id % 11 == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(random.nextInt(5000), 2);
      sessions.add(new Session(id, user, plans[random.nextInt(plans.length)], at, duration, revenue));
    }
  }

  private Map<String, TableData> lakeTables() {
    List<List<Object>> sessionRows =
        sessions.stream()
            .map(s -> java.util.Arrays.<Object>asList(s.id(), s.user(), s.plan(), s.startedAt(), s.duration(), s.revenue()))
            .toList();
    List<List<Object>> userRows =
        countries.entrySet().stream()
            .map(e -> java.util.Arrays.<Object>asList(e.getKey(), e.getValue(), LocalDate.of(2023, 6, 1)))
            .toList();
    Map<String, TableData> lake = new HashMap<>();
    lake.put(
        "sessions",
        new TableData(
            List.of(
                new TableData.Column("session_id", dev.kpi.model.LogicalType.INT64),
                new TableData.Column("user_id", dev.kpi.model.LogicalType.INT64),
                new TableData.Column("plan", dev.kpi.model.LogicalType.STRING),
                new TableData.Column("started_at", dev.kpi.model.LogicalType.TIMESTAMP),
                new TableData.Column("duration_seconds", dev.kpi.model.LogicalType.INT64),
                new TableData.Column("revenue", dev.kpi.model.LogicalType.NUMERIC)),
            sessionRows));
    lake.put(
        "users",
        new TableData(
            List.of(
                new TableData.Column("user_id", dev.kpi.model.LogicalType.INT64),
                new TableData.Column("country", dev.kpi.model.LogicalType.STRING),
                new TableData.Column("signup_date", dev.kpi.model.LogicalType.DATE)),
            userRows));
    return lake;
  }

  /** fct_sessions as the glossary defines it: real sessions (a user, a duration ≥ 0) of the window's business dates. */
  private List<FactRow> factRows() {
    List<FactRow> rows = new ArrayList<>();
    for (Session s : sessions) {
      LocalDate date = s.startedAt().atZone(ZONE).toLocalDate();
      if (s.user() == null || s.duration() == null || s.duration() < 0 || date.isBefore(START) || date.isAfter(END)) {
        continue;
      }
      rows.add(new FactRow(date, s.id(), s.user(), s.plan(), countries.get(s.user()), s.duration(), s.revenue()));
    }
    return rows;
  }

  // ---------------------------------------------------------------- the expected rows

  private List<List<Object>> expectedRows(Mart mart) {
    return expectedRows(mart, r -> true, v -> true);
  }

  /**
   * @param rowFilter the mart's or query's filter, by hand: which fact rows count
   * @param knownValues of a dense answer's dimension values, those it has rows for (what the
   *     filter allows when it reads only the dimension's own table)
   */
  private List<List<Object>> expectedRows(Mart mart, Predicate<FactRow> rowFilter, Predicate<String> knownValues) {
    List<FactRow> all = fact;
    fact = fact.stream().filter(rowFilter).toList();
    try {
      return rowsOf(mart, all, knownValues);
    } finally {
      fact = all;
    }
  }

  private List<List<Object>> rowsOf(Mart mart, List<FactRow> allRows, Predicate<String> knownValues) {
    Grain grain = mart.grain();
    List<LocalDate> periods = periods(grain);
    Dimension dimension = mart.dimensions().isEmpty() ? null : CATALOG.dimensions().stream().filter(d -> d.name().equals(mart.dimensions().get(0))).findFirst().orElseThrow();
    List<List<Object>> rows = new ArrayList<>();
    for (LocalDate period : periods) {
      for (String value : keys(mart, dimension, period, allRows, knownValues)) {
        List<FactRow> inPeriod = fact.stream().filter(r -> grain.periodStart(r.date()).equals(period) && matches(r, dimension, value)).toList();
        List<Object> row = new ArrayList<>();
        row.add(period);
        if (dimension != null) {
          row.add(value);
        }
        for (String metric : mart.metrics()) {
          row.add(value(metric, inPeriod, period, dimension, value));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * The dimension values a period has rows for: one row without dimensions; dense, every known
   * value (the fact's values in the window, or the dimension table's); otherwise the values with
   * a fact row in the period (NULL included) or a non-zero rolling value on the date.
   */
  private List<String> keys(Mart mart, Dimension dimension, LocalDate period, List<FactRow> allRows, Predicate<String> knownValues) {
    if (dimension == null) {
      return java.util.Collections.singletonList(null);
    }
    if (mart.dense()) {
      Stream<String> known =
          dimension == SessionsCatalog.PLAN ? allRows.stream().map(FactRow::plan) : countries.values().stream();
      return known.filter(Objects::nonNull).filter(knownValues).distinct().sorted().toList();
    }
    Set<String> observed = new LinkedHashSet<>();
    fact.stream().filter(r -> mart.grain().periodStart(r.date()).equals(period)).forEach(r -> observed.add(dimensionValue(r, dimension)));
    for (String metric : mart.metrics()) {
      if (CATALOG.metric(metric) instanceof Metric.Rolling) {
        fact.stream()
            .map(r -> dimensionValue(r, dimension))
            .distinct()
            .filter(v -> !isZero(value(metric, List.of(), period, dimension, v)))
            .forEach(observed::add);
      }
    }
    return new ArrayList<>(observed);
  }

  private Object value(String name, List<FactRow> rows, LocalDate period, Dimension dimension, String dimensionValue) {
    Metric metric = CATALOG.metric(name);
    if (metric instanceof Metric.Simple simple) {
      List<FactRow> counted = rows.stream().filter(filter(simple)).toList();
      return aggregate(simple.name(), counted);
    }
    if (metric instanceof Metric.Rolling rolling) {
      Metric.Simple base = (Metric.Simple) CATALOG.metric(rolling.base());
      List<FactRow> window =
          fact.stream()
              .filter(r -> !r.date().isBefore(period.minusDays(rolling.days() - 1)) && !r.date().isAfter(period))
              .filter(r -> matches(r, dimension, dimensionValue))
              .filter(filter(base))
              .toList();
      return aggregate(base.name(), window);
    }
    if (metric instanceof Metric.Ratio ratio) {
      return divide(value(ratio.numerator(), rows, period, dimension, dimensionValue), value(ratio.denominator(), rows, period, dimension, dimensionValue), CATALOG.metricType(name));
    }
    // The derived metrics of the sessions catalog, as their definitions say.
    Object revenue = value("revenue", rows, period, dimension, dimensionValue);
    Object sessionCount = value("session_count", rows, period, dimension, dimensionValue);
    switch (name) {
      case "free_revenue":
        return ((BigDecimal) revenue).subtract((BigDecimal) value("paid_revenue", rows, period, dimension, dimensionValue));
      case "total_session_seconds":
        Object average = value("avg_session_seconds", rows, period, dimension, dimensionValue);
        return average == null ? null : (Double) average * (Long) sessionCount;
      case "sessions_per_active_user":
        return divide(sessionCount, value("active_users", rows, period, dimension, dimensionValue), dev.kpi.model.LogicalType.FLOAT64);
      default:
        throw new AssertionError("no hand computation for derived metric " + name);
    }
  }

  private static Predicate<FactRow> filter(Metric.Simple metric) {
    return metric.name().equals("paid_revenue") ? r -> r.plan() != null && PAYING.contains(r.plan()) : r -> true;
  }

  /** A simple metric over rows: sums and counts 0 when empty, min, max and average NULL. */
  private static Object aggregate(String metric, List<FactRow> rows) {
    switch (metric) {
      case "revenue":
      case "paid_revenue":
        return rows.stream().map(FactRow::revenue).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
      case "session_count":
        return (long) rows.size();
      case "active_users":
        return rows.stream().map(FactRow::user).distinct().count();
      case "shortest_session_seconds":
        return rows.stream().map(FactRow::duration).min(Long::compare).orElse(null);
      case "longest_session_seconds":
        return rows.stream().map(FactRow::duration).max(Long::compare).orElse(null);
      case "avg_session_seconds":
        return rows.isEmpty() ? null : rows.stream().mapToLong(FactRow::duration).sum() / (double) rows.size();
      default:
        throw new AssertionError("no hand computation for simple metric " + metric);
    }
  }

  /** NULL for a 0 divisor; NUMERIC exact to 9 decimals, halves away from zero; else a double division. */
  private static Object divide(Object dividend, Object divisor, dev.kpi.model.LogicalType type) {
    BigDecimal d = new BigDecimal(divisor.toString());
    if (d.signum() == 0) {
      return null;
    }
    BigDecimal n = new BigDecimal(dividend.toString());
    if (type == dev.kpi.model.LogicalType.NUMERIC) {
      return n.divide(d, 9, RoundingMode.HALF_UP);
    }
    return n.doubleValue() / d.doubleValue();
  }

  private static boolean isZero(Object value) {
    return value == null || new BigDecimal(value.toString()).signum() == 0;
  }

  private static boolean matches(FactRow row, Dimension dimension, String value) {
    return dimension == null || Objects.equals(dimensionValue(row, dimension), value);
  }

  private static String dimensionValue(FactRow row, Dimension dimension) {
    return dimension == SessionsCatalog.PLAN ? row.plan() : row.country();
  }

  private static List<LocalDate> periods(Grain grain) {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate p = grain.periodStart(START); !p.isAfter(END); p = grain.next(p)) {
      out.add(p);
    }
    return out;
  }
}
