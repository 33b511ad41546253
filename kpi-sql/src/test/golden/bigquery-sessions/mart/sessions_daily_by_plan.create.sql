-- mart sessions_daily_by_plan
--   Session KPIs per business date and plan; every plan seen in the window has a row on every date.
-- Owner: growth
-- This statement creates mart sessions_daily_by_plan if it does not exist.
CREATE TABLE IF NOT EXISTS `acme-app-prod.kpi.sessions_daily_by_plan` (
  business_date DATE NOT NULL OPTIONS(description = 'First business date (America/New_York) of the day of the row.'),
  plan STRING OPTIONS(description = 'The plan when the session started.'),
  session_count INT64 OPTIONS(description = 'Number of sessions.'),
  revenue NUMERIC OPTIONS(description = 'USD earned in sessions.'),
  avg_session_seconds FLOAT64 OPTIONS(description = 'The mean session length, in seconds; empty without sessions.'),
  longest_session_seconds INT64 OPTIONS(description = 'The longest session, in seconds; empty without sessions.'),
  revenue_7d NUMERIC OPTIONS(description = 'Revenue of the 7 business dates ending on the date.')
)
PARTITION BY business_date
CLUSTER BY plan
OPTIONS(description = 'Session KPIs per business date and plan; every plan seen in the window has a row on every date. Owner: growth.');
