package dev.kpi.sql;

import dev.kpi.model.LogicalType;
import dev.kpi.model.Unit;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.warehouse.WarehouseTable;

/**
 * A catalog that is not the shop's: a subscription app's sessions, in New York time. It exists
 * to prove that the compiler is general: every kind of metric (sum, count, count distinct, min,
 * max, average, ratio, derived, rolling count distinct and rolling sum), a dimension of the
 * fact and one of a dimension table, dense and non-dense marts, every grain, a lake table
 * partitioned by a DATE, and a string constant that needs escaping.
 */
public final class SessionsCatalog {
  private static final String OWNER = "growth";

  // ---------------------------------------------------------------- lake

  static final LakeTable SESSIONS =
      LakeTable.builder()
          .name("sessions")
          .description("App sessions as the event pipeline writes them, one row per session.")
          .owner(OWNER)
          .addColumns(
              LakeColumn.of("session_id", LogicalType.INT64, false, "Primary key."),
              LakeColumn.of("user_id", LogicalType.INT64, true, "The signed-in user (users.user_id)."),
              LakeColumn.of("plan", LogicalType.STRING, true, "The user's plan when the session started: free, pro, ..."),
              LakeColumn.of("started_at", LogicalType.TIMESTAMP, true, "When the session started (UTC)."),
              LakeColumn.of("duration_seconds", LogicalType.INT64, true, "How long the session lasted."),
              LakeColumn.of("revenue", LogicalType.NUMERIC, true, "USD earned in the session (in-app purchases)."))
          .partitionColumn("started_at")
          .addPrimaryKey("session_id")
          .build();

  static final LakeTable USERS =
      LakeTable.builder()
          .name("users")
          .description("Users of the app, one row per user.")
          .owner(OWNER)
          .addColumns(
              LakeColumn.of("user_id", LogicalType.INT64, false, "Primary key."),
              LakeColumn.of("country", LogicalType.STRING, true, "ISO country code at sign-up."),
              LakeColumn.of("signup_date", LogicalType.DATE, true, "The date the user signed up."))
          // A DATE partition column: partitioned by itself, not by the date of a timestamp.
          .partitionColumn("signup_date")
          .addPrimaryKey("user_id")
          .build();

  // ---------------------------------------------------------------- warehouse

  static final WarehouseTable DIM_USERS =
      WarehouseTable.builder()
          .dimension("dim_users")
          .description("Users with their country, one row per user.")
          .owner(OWNER)
          .from(USERS)
          .column("user_id", USERS.column("user_id"), "The user (users.user_id).")
          .column("country", USERS.column("country"), "ISO country code at sign-up.")
          .column("signup_date", USERS.column("signup_date"), "The date the user signed up.")
          .build();

  static final WarehouseTable FCT_SESSIONS =
      WarehouseTable.builder()
          .fact("fct_sessions")
          .description("Sessions of real users with their business date (America/New_York); one row per session.")
          .owner(OWNER)
          .from(SESSIONS)
          .where(SESSIONS.column("duration_seconds").ge(0))
          .where(Expr.not(SESSIONS.column("user_id").isNull()))
          .column(
              "business_date",
              Expr.businessDate(SESSIONS.column("started_at"), "America/New_York"),
              "The session's business date: the date of started_at in America/New_York.")
          .column("session_id", SESSIONS.column("session_id"), "The session.")
          .column("user_id", SESSIONS.column("user_id"), "The user (dim_users.user_id).")
          .column("plan", SESSIONS.column("plan"), "The plan when the session started.")
          .column("duration_seconds", SESSIONS.column("duration_seconds"), "How long the session lasted.")
          .column("revenue", SESSIONS.column("revenue"), "USD earned in the session.")
          .column("started_at", SESSIONS.column("started_at"), "When the session started (UTC).")
          .partitionedBy("business_date")
          .clusteredBy("plan", "user_id")
          .lookbackDays(2)
          .references("user_id", DIM_USERS, "user_id")
          .build();

