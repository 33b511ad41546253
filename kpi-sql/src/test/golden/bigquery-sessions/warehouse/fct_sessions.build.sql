-- warehouse fact fct_sessions
--   Sessions of real users with their business date (America/New_York); one row per session.
-- Owner: growth
-- This statement replaces the business dates @start_date to @end_date of fact fct_sessions.
BEGIN TRANSACTION;

DELETE FROM `acme-app-prod.dwh.fct_sessions`
WHERE business_date BETWEEN @start_date AND @end_date;

INSERT INTO `acme-app-prod.dwh.fct_sessions` (business_date, session_id, user_id, plan, duration_seconds, revenue, started_at)
SELECT
  DATE(sessions.started_at, 'America/New_York') AS business_date,
  sessions.session_id AS session_id,
  sessions.user_id AS user_id,
  sessions.plan AS plan,
  sessions.duration_seconds AS duration_seconds,
  sessions.revenue AS revenue,
  sessions.started_at AS started_at
FROM `acme-app-prod.raw_events.sessions` AS sessions
WHERE sessions.started_at >= TIMESTAMP(@start_date, 'America/New_York')
  AND sessions.started_at < TIMESTAMP(DATE_ADD(@end_date, INTERVAL 1 DAY), 'America/New_York')
  AND sessions.duration_seconds >= 0
  AND NOT (sessions.user_id IS NULL);

COMMIT TRANSACTION;
