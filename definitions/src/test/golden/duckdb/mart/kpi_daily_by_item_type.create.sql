-- mart kpi_daily_by_item_type
--   Items sold and GMV per business date and item type; every item type has a row on every date, 0 when nothing of it sold.
-- Owner: analytics
-- This statement creates mart kpi_daily_by_item_type if it does not exist.
CREATE TABLE IF NOT EXISTS mart.kpi_daily_by_item_type (
  business_date DATE NOT NULL,
  item_type VARCHAR,
  items_sold BIGINT,
  gmv DECIMAL(38, 9)
);

COMMENT ON TABLE mart.kpi_daily_by_item_type IS 'Items sold and GMV per business date and item type; every item type has a row on every date, 0 when nothing of it sold. Owner: analytics.';

COMMENT ON COLUMN mart.kpi_daily_by_item_type.business_date IS 'First business date (Asia/Tokyo) of the day of the row.';

COMMENT ON COLUMN mart.kpi_daily_by_item_type.item_type IS 'Item type (アイテム): The kind of item the product is made on: t-shirt, tote-bag, mug, ...';

COMMENT ON COLUMN mart.kpi_daily_by_item_type.items_sold IS 'Items sold (販売数): Units sold: the sum of quantity over the order items of countable orders.';

COMMENT ON COLUMN mart.kpi_daily_by_item_type.gmv IS 'GMV (流通総額): Gross merchandise value: the sum of quantity × unit price over the order items of countable (paid or shipped) orders, in JPY, exact.';
