-- warehouse dimension dim_items
--   Item types products are made on, one row per item, with the base price.
-- Owner: data-platform
-- This statement creates warehouse dimension dim_items if it does not exist.
CREATE TABLE IF NOT EXISTS `example-project.warehouse.dim_items` (
  item_id INT64 OPTIONS(description = 'The item (items.item_id).'),
  item_type STRING OPTIONS(description = 'The kind of item: t-shirt, tote-bag, mug, ...'),
  base_price NUMERIC OPTIONS(description = 'Price in JPY before the creator\'s margin.')
)
OPTIONS(description = 'Item types products are made on, one row per item, with the base price. Owner: data-platform.');
