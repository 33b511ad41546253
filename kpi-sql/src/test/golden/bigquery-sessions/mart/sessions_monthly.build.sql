-- mart sessions_monthly
--   Session KPIs per calendar month.
-- Owner: growth
-- This statement replaces the months containing @start_date to @end_date of mart sessions_monthly.
BEGIN TRANSACTION;

DELETE FROM `acme-app-prod.kpi.sessions_monthly`
WHERE month_start BETWEEN DATE_TRUNC(@start_date, MONTH) AND DATE_TRUNC(@end_date, MONTH);

INSERT INTO `acme-app-prod.kpi.sessions_monthly` (month_start, revenue, paid_revenue, session_count, active_users, sessions_per_user, total_session_seconds, sessions_per_active_user)
WITH
  -- every month of the window, so each gets a row even without data
  periods AS (
    SELECT period_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(@start_date, MONTH), DATE_TRUNC(@end_date, MONTH), INTERVAL 1 MONTH)) AS period_start
  ),
  -- revenue, paid_revenue, session_count, active_users, avg_session_seconds from fct_sessions, per month
  fct_sessions_by_period AS (
    SELECT
      DATE_TRUNC(fct_sessions.business_date, MONTH) AS period_start,
      SUM(fct_sessions.revenue) AS revenue,
      SUM(CASE WHEN fct_sessions.plan IN ('pro', 'it\'s \\ odd') THEN fct_sessions.revenue END) AS paid_revenue,
      COUNT(fct_sessions.session_id) AS session_count,
      COUNT(DISTINCT fct_sessions.user_id) AS active_users,
      AVG(fct_sessions.duration_seconds) AS avg_session_seconds
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    WHERE fct_sessions.business_date BETWEEN DATE_TRUNC(@start_date, MONTH) AND LAST_DAY(DATE_TRUNC(@end_date, MONTH), MONTH)
    GROUP BY 1
  )
SELECT
  periods.period_start AS month_start,
  COALESCE(fct_sessions_by_period.revenue, 0) AS revenue,
  COALESCE(fct_sessions_by_period.paid_revenue, 0) AS paid_revenue,
  COALESCE(fct_sessions_by_period.session_count, 0) AS session_count,
  COALESCE(fct_sessions_by_period.active_users, 0) AS active_users,
  SAFE_DIVIDE(COALESCE(fct_sessions_by_period.session_count, 0), COALESCE(fct_sessions_by_period.active_users, 0)) AS sessions_per_user,
  (fct_sessions_by_period.avg_session_seconds * COALESCE(fct_sessions_by_period.session_count, 0)) AS total_session_seconds,
  (SAFE_DIVIDE(COALESCE(fct_sessions_by_period.session_count, 0), COALESCE(fct_sessions_by_period.active_users, 0))) AS sessions_per_active_user
FROM periods
LEFT JOIN fct_sessions_by_period
  ON fct_sessions_by_period.period_start = periods.period_start;

COMMIT TRANSACTION;
