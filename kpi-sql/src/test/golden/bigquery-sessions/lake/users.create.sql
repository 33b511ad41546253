-- lake table users
--   Users of the app, one row per user.
-- Owner: growth
-- This statement creates lake table users as the lake contract declares it.
CREATE TABLE IF NOT EXISTS `acme-app-prod.raw_events.users` (
  user_id INT64 NOT NULL OPTIONS(description = 'Primary key.'),
  country STRING OPTIONS(description = 'ISO country code at sign-up.'),
  signup_date DATE OPTIONS(description = 'The date the user signed up.')
)
PARTITION BY signup_date
OPTIONS(description = 'Users of the app, one row per user. Owner: growth.');
