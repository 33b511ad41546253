-- lake table creators
--   Creators: people who upload images that products are made from.
-- Owner: data-platform
-- This statement creates lake table creators as the lake contract declares it.
CREATE TABLE IF NOT EXISTS lake.creators (
  creator_id BIGINT NOT NULL,
  name VARCHAR,
  created_at TIMESTAMP WITH TIME ZONE
);

COMMENT ON TABLE lake.creators IS 'Creators: people who upload images that products are made from. Owner: data-platform.';

COMMENT ON COLUMN lake.creators.creator_id IS 'Primary key.';

COMMENT ON COLUMN lake.creators.name IS 'Display name.';

COMMENT ON COLUMN lake.creators.created_at IS 'When the creator signed up (UTC).';
