-- lake table items
--   Item types products are made on (t-shirt, tote bag, mug, ...), with their base price.
-- Owner: data-platform
-- This statement creates lake table items as the lake contract declares it.
CREATE TABLE IF NOT EXISTS lake.items (
  item_id BIGINT NOT NULL,
  item_type VARCHAR NOT NULL,
  base_price DECIMAL(38, 9)
);

COMMENT ON TABLE lake.items IS 'Item types products are made on (t-shirt, tote bag, mug, ...), with their base price. Owner: data-platform.';

COMMENT ON COLUMN lake.items.item_id IS 'Primary key.';

COMMENT ON COLUMN lake.items.item_type IS 'The kind of item, e.g. t-shirt, tote-bag, mug.';

COMMENT ON COLUMN lake.items.base_price IS 'Price in JPY before the creator''s margin.';
