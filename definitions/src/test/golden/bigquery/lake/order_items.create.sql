-- lake table order_items
--   The lines of an order: a product, a quantity and the unit price charged.
-- Owner: data-platform
-- This statement creates lake table order_items as the lake contract declares it.
CREATE TABLE IF NOT EXISTS `example-project.lake.order_items` (
  order_item_id INT64 NOT NULL OPTIONS(description = 'Primary key.'),
  order_id INT64 NOT NULL OPTIONS(description = 'The order (orders.order_id).'),
  product_id INT64 NOT NULL OPTIONS(description = 'The product sold (products.product_id).'),
  quantity INT64 NOT NULL OPTIONS(description = 'Units sold, at least 1.'),
  unit_price NUMERIC NOT NULL OPTIONS(description = 'JPY actually charged per unit at order time.'),
  created_at TIMESTAMP NOT NULL OPTIONS(description = 'Written with the order: the same instant as orders.ordered_at (UTC).')
)
PARTITION BY DATE(created_at)
OPTIONS(description = 'The lines of an order: a product, a quantity and the unit price charged. Owner: data-platform.');
