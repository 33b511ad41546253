-- lake table creators
--   Creators: people who upload images that products are made from.
-- Owner: data-platform
-- This statement creates lake table creators as the lake contract declares it.
CREATE TABLE IF NOT EXISTS `example-project.lake.creators` (
  creator_id INT64 NOT NULL OPTIONS(description = 'Primary key.'),
  name STRING OPTIONS(description = 'Display name.'),
  created_at TIMESTAMP OPTIONS(description = 'When the creator signed up (UTC).')
)
PARTITION BY DATE(created_at)
OPTIONS(description = 'Creators: people who upload images that products are made from. Owner: data-platform.');
