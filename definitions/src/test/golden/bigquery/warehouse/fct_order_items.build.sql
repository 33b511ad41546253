-- warehouse fact fct_order_items
--   Order items with their order's status and business date (Asia/Tokyo) and their product's creator and item; one row per order item, any status.
-- Owner: data-platform
-- This statement replaces the business dates @start_date to @end_date of fact fct_order_items.
BEGIN TRANSACTION;

DELETE FROM `example-project.warehouse.fct_order_items`
WHERE business_date BETWEEN @start_date AND @end_date;

INSERT INTO `example-project.warehouse.fct_order_items` (business_date, order_item_id, order_id, buyer_id, status, product_id, creator_id, item_id, quantity, unit_price, line_amount, ordered_at)
SELECT
  DATE(orders.ordered_at, 'Asia/Tokyo') AS business_date,
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
FROM `example-project.lake.order_items` AS order_items
INNER JOIN `example-project.lake.orders` AS orders
  ON order_items.order_id = orders.order_id
LEFT JOIN `example-project.lake.products` AS products
  ON order_items.product_id = products.product_id
WHERE orders.ordered_at >= TIMESTAMP(@start_date, 'Asia/Tokyo')
  AND orders.ordered_at < TIMESTAMP(DATE_ADD(@end_date, INTERVAL 1 DAY), 'Asia/Tokyo')
  AND order_items.created_at >= TIMESTAMP(@start_date, 'Asia/Tokyo')
  AND order_items.created_at < TIMESTAMP(DATE_ADD(@end_date, INTERVAL 1 DAY), 'Asia/Tokyo');

COMMIT TRANSACTION;
