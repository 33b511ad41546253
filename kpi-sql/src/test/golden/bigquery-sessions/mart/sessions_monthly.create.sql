-- mart sessions_monthly
--   Session KPIs per calendar month.
-- Owner: growth
-- This statement creates mart sessions_monthly if it does not exist.
CREATE TABLE IF NOT EXISTS `acme-app-prod.kpi.sessions_monthly` (
  month_start DATE NOT NULL OPTIONS(description = 'First business date (America/New_York) of the month of the row.'),
  revenue NUMERIC OPTIONS(description = 'USD earned in sessions.'),
  paid_revenue NUMERIC OPTIONS(description = 'USD earned in sessions of paying plans.'),
  session_count INT64 OPTIONS(description = 'Number of sessions.'),
  active_users INT64 OPTIONS(description = 'Distinct users with a session.'),
  sessions_per_user FLOAT64 OPTIONS(description = 'Sessions divided by active users (INT64 / INT64 is FLOAT64).'),
  total_session_seconds FLOAT64 OPTIONS(description = 'Time spent in sessions: the mean session length times the number of sessions.'),
  sessions_per_active_user FLOAT64 OPTIONS(description = 'Sessions divided by active users, written as a derived metric (INT64 / INT64 is FLOAT64).')
)
PARTITION BY month_start
OPTIONS(description = 'Session KPIs per calendar month. Owner: growth.');
