-- mart kpi_daily
--   The headline KPIs per business date (Asia/Tokyo); dates without orders have 0 and an empty AOV.
-- Owner: analytics
-- This statement creates mart kpi_daily if it does not exist.
CREATE TABLE IF NOT EXISTS mart.kpi_daily (
  business_date DATE NOT NULL,
  gmv DECIMAL(38, 9),
  orders BIGINT,
  aov DECIMAL(38, 9),
  active_creators BIGINT,
  active_creators_28d BIGINT,
  items_sold BIGINT
);

COMMENT ON TABLE mart.kpi_daily IS 'The headline KPIs per business date (Asia/Tokyo); dates without orders have 0 and an empty AOV. Owner: analytics.';

COMMENT ON COLUMN mart.kpi_daily.business_date IS 'First business date (Asia/Tokyo) of the day of the row.';

COMMENT ON COLUMN mart.kpi_daily.gmv IS 'GMV (流通総額): Gross merchandise value: the sum of quantity × unit price over the order items of countable (paid or shipped) orders, in JPY, exact.';

COMMENT ON COLUMN mart.kpi_daily.orders IS 'Orders (注文数): The number of distinct countable (paid or shipped) orders.';

COMMENT ON COLUMN mart.kpi_daily.aov IS 'AOV (平均注文単価): Average order value: GMV divided by orders for the same period (NUMERIC division, 9 decimals); empty when there are no orders.';

COMMENT ON COLUMN mart.kpi_daily.active_creators IS 'Active creators (アクティブクリエイター数): The number of distinct creators with at least one item in a countable order; each creator counts once per period.';

COMMENT ON COLUMN mart.kpi_daily.active_creators_28d IS 'Active creators, 28 days: Distinct creators with an item in a countable order on any business date of the 28 days ending on the date (d-27 to d).';

COMMENT ON COLUMN mart.kpi_daily.items_sold IS 'Items sold (販売数): Units sold: the sum of quantity over the order items of countable orders.';
