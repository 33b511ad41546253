-- mart kpi_monthly
--   The KPIs per calendar month (business dates): sums over the month's days, active creators counted once per month, AOV from the month's GMV and orders.
-- Owner: analytics
-- This statement creates mart kpi_monthly if it does not exist.
CREATE TABLE IF NOT EXISTS mart.kpi_monthly (
  month_start DATE NOT NULL,
  gmv DECIMAL(38, 9),
  orders BIGINT,
  aov DECIMAL(38, 9),
  active_creators BIGINT,
  items_sold BIGINT
);

COMMENT ON TABLE mart.kpi_monthly IS 'The KPIs per calendar month (business dates): sums over the month''s days, active creators counted once per month, AOV from the month''s GMV and orders. Owner: analytics.';

COMMENT ON COLUMN mart.kpi_monthly.month_start IS 'First business date (Asia/Tokyo) of the month of the row.';

COMMENT ON COLUMN mart.kpi_monthly.gmv IS 'GMV (流通総額): Gross merchandise value: the sum of quantity × unit price over the order items of countable (paid or shipped) orders, in JPY, exact.';

COMMENT ON COLUMN mart.kpi_monthly.orders IS 'Orders (注文数): The number of distinct countable (paid or shipped) orders.';

COMMENT ON COLUMN mart.kpi_monthly.aov IS 'AOV (平均注文単価): Average order value: GMV divided by orders for the same period (NUMERIC division, 9 decimals); empty when there are no orders.';

COMMENT ON COLUMN mart.kpi_monthly.active_creators IS 'Active creators (アクティブクリエイター数): The number of distinct creators with at least one item in a countable order; each creator counts once per period.';

COMMENT ON COLUMN mart.kpi_monthly.items_sold IS 'Items sold (販売数): Units sold: the sum of quantity over the order items of countable orders.';
