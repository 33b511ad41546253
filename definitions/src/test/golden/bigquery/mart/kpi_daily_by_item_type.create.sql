-- mart kpi_daily_by_item_type
--   Items sold and GMV per business date and item type; every item type has a row on every date, 0 when nothing of it sold.
-- Owner: analytics
-- This statement creates mart kpi_daily_by_item_type if it does not exist.
CREATE TABLE IF NOT EXISTS `example-project.mart.kpi_daily_by_item_type` (
  business_date DATE NOT NULL OPTIONS(description = 'First business date (Asia/Tokyo) of the day of the row.'),
  item_type STRING OPTIONS(description = 'Item type (アイテム): The kind of item the product is made on: t-shirt, tote-bag, mug, ...'),
  items_sold INT64 OPTIONS(description = 'Items sold (販売数): Units sold: the sum of quantity over the order items of countable orders.'),
  gmv NUMERIC OPTIONS(description = 'GMV (流通総額): Gross merchandise value: the sum of quantity × unit price over the order items of countable (paid or shipped) orders, in JPY, exact.')
)
PARTITION BY business_date
CLUSTER BY item_type
OPTIONS(description = 'Items sold and GMV per business date and item type; every item type has a row on every date, 0 when nothing of it sold. Owner: analytics.');
