-- mart kpi_monthly
--   The KPIs per calendar month (business dates): sums over the month's days, active creators counted once per month, AOV from the month's GMV and orders.
-- Owner: analytics
-- This statement replaces the months containing @start_date to @end_date of mart kpi_monthly.
DELETE FROM mart.kpi_monthly
WHERE month_start BETWEEN date_trunc('month', CAST($1 AS DATE)) AND date_trunc('month', CAST($2 AS DATE));

INSERT INTO mart.kpi_monthly (month_start, gmv, orders, aov, active_creators, items_sold)
WITH
  -- every month of the window, so each gets a row even without data
  periods AS (
    SELECT CAST(series.period_start AS DATE) AS period_start FROM generate_series(CAST(date_trunc('month', CAST($1 AS DATE)) AS TIMESTAMP), CAST(date_trunc('month', CAST($2 AS DATE)) AS TIMESTAMP), INTERVAL 1 MONTH) AS series(period_start)
  ),
  -- gmv, orders, active_creators, items_sold from fct_order_items, per month
  fct_order_items_by_period AS (
    SELECT
      date_trunc('month', fct_order_items.business_date) AS period_start,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.line_amount END) AS gmv,
      COUNT(DISTINCT CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.order_id END) AS orders,
      COUNT(DISTINCT CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.creator_id END) AS active_creators,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.quantity END) AS items_sold
    FROM warehouse.fct_order_items AS fct_order_items
    WHERE fct_order_items.business_date BETWEEN date_trunc('month', CAST($1 AS DATE)) AND last_day(date_trunc('month', CAST($2 AS DATE)))
    GROUP BY 1
  )
SELECT
  periods.period_start AS month_start,
  CAST(COALESCE(fct_order_items_by_period.gmv, 0) AS DECIMAL(38, 9)) AS gmv,
  CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS orders,
  CAST(CASE WHEN CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) = 0 THEN NULL ELSE CAST(sign(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.gmv, 0) AS DECIMAL(38, 9)) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT) * 1000000000) * sign(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT)) * (abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.gmv, 0) AS DECIMAL(38, 9)) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT) * 1000000000) // abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT)) + CASE WHEN 2 * (abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.gmv, 0) AS DECIMAL(38, 9)) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT) * 1000000000) % abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT))) >= abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT)) THEN 1 ELSE 0 END) AS DECIMAL(38, 0)) * CAST(0.000000001 AS DECIMAL(10, 9)) END AS DECIMAL(38, 9)) AS aov,
  CAST(COALESCE(fct_order_items_by_period.active_creators, 0) AS BIGINT) AS active_creators,
  CAST(COALESCE(fct_order_items_by_period.items_sold, 0) AS BIGINT) AS items_sold
FROM periods
LEFT JOIN fct_order_items_by_period
  ON fct_order_items_by_period.period_start = periods.period_start;
