-- lake table orders
--   Orders placed by buyers; the status can change after the order day.
-- Owner: data-platform
-- This statement creates lake table orders as the lake contract declares it.
CREATE TABLE IF NOT EXISTS `example-project.lake.orders` (
  order_id INT64 NOT NULL OPTIONS(description = 'Primary key.'),
  buyer_id INT64 OPTIONS(description = 'The buyer who placed the order.'),
  status STRING NOT NULL OPTIONS(description = 'paid, shipped, cancelled or refunded.'),
  ordered_at TIMESTAMP NOT NULL OPTIONS(description = 'When the order was placed (UTC).')
)
PARTITION BY DATE(ordered_at)
OPTIONS(description = 'Orders placed by buyers; the status can change after the order day. Owner: data-platform.');
