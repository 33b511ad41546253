-- mart kpi_weekly
--   The KPIs per week (Monday to Sunday, business dates): sums over the week's days, active creators counted once per week, AOV from the week's GMV and orders.
-- Owner: analytics
-- This statement creates mart kpi_weekly if it does not exist.
CREATE TABLE IF NOT EXISTS `example-project.mart.kpi_weekly` (
  week_start DATE NOT NULL OPTIONS(description = 'First business date (Asia/Tokyo) of the week of the row.'),
  gmv NUMERIC OPTIONS(description = 'GMV (流通総額): Gross merchandise value: the sum of quantity × unit price over the order items of countable (paid or shipped) orders, in JPY, exact.'),
  orders INT64 OPTIONS(description = 'Orders (注文数): The number of distinct countable (paid or shipped) orders.'),
  aov NUMERIC OPTIONS(description = 'AOV (平均注文単価): Average order value: GMV divided by orders for the same period (NUMERIC division, 9 decimals); empty when there are no orders.'),
  active_creators INT64 OPTIONS(description = 'Active creators (アクティブクリエイター数): The number of distinct creators with at least one item in a countable order; each creator counts once per period.'),
  items_sold INT64 OPTIONS(description = 'Items sold (販売数): Units sold: the sum of quantity over the order items of countable orders.')
)
PARTITION BY week_start
OPTIONS(description = 'The KPIs per week (Monday to Sunday, business dates): sums over the week\'s days, active creators counted once per week, AOV from the week\'s GMV and orders. Owner: analytics.');
