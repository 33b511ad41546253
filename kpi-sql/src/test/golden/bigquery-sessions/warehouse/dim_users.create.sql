-- warehouse dimension dim_users
--   Users with their country, one row per user.
-- Owner: growth
-- This statement creates warehouse dimension dim_users if it does not exist.
CREATE TABLE IF NOT EXISTS `acme-app-prod.dwh.dim_users` (
  user_id INT64 OPTIONS(description = 'The user (users.user_id).'),
  country STRING OPTIONS(description = 'ISO country code at sign-up.'),
  signup_date DATE OPTIONS(description = 'The date the user signed up.')
)
OPTIONS(description = 'Users with their country, one row per user. Owner: growth.');
