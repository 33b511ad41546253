-- mart sessions_daily_by_country
--   Session KPIs per business date and country, only where there is data.
-- Owner: growth
-- This statement creates mart sessions_daily_by_country if it does not exist.
CREATE TABLE IF NOT EXISTS `acme-app-prod.kpi.sessions_daily_by_country` (
  business_date DATE NOT NULL OPTIONS(description = 'First business date (America/New_York) of the day of the row.'),
  country STRING OPTIONS(description = 'The user\'s country at sign-up.'),
  revenue NUMERIC OPTIONS(description = 'USD earned in sessions.'),
  session_count INT64 OPTIONS(description = 'Number of sessions.'),
  active_users INT64 OPTIONS(description = 'Distinct users with a session.'),
  revenue_per_user NUMERIC OPTIONS(description = 'Revenue divided by active users of the same period; empty without users.'),
  active_users_7d INT64 OPTIONS(description = 'Distinct users with a session on any of the 7 business dates ending on the date.')
)
PARTITION BY business_date
CLUSTER BY country
OPTIONS(description = 'Session KPIs per business date and country, only where there is data. Owner: growth.');
