-- lake table products
--   Products: a creator's image on an item type, at base price plus the creator's margin.
-- Owner: data-platform
-- This statement creates lake table products as the lake contract declares it.
CREATE TABLE IF NOT EXISTS lake.products (
  product_id BIGINT NOT NULL,
  creator_id BIGINT NOT NULL,
  item_id BIGINT NOT NULL,
  price DECIMAL(38, 9),
  created_at TIMESTAMP WITH TIME ZONE
);

COMMENT ON TABLE lake.products IS 'Products: a creator''s image on an item type, at base price plus the creator''s margin. Owner: data-platform.';

COMMENT ON COLUMN lake.products.product_id IS 'Primary key.';

COMMENT ON COLUMN lake.products.creator_id IS 'The creator whose image the product carries (creators.creator_id).';

COMMENT ON COLUMN lake.products.item_id IS 'The item type it is made on (items.item_id).';

COMMENT ON COLUMN lake.products.price IS 'Current list price in JPY.';

COMMENT ON COLUMN lake.products.created_at IS 'When the product was created (UTC).';
