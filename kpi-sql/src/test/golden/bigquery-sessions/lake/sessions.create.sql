-- lake table sessions
--   App sessions as the event pipeline writes them, one row per session.
-- Owner: growth
-- This statement creates lake table sessions as the lake contract declares it.
CREATE TABLE IF NOT EXISTS `acme-app-prod.raw_events.sessions` (
  session_id INT64 NOT NULL OPTIONS(description = 'Primary key.'),
  user_id INT64 OPTIONS(description = 'The signed-in user (users.user_id).'),
  plan STRING OPTIONS(description = 'The user\'s plan when the session started: free, pro, ...'),
  started_at TIMESTAMP OPTIONS(description = 'When the session started (UTC).'),
  duration_seconds INT64 OPTIONS(description = 'How long the session lasted.'),
  revenue NUMERIC OPTIONS(description = 'USD earned in the session (in-app purchases).')
)
PARTITION BY DATE(started_at)
OPTIONS(description = 'App sessions as the event pipeline writes them, one row per session. Owner: growth.');
