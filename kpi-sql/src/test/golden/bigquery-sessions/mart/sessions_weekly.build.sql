-- mart sessions_weekly
--   Session KPIs per week (Monday to Sunday).
-- Owner: growth
-- This statement replaces the weeks (Monday to Sunday) containing @start_date to @end_date of mart sessions_weekly.
BEGIN TRANSACTION;

DELETE FROM `acme-app-prod.kpi.sessions_weekly`
WHERE week_start BETWEEN DATE_TRUNC(@start_date, WEEK(MONDAY)) AND DATE_TRUNC(@end_date, WEEK(MONDAY));

INSERT INTO `acme-app-prod.kpi.sessions_weekly` (week_start, revenue, free_revenue, session_count, active_users, shortest_session_seconds, longest_session_seconds, avg_session_seconds, revenue_per_user)
WITH
  -- every week of the window, so each gets a row even without data
  periods AS (
    SELECT period_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(@start_date, WEEK(MONDAY)), DATE_TRUNC(@end_date, WEEK(MONDAY)), INTERVAL 1 WEEK)) AS period_start
  ),
  -- revenue, paid_revenue, session_count, active_users, shortest_session_seconds, longest_session_seconds, avg_session_seconds from fct_sessions, per week
  fct_sessions_by_period AS (
    SELECT
      DATE_TRUNC(fct_sessions.business_date, WEEK(MONDAY)) AS period_start,
      SUM(fct_sessions.revenue) AS revenue,
      SUM(CASE WHEN fct_sessions.plan IN ('pro', 'it\'s \\ odd') THEN fct_sessions.revenue END) AS paid_revenue,
      COUNT(fct_sessions.session_id) AS session_count,
      COUNT(DISTINCT fct_sessions.user_id) AS active_users,
      MIN(fct_sessions.duration_seconds) AS shortest_session_seconds,
      MAX(fct_sessions.duration_seconds) AS longest_session_seconds,
      AVG(fct_sessions.duration_seconds) AS avg_session_seconds
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    WHERE fct_sessions.business_date BETWEEN DATE_TRUNC(@start_date, WEEK(MONDAY)) AND DATE_ADD(DATE_TRUNC(@end_date, WEEK(MONDAY)), INTERVAL 6 DAY)
    GROUP BY 1
  )
SELECT
  periods.period_start AS week_start,
  COALESCE(fct_sessions_by_period.revenue, 0) AS revenue,
  (COALESCE(fct_sessions_by_period.revenue, 0) - COALESCE(fct_sessions_by_period.paid_revenue, 0)) AS free_revenue,
  COALESCE(fct_sessions_by_period.session_count, 0) AS session_count,
  COALESCE(fct_sessions_by_period.active_users, 0) AS active_users,
  fct_sessions_by_period.shortest_session_seconds AS shortest_session_seconds,
  fct_sessions_by_period.longest_session_seconds AS longest_session_seconds,
  fct_sessions_by_period.avg_session_seconds AS avg_session_seconds,
  SAFE_DIVIDE(COALESCE(fct_sessions_by_period.revenue, 0), COALESCE(fct_sessions_by_period.active_users, 0)) AS revenue_per_user
FROM periods
LEFT JOIN fct_sessions_by_period
  ON fct_sessions_by_period.period_start = periods.period_start;

COMMIT TRANSACTION;
