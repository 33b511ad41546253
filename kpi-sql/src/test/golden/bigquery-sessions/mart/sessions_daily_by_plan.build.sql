-- mart sessions_daily_by_plan
--   Session KPIs per business date and plan; every plan seen in the window has a row on every date.
-- Owner: growth
-- This statement replaces the days containing @start_date to @end_date of mart sessions_daily_by_plan.
BEGIN TRANSACTION;

DELETE FROM `acme-app-prod.kpi.sessions_daily_by_plan`
WHERE business_date BETWEEN @start_date AND @end_date;

INSERT INTO `acme-app-prod.kpi.sessions_daily_by_plan` (business_date, plan, session_count, revenue, avg_session_seconds, longest_session_seconds, revenue_7d)
WITH
  -- every day of the window, so each gets a row even without data
  periods AS (
    SELECT period_start FROM UNNEST(GENERATE_DATE_ARRAY(@start_date, @end_date, INTERVAL 1 DAY)) AS period_start
  ),
  -- the known values of dimension plan
  plan_values AS (
    SELECT DISTINCT fct_sessions.plan AS plan
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    WHERE fct_sessions.plan IS NOT NULL
      AND fct_sessions.business_date BETWEEN @start_date AND @end_date
  ),
  -- every period with every known value of plan (dense)
  mart_keys AS (
    SELECT periods.period_start, plan_values.plan
    FROM periods
    CROSS JOIN plan_values
  ),
  -- session_count, revenue, avg_session_seconds, longest_session_seconds from fct_sessions, per day and plan
  fct_sessions_by_period AS (
    SELECT
      fct_sessions.business_date AS period_start,
      fct_sessions.plan AS plan,
      COUNT(fct_sessions.session_id) AS session_count,
      SUM(fct_sessions.revenue) AS revenue,
      AVG(fct_sessions.duration_seconds) AS avg_session_seconds,
      MAX(fct_sessions.duration_seconds) AS longest_session_seconds
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    WHERE fct_sessions.business_date BETWEEN @start_date AND @end_date
    GROUP BY 1, 2
  ),
  -- revenue_7d: revenue per date
  revenue_7d_daily AS (
    SELECT
      fct_sessions.business_date AS active_date,
      fct_sessions.plan AS plan,
      SUM(fct_sessions.revenue) AS amount
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    WHERE fct_sessions.business_date BETWEEN DATE_SUB(@start_date, INTERVAL 6 DAY) AND @end_date
    GROUP BY 1, 2
  ),
  -- revenue_7d: a date's amount enters the window on the date and leaves 7 days later
  revenue_7d_changes AS (
    SELECT plan, active_date AS change_date, amount AS change FROM revenue_7d_daily WHERE amount IS NOT NULL
    UNION ALL
    SELECT plan, DATE_ADD(active_date, INTERVAL 7 DAY) AS change_date, -amount AS change FROM revenue_7d_daily WHERE amount IS NOT NULL
    UNION ALL
    SELECT seen.plan, periods.period_start AS change_date, 0 AS change
    FROM periods
    CROSS JOIN (SELECT DISTINCT plan FROM revenue_7d_daily) AS seen
  ),
  -- revenue_7d: the running total of the changes is the window's value on each date
  revenue_7d_by_period AS (
    SELECT
      change_date AS period_start,
      plan,
      SUM(SUM(change)) OVER (PARTITION BY plan ORDER BY change_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS revenue_7d
    FROM revenue_7d_changes
    GROUP BY 1, 2
  )
SELECT
  mart_keys.period_start AS business_date,
  mart_keys.plan AS plan,
  COALESCE(fct_sessions_by_period.session_count, 0) AS session_count,
  COALESCE(fct_sessions_by_period.revenue, 0) AS revenue,
  fct_sessions_by_period.avg_session_seconds AS avg_session_seconds,
  fct_sessions_by_period.longest_session_seconds AS longest_session_seconds,
  COALESCE(revenue_7d_by_period.revenue_7d, 0) AS revenue_7d
FROM mart_keys
LEFT JOIN fct_sessions_by_period
  ON fct_sessions_by_period.period_start = mart_keys.period_start
  AND fct_sessions_by_period.plan IS NOT DISTINCT FROM mart_keys.plan
LEFT JOIN revenue_7d_by_period
  ON revenue_7d_by_period.period_start = mart_keys.period_start
  AND revenue_7d_by_period.plan IS NOT DISTINCT FROM mart_keys.plan;

COMMIT TRANSACTION;
