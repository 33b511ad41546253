-- warehouse dimension dim_users
--   Users with their country, one row per user.
-- Owner: growth
-- This statement replaces every row of dimension dim_users.
BEGIN TRANSACTION;

DELETE FROM `acme-app-prod.dwh.dim_users`
WHERE TRUE;

INSERT INTO `acme-app-prod.dwh.dim_users` (user_id, country, signup_date)
SELECT
  users.user_id AS user_id,
  users.country AS country,
  users.signup_date AS signup_date
FROM `acme-app-prod.raw_events.users` AS users;

COMMIT TRANSACTION;
