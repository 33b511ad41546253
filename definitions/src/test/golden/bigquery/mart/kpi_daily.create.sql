-- mart kpi_daily
--   The headline KPIs per business date (Asia/Tokyo); dates without orders have 0 and an empty AOV.
-- Owner: analytics
-- This statement creates mart kpi_daily if it does not exist.
CREATE TABLE IF NOT EXISTS `example-project.mart.kpi_daily` (
  business_date DATE NOT NULL OPTIONS(description = 'First business date (Asia/Tokyo) of the day of the row.'),
  gmv NUMERIC OPTIONS(description = 'GMV (流通総額): Gross merchandise value: the sum of quantity × unit price over the order items of countable (paid or shipped) orders, in JPY, exact.'),
  orders INT64 OPTIONS(description = 'Orders (注文数): The number of distinct countable (paid or shipped) orders.'),
  aov NUMERIC OPTIONS(description = 'AOV (平均注文単価): Average order value: GMV divided by orders for the same period (NUMERIC division, 9 decimals); empty when there are no orders.'),
  active_creators INT64 OPTIONS(description = 'Active creators (アクティブクリエイター数): The number of distinct creators with at least one item in a countable order; each creator counts once per period.'),
  active_creators_28d INT64 OPTIONS(description = 'Active creators, 28 days: Distinct creators with an item in a countable order on any business date of the 28 days ending on the date (d-27 to d).'),
  items_sold INT64 OPTIONS(description = 'Items sold (販売数): Units sold: the sum of quantity over the order items of countable orders.')
)
PARTITION BY business_date
OPTIONS(description = 'The headline KPIs per business date (Asia/Tokyo); dates without orders have 0 and an empty AOV. Owner: analytics.');
