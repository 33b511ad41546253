-- warehouse fact fct_sessions
--   Sessions of real users with their business date (America/New_York); one row per session.
-- Owner: growth
-- This statement creates warehouse fact fct_sessions if it does not exist.
CREATE TABLE IF NOT EXISTS `acme-app-prod.dwh.fct_sessions` (
  business_date DATE NOT NULL OPTIONS(description = 'The session\'s business date: the date of started_at in America/New_York.'),
  session_id INT64 OPTIONS(description = 'The session.'),
  user_id INT64 OPTIONS(description = 'The user (dim_users.user_id).'),
  plan STRING OPTIONS(description = 'The plan when the session started.'),
  duration_seconds INT64 OPTIONS(description = 'How long the session lasted.'),
  revenue NUMERIC OPTIONS(description = 'USD earned in the session.'),
  started_at TIMESTAMP OPTIONS(description = 'When the session started (UTC).')
)
PARTITION BY business_date
CLUSTER BY plan, user_id
OPTIONS(require_partition_filter = TRUE, description = 'Sessions of real users with their business date (America/New_York); one row per session. Owner: growth.');
