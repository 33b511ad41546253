-- mart kpi_weekly
--   The KPIs per week (Monday to Sunday, business dates): sums over the week's days, active creators counted once per week, AOV from the week's GMV and orders.
-- Owner: analytics
-- This statement creates mart kpi_weekly if it does not exist.
CREATE TABLE IF NOT EXISTS mart.kpi_weekly (
  week_start DATE NOT NULL,
  gmv DECIMAL(38, 9),
  orders BIGINT,
  aov DECIMAL(38, 9),
  active_creators BIGINT,
  items_sold BIGINT
);

COMMENT ON TABLE mart.kpi_weekly IS 'The KPIs per week (Monday to Sunday, business dates): sums over the week''s days, active creators counted once per week, AOV from the week''s GMV and orders. Owner: analytics.';

COMMENT ON COLUMN mart.kpi_weekly.week_start IS 'First business date (Asia/Tokyo) of the week of the row.';

COMMENT ON COLUMN mart.kpi_weekly.gmv IS 'GMV (流通総額): Gross merchandise value: the sum of quantity × unit price over the order items of countable (paid or shipped) orders, in JPY, exact.';

COMMENT ON COLUMN mart.kpi_weekly.orders IS 'Orders (注文数): The number of distinct countable (paid or shipped) orders.';

COMMENT ON COLUMN mart.kpi_weekly.aov IS 'AOV (平均注文単価): Average order value: GMV divided by orders for the same period (NUMERIC division, 9 decimals); empty when there are no orders.';

COMMENT ON COLUMN mart.kpi_weekly.active_creators IS 'Active creators (アクティブクリエイター数): The number of distinct creators with at least one item in a countable order; each creator counts once per period.';

COMMENT ON COLUMN mart.kpi_weekly.items_sold IS 'Items sold (販売数): Units sold: the sum of quantity over the order items of countable orders.';
