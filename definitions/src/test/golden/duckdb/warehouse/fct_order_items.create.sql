-- warehouse fact fct_order_items
--   Order items with their order's status and business date (Asia/Tokyo) and their product's creator and item; one row per order item, any status.
-- Owner: data-platform
-- This statement creates warehouse fact fct_order_items if it does not exist.
CREATE TABLE IF NOT EXISTS warehouse.fct_order_items (
  business_date DATE NOT NULL,
  order_item_id BIGINT,
  order_id BIGINT,
  buyer_id BIGINT,
  status VARCHAR,
  product_id BIGINT,
  creator_id BIGINT,
  item_id BIGINT,
  quantity BIGINT,
  unit_price DECIMAL(38, 9),
  line_amount DECIMAL(38, 9),
  ordered_at TIMESTAMP WITH TIME ZONE
);

COMMENT ON TABLE warehouse.fct_order_items IS 'Order items with their order''s status and business date (Asia/Tokyo) and their product''s creator and item; one row per order item, any status. Owner: data-platform.';

COMMENT ON COLUMN warehouse.fct_order_items.business_date IS 'The order''s business date: the date of ordered_at in Asia/Tokyo (JST).';

COMMENT ON COLUMN warehouse.fct_order_items.order_item_id IS 'The order item (order_items.order_item_id).';

COMMENT ON COLUMN warehouse.fct_order_items.order_id IS 'The order it belongs to.';

COMMENT ON COLUMN warehouse.fct_order_items.buyer_id IS 'The buyer who placed the order.';

COMMENT ON COLUMN warehouse.fct_order_items.status IS 'The order''s status as the lake shows it when the date is built.';

COMMENT ON COLUMN warehouse.fct_order_items.product_id IS 'The product sold.';

COMMENT ON COLUMN warehouse.fct_order_items.creator_id IS 'The creator whose image the product carries.';

COMMENT ON COLUMN warehouse.fct_order_items.item_id IS 'The item type the product is made on (dim_items.item_id).';

COMMENT ON COLUMN warehouse.fct_order_items.quantity IS 'Units sold.';

COMMENT ON COLUMN warehouse.fct_order_items.unit_price IS 'JPY charged per unit at order time.';

COMMENT ON COLUMN warehouse.fct_order_items.line_amount IS 'quantity × unit_price in JPY, exact (NUMERIC).';

COMMENT ON COLUMN warehouse.fct_order_items.ordered_at IS 'When the order was placed (UTC).';
