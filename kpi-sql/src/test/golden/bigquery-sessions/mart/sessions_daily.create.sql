-- mart sessions_daily
--   Every session KPI per business date (America/New_York).
-- Owner: growth
-- This statement creates mart sessions_daily if it does not exist.
CREATE TABLE IF NOT EXISTS `acme-app-prod.kpi.sessions_daily` (
  business_date DATE NOT NULL OPTIONS(description = 'First business date (America/New_York) of the day of the row.'),
  revenue NUMERIC OPTIONS(description = 'USD earned in sessions.'),
  paid_revenue NUMERIC OPTIONS(description = 'USD earned in sessions of paying plans.'),
  free_revenue NUMERIC OPTIONS(description = 'Revenue of sessions not on a paying plan: revenue minus paid revenue.'),
  session_count INT64 OPTIONS(description = 'Number of sessions.'),
  active_users INT64 OPTIONS(description = 'Distinct users with a session.'),
  shortest_session_seconds INT64 OPTIONS(description = 'The shortest session, in seconds; empty without sessions.'),
  longest_session_seconds INT64 OPTIONS(description = 'The longest session, in seconds; empty without sessions.'),
  avg_session_seconds FLOAT64 OPTIONS(description = 'The mean session length, in seconds; empty without sessions.'),
  total_session_seconds FLOAT64 OPTIONS(description = 'Time spent in sessions: the mean session length times the number of sessions.'),
  revenue_per_user NUMERIC OPTIONS(description = 'Revenue divided by active users of the same period; empty without users.'),
  sessions_per_user FLOAT64 OPTIONS(description = 'Sessions divided by active users (INT64 / INT64 is FLOAT64).'),
  active_users_7d INT64 OPTIONS(description = 'Distinct users with a session on any of the 7 business dates ending on the date.'),
  revenue_7d NUMERIC OPTIONS(description = 'Revenue of the 7 business dates ending on the date.')
)
PARTITION BY business_date
OPTIONS(description = 'Every session KPI per business date (America/New_York). Owner: growth.');
