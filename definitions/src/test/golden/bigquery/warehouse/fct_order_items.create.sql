-- warehouse fact fct_order_items
--   Order items with their order's status and business date (Asia/Tokyo) and their product's creator and item; one row per order item, any status.
-- Owner: data-platform
-- This statement creates warehouse fact fct_order_items if it does not exist.
CREATE TABLE IF NOT EXISTS `example-project.warehouse.fct_order_items` (
  business_date DATE NOT NULL OPTIONS(description = 'The order\'s business date: the date of ordered_at in Asia/Tokyo (JST).'),
  order_item_id INT64 OPTIONS(description = 'The order item (order_items.order_item_id).'),
  order_id INT64 OPTIONS(description = 'The order it belongs to.'),
  buyer_id INT64 OPTIONS(description = 'The buyer who placed the order.'),
  status STRING OPTIONS(description = 'The order\'s status as the lake shows it when the date is built.'),
  product_id INT64 OPTIONS(description = 'The product sold.'),
  creator_id INT64 OPTIONS(description = 'The creator whose image the product carries.'),
  item_id INT64 OPTIONS(description = 'The item type the product is made on (dim_items.item_id).'),
  quantity INT64 OPTIONS(description = 'Units sold.'),
  unit_price NUMERIC OPTIONS(description = 'JPY charged per unit at order time.'),
  line_amount NUMERIC OPTIONS(description = 'quantity × unit_price in JPY, exact (NUMERIC).'),
  ordered_at TIMESTAMP OPTIONS(description = 'When the order was placed (UTC).')
)
PARTITION BY business_date
CLUSTER BY status, item_id
OPTIONS(require_partition_filter = TRUE, description = 'Order items with their order\'s status and business date (Asia/Tokyo) and their product\'s creator and item; one row per order item, any status. Owner: data-platform.');
