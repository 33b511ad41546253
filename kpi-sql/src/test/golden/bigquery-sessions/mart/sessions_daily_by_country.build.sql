-- mart sessions_daily_by_country
--   Session KPIs per business date and country, only where there is data.
-- Owner: growth
-- This statement replaces the days containing @start_date to @end_date of mart sessions_daily_by_country.
BEGIN TRANSACTION;

DELETE FROM `acme-app-prod.kpi.sessions_daily_by_country`
WHERE business_date BETWEEN @start_date AND @end_date;

INSERT INTO `acme-app-prod.kpi.sessions_daily_by_country` (business_date, country, revenue, session_count, active_users, revenue_per_user, active_users_7d)
WITH
  -- every day of the window, so each gets a row even without data
  periods AS (
    SELECT period_start FROM UNNEST(GENERATE_DATE_ARRAY(@start_date, @end_date, INTERVAL 1 DAY)) AS period_start
  ),
  -- revenue, session_count, active_users from fct_sessions, per day and country
  fct_sessions_by_period AS (
    SELECT
      fct_sessions.business_date AS period_start,
      dim_users.country AS country,
      SUM(fct_sessions.revenue) AS revenue,
      COUNT(fct_sessions.session_id) AS session_count,
      COUNT(DISTINCT fct_sessions.user_id) AS active_users
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    LEFT JOIN `acme-app-prod.dwh.dim_users` AS dim_users
      ON fct_sessions.user_id = dim_users.user_id
    WHERE fct_sessions.business_date BETWEEN @start_date AND @end_date
    GROUP BY 1, 2
  ),
  -- active_users_7d: each value of active_users once per date it occurs
  active_users_7d_active_dates AS (
    SELECT DISTINCT
      fct_sessions.business_date AS active_date,
      dim_users.country AS country,
      fct_sessions.user_id AS counted_value
    FROM `acme-app-prod.dwh.fct_sessions` AS fct_sessions
    LEFT JOIN `acme-app-prod.dwh.dim_users` AS dim_users
      ON fct_sessions.user_id = dim_users.user_id
    WHERE fct_sessions.business_date BETWEEN DATE_SUB(@start_date, INTERVAL 6 DAY) AND @end_date
      AND fct_sessions.user_id IS NOT NULL
  ),
  -- active_users_7d: a value counts from a date it occurs until 7 days later, or until it occurs again
  active_users_7d_spans AS (
    SELECT
      country,
      active_date,
      LEAST(DATE_ADD(active_date, INTERVAL 7 DAY), COALESCE(LEAD(active_date) OVER (PARTITION BY country, counted_value ORDER BY active_date), DATE_ADD(active_date, INTERVAL 7 DAY))) AS counted_until
    FROM active_users_7d_active_dates
  ),
  -- active_users_7d: +1 when a value enters the window, -1 when it leaves, 0 on every date reported
  active_users_7d_changes AS (
    SELECT country, active_date AS change_date, 1 AS change FROM active_users_7d_spans
    UNION ALL
    SELECT country, counted_until AS change_date, -1 AS change FROM active_users_7d_spans
    UNION ALL
    SELECT seen.country, periods.period_start AS change_date, 0 AS change
    FROM periods
    CROSS JOIN (SELECT DISTINCT country FROM active_users_7d_spans) AS seen
  ),
  -- active_users_7d: the running total of the changes is the window's value on each date
  active_users_7d_by_period AS (
    SELECT
      change_date AS period_start,
      country,
      SUM(SUM(change)) OVER (PARTITION BY country ORDER BY change_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS active_users_7d
    FROM active_users_7d_changes
    GROUP BY 1, 2
  ),
  -- the periods and values of country that have data
  mart_keys AS (
    SELECT period_start, country FROM fct_sessions_by_period WHERE period_start BETWEEN @start_date AND @end_date
    UNION DISTINCT
    SELECT period_start, country FROM active_users_7d_by_period WHERE period_start BETWEEN @start_date AND @end_date AND active_users_7d <> 0
  )
SELECT
  mart_keys.period_start AS business_date,
  mart_keys.country AS country,
  COALESCE(fct_sessions_by_period.revenue, 0) AS revenue,
  COALESCE(fct_sessions_by_period.session_count, 0) AS session_count,
  COALESCE(fct_sessions_by_period.active_users, 0) AS active_users,
  SAFE_DIVIDE(COALESCE(fct_sessions_by_period.revenue, 0), COALESCE(fct_sessions_by_period.active_users, 0)) AS revenue_per_user,
  COALESCE(active_users_7d_by_period.active_users_7d, 0) AS active_users_7d
FROM mart_keys
LEFT JOIN fct_sessions_by_period
  ON fct_sessions_by_period.period_start = mart_keys.period_start
  AND fct_sessions_by_period.country IS NOT DISTINCT FROM mart_keys.country
LEFT JOIN active_users_7d_by_period
  ON active_users_7d_by_period.period_start = mart_keys.period_start
  AND active_users_7d_by_period.country IS NOT DISTINCT FROM mart_keys.country;

COMMIT TRANSACTION;
