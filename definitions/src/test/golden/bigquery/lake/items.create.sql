-- lake table items
--   Item types products are made on (t-shirt, tote bag, mug, ...), with their base price.
-- Owner: data-platform
-- This statement creates lake table items as the lake contract declares it.
CREATE TABLE IF NOT EXISTS `example-project.lake.items` (
  item_id INT64 NOT NULL OPTIONS(description = 'Primary key.'),
  item_type STRING NOT NULL OPTIONS(description = 'The kind of item, e.g. t-shirt, tote-bag, mug.'),
  base_price NUMERIC OPTIONS(description = 'Price in JPY before the creator\'s margin.')
)
OPTIONS(description = 'Item types products are made on (t-shirt, tote bag, mug, ...), with their base price. Owner: data-platform.');
