-- lake table products
--   Products: a creator's image on an item type, at base price plus the creator's margin.
-- Owner: data-platform
-- This statement creates lake table products as the lake contract declares it.
CREATE TABLE IF NOT EXISTS `example-project.lake.products` (
  product_id INT64 NOT NULL OPTIONS(description = 'Primary key.'),
  creator_id INT64 NOT NULL OPTIONS(description = 'The creator whose image the product carries (creators.creator_id).'),
  item_id INT64 NOT NULL OPTIONS(description = 'The item type it is made on (items.item_id).'),
  price NUMERIC OPTIONS(description = 'Current list price in JPY.'),
  created_at TIMESTAMP OPTIONS(description = 'When the product was created (UTC).')
)
PARTITION BY DATE(created_at)
OPTIONS(description = 'Products: a creator\'s image on an item type, at base price plus the creator\'s margin. Owner: data-platform.');
