-- mart kpi_monthly
--   The KPIs per calendar month (business dates): sums over the month's days, active creators counted once per month, AOV from the month's GMV and orders.
-- Owner: analytics
-- This statement creates mart kpi_monthly if it does not exist.
CREATE TABLE IF NOT EXISTS `example-project.mart.kpi_monthly` (
  month_start DATE NOT NULL OPTIONS(description = 'First business date (Asia/Tokyo) of the month of the row.'),
  gmv NUMERIC OPTIONS(description = 'GMV (流通総額): Gross merchandise value: the sum of quantity × unit price over the order items of countable (paid or shipped) orders, in JPY, exact.'),
  orders INT64 OPTIONS(description = 'Orders (注文数): The number of distinct countable (paid or shipped) orders.'),
  aov NUMERIC OPTIONS(description = 'AOV (平均注文単価): Average order value: GMV divided by orders for the same period (NUMERIC division, 9 decimals); empty when there are no orders.'),
  active_creators INT64 OPTIONS(description = 'Active creators (アクティブクリエイター数): The number of distinct creators with at least one item in a countable order; each creator counts once per period.'),
  items_sold INT64 OPTIONS(description = 'Items sold (販売数): Units sold: the sum of quantity over the order items of countable orders.')
)
PARTITION BY month_start
OPTIONS(description = 'The KPIs per calendar month (business dates): sums over the month\'s days, active creators counted once per month, AOV from the month\'s GMV and orders. Owner: analytics.');
