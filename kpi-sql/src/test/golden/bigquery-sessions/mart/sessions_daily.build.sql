-- mart sessions_daily
--   Every session KPI per business date (America/New_York).
-- Owner: growth
-- This statement replaces the days containing @start_date to @end_date of mart sessions_daily.
BEGIN TRANSACTION;

DELETE FROM `acme-app-prod.kpi.sessions_daily`
WHERE business_date BETWEEN @start_date AND @end_date;

INSERT INTO `acme-app-prod.kpi.sessions_daily` (business_date, revenue, paid_revenue, free_revenue, session_count, active_users, shortest_session_seconds, longest_session_seconds, avg_session_seconds, total_session_seconds, revenue_per_user, sessions_per_user, active_users_7d, revenue_7d)
WITH
  -- every day of the window, so each gets a row even without data
  periods AS (
    SELECT period_start FROM UNNEST(GENERATE_DATE_ARRAY(@start_date, @end_date, INTERVAL 1 DAY)) AS period_start
  ),
  -- revenue, paid_revenue, session_count, active_users, shortest_session_seconds, longest_session_seconds, avg_session_seconds from fct_sessions, per day
  fct_sessions_by_period AS (
    SELECT
      fct_sessions.business_date AS period_start,
      SUM(fct_sessions.revenue) AS revenue,
      SUM(CASE WHEN fct_sessions.plan IN ('pro', 'it\'s \\ odd') THEN fct_sessions.revenue END) AS paid_revenue,
      COUNT(fct_sessions.session_id) AS session_count,
      COUNT(DISTINCT fct_sessions.user_id) AS active_users,
      MIN(fct_sessions.duration_seconds) AS shortest_session_seconds,
      MAX(fct_sessions.duration_seconds) AS longest_session_seconds,
      AVG(fct_sessions.duration_seconds) AS avg_session_seconds
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    WHERE fct_sessions.business_date BETWEEN @start_date AND @end_date
    GROUP BY 1
  ),
  -- active_users_7d: each value of active_users once per date it occurs
  active_users_7d_active_dates AS (
    SELECT DISTINCT
      fct_sessions.business_date AS active_date,
      fct_sessions.user_id AS counted_value
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    WHERE fct_sessions.business_date BETWEEN DATE_SUB(@start_date, INTERVAL 6 DAY) AND @end_date
      AND fct_sessions.user_id IS NOT NULL
  ),
  -- active_users_7d: a value counts from a date it occurs until 7 days later, or until it occurs again
  active_users_7d_spans AS (
    SELECT
      active_date,
      LEAST(DATE_ADD(active_date, INTERVAL 7 DAY), COALESCE(LEAD(active_date) OVER (PARTITION BY counted_value ORDER BY active_date), DATE_ADD(active_date, INTERVAL 7 DAY))) AS counted_until
    FROM active_users_7d_active_dates
  ),
  -- active_users_7d: +1 when a value enters the window, -1 when it leaves, 0 on every date reported
  active_users_7d_changes AS (
    SELECT active_date AS change_date, 1 AS change FROM active_users_7d_spans
    UNION ALL
    SELECT counted_until AS change_date, -1 AS change FROM active_users_7d_spans
    UNION ALL
    SELECT period_start AS change_date, 0 AS change FROM periods
  ),
  -- active_users_7d: the running total of the changes is the window's value on each date
  active_users_7d_by_period AS (
    SELECT
      change_date AS period_start,
      SUM(SUM(change)) OVER (ORDER BY change_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS active_users_7d
    FROM active_users_7d_changes
    GROUP BY 1
  ),
  -- revenue_7d: revenue per date
  revenue_7d_daily AS (
    SELECT
      fct_sessions.business_date AS active_date,
      SUM(fct_sessions.revenue) AS amount
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    WHERE fct_sessions.business_date BETWEEN DATE_SUB(@start_date, INTERVAL 6 DAY) AND @end_date
    GROUP BY 1
  ),
  -- revenue_7d: a date's amount enters the window on the date and leaves 7 days later
  revenue_7d_changes AS (
    SELECT active_date AS change_date, amount AS change FROM revenue_7d_daily WHERE amount IS NOT NULL
    UNION ALL
    SELECT DATE_ADD(active_date, INTERVAL 7 DAY) AS change_date, -amount AS change FROM revenue_7d_daily WHERE amount IS NOT NULL
    UNION ALL
    SELECT period_start AS change_date, 0 AS change FROM periods
  ),
  -- revenue_7d: the running total of the changes is the window's value on each date
  revenue_7d_by_period AS (
    SELECT
      change_date AS period_start,
      SUM(SUM(change)) OVER (ORDER BY change_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS revenue_7d
    FROM revenue_7d_changes
    GROUP BY 1
  )
SELECT
  periods.period_start AS business_date,
  COALESCE(fct_sessions_by_period.revenue, 0) AS revenue,
  COALESCE(fct_sessions_by_period.paid_revenue, 0) AS paid_revenue,
  (COALESCE(fct_sessions_by_period.revenue, 0) - COALESCE(fct_sessions_by_period.paid_revenue, 0)) AS free_revenue,
  COALESCE(fct_sessions_by_period.session_count, 0) AS session_count,
  COALESCE(fct_sessions_by_period.active_users, 0) AS active_users,
  fct_sessions_by_period.shortest_session_seconds AS shortest_session_seconds,
  fct_sessions_by_period.longest_session_seconds AS longest_session_seconds,
  fct_sessions_by_period.avg_session_seconds AS avg_session_seconds,
  (fct_sessions_by_period.avg_session_seconds * COALESCE(fct_sessions_by_period.session_count, 0)) AS total_session_seconds,
  SAFE_DIVIDE(COALESCE(fct_sessions_by_period.revenue, 0), COALESCE(fct_sessions_by_period.active_users, 0)) AS revenue_per_user,
  SAFE_DIVIDE(COALESCE(fct_sessions_by_period.session_count, 0), COALESCE(fct_sessions_by_period.active_users, 0)) AS sessions_per_user,
  COALESCE(active_users_7d_by_period.active_users_7d, 0) AS active_users_7d,
  COALESCE(revenue_7d_by_period.revenue_7d, 0) AS revenue_7d
FROM periods
LEFT JOIN fct_sessions_by_period
  ON fct_sessions_by_period.period_start = periods.period_start
LEFT JOIN active_users_7d_by_period
  ON active_users_7d_by_period.period_start = periods.period_start
LEFT JOIN revenue_7d_by_period
  ON revenue_7d_by_period.period_start = periods.period_start;

COMMIT TRANSACTION;
