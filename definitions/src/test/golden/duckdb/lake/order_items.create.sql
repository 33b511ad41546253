-- lake table order_items
--   The lines of an order: a product, a quantity and the unit price charged.
-- Owner: data-platform
-- This statement creates lake table order_items as the lake contract declares it.
CREATE TABLE IF NOT EXISTS lake.order_items (
  order_item_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity BIGINT NOT NULL,
  unit_price DECIMAL(38, 9) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

COMMENT ON TABLE lake.order_items IS 'The lines of an order: a product, a quantity and the unit price charged. Owner: data-platform.';

COMMENT ON COLUMN lake.order_items.order_item_id IS 'Primary key.';

COMMENT ON COLUMN lake.order_items.order_id IS 'The order (orders.order_id).';

COMMENT ON COLUMN lake.order_items.product_id IS 'The product sold (products.product_id).';

COMMENT ON COLUMN lake.order_items.quantity IS 'Units sold, at least 1.';

COMMENT ON COLUMN lake.order_items.unit_price IS 'JPY actually charged per unit at order time.';

COMMENT ON COLUMN lake.order_items.created_at IS 'Written with the order: the same instant as orders.ordered_at (UTC).';