  /**
   * The paying plans; the second name has a quote and a backslash, which the SQL must keep
   * inside the string constant.
   */
  static final Expr PAYING = FCT_SESSIONS.column("plan").in("pro", "it's \\ odd");

  // ---------------------------------------------------------------- metrics

  static final Metric REVENUE =
      Metric.sum("revenue", FCT_SESSIONS.column("revenue"))
          .description("USD earned in sessions.")
          .owner(OWNER)
          .build();

  static final Metric PAID_REVENUE =
      Metric.sum("paid_revenue", FCT_SESSIONS.column("revenue"))
          .where(PAYING)
          .description("USD earned in sessions of paying plans.")
          .owner(OWNER)
          .build();

  static final Metric SESSION_COUNT =
      Metric.count("session_count", FCT_SESSIONS.column("session_id"))
          .unit(Unit.COUNT)
          .description("Number of sessions.")
          .owner(OWNER)
          .build();

  static final Metric ACTIVE_USERS =
      Metric.countDistinct("active_users", FCT_SESSIONS.column("user_id"))
          .unit(Unit.COUNT)
          .description("Distinct users with a session.")
          .owner(OWNER)
          .build();

  static final Metric SHORTEST_SESSION =
      Metric.min("shortest_session_seconds", FCT_SESSIONS.column("duration_seconds"))
          .description("The shortest session, in seconds; empty without sessions.")
          .owner(OWNER)
          .build();

  static final Metric LONGEST_SESSION =
      Metric.max("longest_session_seconds", FCT_SESSIONS.column("duration_seconds"))
          .description("The longest session, in seconds; empty without sessions.")
          .owner(OWNER)
          .build();

  static final Metric AVERAGE_SESSION =
      Metric.average("avg_session_seconds", FCT_SESSIONS.column("duration_seconds"))
          .description("The mean session length, in seconds; empty without sessions.")
          .owner(OWNER)
          .build();

  static final Metric REVENUE_PER_USER =
      Metric.ratio("revenue_per_user", REVENUE, ACTIVE_USERS)
          .description("Revenue divided by active users of the same period; empty without users.")
          .owner(OWNER)
          .build();

  static final Metric SESSIONS_PER_USER =
      Metric.ratio("sessions_per_user", SESSION_COUNT, ACTIVE_USERS)
          .unit(Unit.RATIO)
          .description("Sessions divided by active users (INT64 / INT64 is FLOAT64).")
          .owner(OWNER)
          .build();

  static final Metric FREE_REVENUE =
      Metric.derived("free_revenue", Expr.metric("revenue").minus(Expr.metric("paid_revenue")))
          .description("Revenue of sessions not on a paying plan: revenue minus paid revenue.")
          .owner(OWNER)
          .build();

  static final Metric TOTAL_SESSION_SECONDS =
      Metric.derived(
              "total_session_seconds", Expr.metric("avg_session_seconds").times(Expr.metric("session_count")))
          .description("Time spent in sessions: the mean session length times the number of sessions.")
          .owner(OWNER)
          .build();

  /** A derived metric that divides two integer metrics: FLOAT64, as BigQuery divides, on every dialect. */
  static final Metric SESSIONS_PER_ACTIVE_USER =
      Metric.derived("sessions_per_active_user", Expr.metric("session_count").dividedBy(Expr.metric("active_users")))
          .description("Sessions divided by active users, written as a derived metric (INT64 / INT64 is FLOAT64).")
          .owner(OWNER)
          .build();

  static final Metric ACTIVE_USERS_7D =
      Metric.rolling("active_users_7d", ACTIVE_USERS, 7)
          .unit(Unit.COUNT)
          .description("Distinct users with a session on any of the 7 business dates ending on the date.")
          .owner(OWNER)
          .build();

  static final Metric REVENUE_7D =
      Metric.rolling("revenue_7d", REVENUE, 7)
          .description("Revenue of the 7 business dates ending on the date.")
          .owner(OWNER)
          .build();

