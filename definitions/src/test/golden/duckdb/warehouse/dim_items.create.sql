-- warehouse dimension dim_items
--   Item types products are made on, one row per item, with the base price.
-- Owner: data-platform
-- This statement creates warehouse dimension dim_items if it does not exist.
CREATE TABLE IF NOT EXISTS warehouse.dim_items (
  item_id BIGINT,
  item_type VARCHAR,
  base_price DECIMAL(38, 9)
);

COMMENT ON TABLE warehouse.dim_items IS 'Item types products are made on, one row per item, with the base price. Owner: data-platform.';

COMMENT ON COLUMN warehouse.dim_items.item_id IS 'The item (items.item_id).';

COMMENT ON COLUMN warehouse.dim_items.item_type IS 'The kind of item: t-shirt, tote-bag, mug, ...';

COMMENT ON COLUMN warehouse.dim_items.base_price IS 'Price in JPY before the creator''s margin.';
