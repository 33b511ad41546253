-- mart sessions_weekly
--   Session KPIs per week (Monday to Sunday).
-- Owner: growth
-- This statement creates mart sessions_weekly if it does not exist.
CREATE TABLE IF NOT EXISTS `acme-app-prod.kpi.sessions_weekly` (
  week_start DATE NOT NULL OPTIONS(description = 'First business date (America/New_York) of the week of the row.'),
  revenue NUMERIC OPTIONS(description = 'USD earned in sessions.'),
  free_revenue NUMERIC OPTIONS(description = 'Revenue of sessions not on a paying plan: revenue minus paid revenue.'),
  session_count INT64 OPTIONS(description = 'Number of sessions.'),
  active_users INT64 OPTIONS(description = 'Distinct users with a session.'),
  shortest_session_seconds INT64 OPTIONS(description = 'The shortest session, in seconds; empty without sessions.'),
  longest_session_seconds INT64 OPTIONS(description = 'The longest session, in seconds; empty without sessions.'),
  avg_session_seconds FLOAT64 OPTIONS(description = 'The mean session length, in seconds; empty without sessions.'),
  revenue_per_user NUMERIC OPTIONS(description = 'Revenue divided by active users of the same period; empty without users.')
)
PARTITION BY week_start
OPTIONS(description = 'Session KPIs per week (Monday to Sunday). Owner: growth.');