  // ---------------------------------------------------------------- dimensions

  /** A column of the fact itself. */
  static final Dimension PLAN =
      Dimension.of("plan", FCT_SESSIONS.column("plan"))
          .description("The plan when the session started.")
          .owner(OWNER)
          .build();

  /** A column of a dimension table the fact references. */
  static final Dimension COUNTRY =
      Dimension.of("country", DIM_USERS.column("country"))
          .description("The user's country at sign-up.")
          .owner(OWNER)
          .build();

  // ---------------------------------------------------------------- marts

  static final Mart DAILY =
      Mart.builder()
          .daily("sessions_daily")
          .metrics(
              REVENUE,
              PAID_REVENUE,
              FREE_REVENUE,
              SESSION_COUNT,
              ACTIVE_USERS,
              SHORTEST_SESSION,
              LONGEST_SESSION,
              AVERAGE_SESSION,
              TOTAL_SESSION_SECONDS,
              REVENUE_PER_USER,
              SESSIONS_PER_USER,
              ACTIVE_USERS_7D,
              REVENUE_7D)
          .description("Every session KPI per business date (America/New_York).")
          .owner(OWNER)
          .build();

  static final Mart DAILY_BY_COUNTRY =
      Mart.builder()
          .daily("sessions_daily_by_country")
          .metrics(REVENUE, SESSION_COUNT, ACTIVE_USERS, REVENUE_PER_USER, ACTIVE_USERS_7D)
          .by(COUNTRY)
          .description("Session KPIs per business date and country, only where there is data.")
          .owner(OWNER)
          .build();

  static final Mart DAILY_BY_PLAN =
      Mart.builder()
          .daily("sessions_daily_by_plan")
          .metrics(SESSION_COUNT, REVENUE, AVERAGE_SESSION, LONGEST_SESSION, REVENUE_7D)
          .by(PLAN)
          .denseOverDimensions()
          .description("Session KPIs per business date and plan; every plan seen in the window has a row on every date.")
          .owner(OWNER)
          .build();

  static final Mart WEEKLY =
      Mart.builder()
          .weekly("sessions_weekly")
          .metrics(
              REVENUE,
              FREE_REVENUE,
              SESSION_COUNT,
              ACTIVE_USERS,
              SHORTEST_SESSION,
              LONGEST_SESSION,
              AVERAGE_SESSION,
              REVENUE_PER_USER)
          .description("Session KPIs per week (Monday to Sunday).")
          .owner(OWNER)
          .build();

  static final Mart MONTHLY =
      Mart.builder()
          .monthly("sessions_monthly")
          .metrics(REVENUE, PAID_REVENUE, SESSION_COUNT, ACTIVE_USERS, SESSIONS_PER_USER, TOTAL_SESSION_SECONDS, SESSIONS_PER_ACTIVE_USER)
          .description("Session KPIs per calendar month.")
          .owner(OWNER)
          .build();

  public static final Catalog CATALOG =
      Catalog.builder()
          .name("sessions")
          .timeZone("America/New_York")
          .addLakeTables(SESSIONS, USERS)
          // The fact first: the planner, not the order here, puts dimensions before facts.
          .addWarehouseTables(FCT_SESSIONS, DIM_USERS)
          .addMetrics(
              REVENUE,
              PAID_REVENUE,
              SESSION_COUNT,
              ACTIVE_USERS,
              SHORTEST_SESSION,
              LONGEST_SESSION,
              AVERAGE_SESSION,
              REVENUE_PER_USER,
              SESSIONS_PER_USER,
              FREE_REVENUE,
              TOTAL_SESSION_SECONDS,
              SESSIONS_PER_ACTIVE_USER,
              ACTIVE_USERS_7D,
              REVENUE_7D)
          .addDimensions(PLAN, COUNTRY)
          .addMarts(DAILY, DAILY_BY_COUNTRY, DAILY_BY_PLAN, WEEKLY, MONTHLY)
          .build();

  private SessionsCatalog() {}
}
