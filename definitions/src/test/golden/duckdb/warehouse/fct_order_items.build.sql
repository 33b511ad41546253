-- warehouse fact fct_order_items
--   Order items with their order's status and business date (Asia/Tokyo) and their product's creator and item; one row per order item, any status.
-- Owner: data-platform
-- This statement replaces the business dates @start_date to @end_date of fact fct_order_items.
DELETE FROM warehouse.fct_order_items
WHERE business_date BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE);

INSERT INTO warehouse.fct_order_items (business_date, order_item_id, order_id, buyer_id, status, product_id, creator_id, item_id, quantity, unit_price, line_amount, ordered_at)
SELECT
  CASE WHEN orders.ordered_at >= TIMESTAMPTZ '1970-01-02 00:00:00+00:00' THEN DATE '1970-01-01' + CAST((epoch_us(orders.ordered_at) + 32400000000) // 86400000000 AS INTEGER) ELSE CAST(timezone('Asia/Tokyo', orders.ordered_at) AS DATE) END AS business_date,
  order_items.order_item_id AS order_item_id,
  order_items.order_id AS order_id,
  orders.buyer_id AS buyer_id,
  orders.status AS status,
  order_items.product_id AS product_id,
  products.creator_id AS creator_id,
  products.item_id AS item_id,
  order_items.quantity AS quantity,
  order_items.unit_price AS unit_price,
  order_items.quantity * order_items.unit_price AS line_amount,
  orders.ordered_at AS ordered_at
FROM lake.order_items AS order_items
INNER JOIN lake.orders AS orders
  ON order_items.order_id = orders.order_id
LEFT JOIN lake.products AS products
  ON order_items.product_id = products.product_id
WHERE orders.ordered_at >= timezone('Asia/Tokyo', CAST(CAST($1 AS DATE) AS TIMESTAMP))
  AND orders.ordered_at < timezone('Asia/Tokyo', CAST((CAST($2 AS DATE) + 1) AS TIMESTAMP))
  AND order_items.created_at >= timezone('Asia/Tokyo', CAST(CAST($1 AS DATE) AS TIMESTAMP))
  AND order_items.created_at < timezone('Asia/Tokyo', CAST((CAST($2 AS DATE) + 1) AS TIMESTAMP));
