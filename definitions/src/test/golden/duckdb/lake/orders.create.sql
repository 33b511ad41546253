-- lake table orders
--   Orders placed by buyers; the status can change after the order day.
-- Owner: data-platform
-- This statement creates lake table orders as the lake contract declares it.
CREATE TABLE IF NOT EXISTS lake.orders (
  order_id BIGINT NOT NULL,
  buyer_id BIGINT,
  status VARCHAR NOT NULL,
  ordered_at TIMESTAMP WITH TIME ZONE NOT NULL
);

COMMENT ON TABLE lake.orders IS 'Orders placed by buyers; the status can change after the order day. Owner: data-platform.';

COMMENT ON COLUMN lake.orders.order_id IS 'Primary key.';

COMMENT ON COLUMN lake.orders.buyer_id IS 'The buyer who placed the order.';

COMMENT ON COLUMN lake.orders.status IS 'paid, shipped, cancelled or refunded.';

COMMENT ON COLUMN lake.orders.ordered_at IS 'When the order was placed (UTC).';
