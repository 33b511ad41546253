-- mart kpi_monthly
--   The KPIs per calendar month (business dates): sums over the month's days, active creators counted once per month, AOV from the month's GMV and orders.
-- Owner: analytics
-- This statement replaces the months containing @start_date to @end_date of mart kpi_monthly.
BEGIN TRANSACTION;

DELETE FROM `example-project.mart.kpi_monthly`
WHERE month_start BETWEEN DATE_TRUNC(@start_date, MONTH) AND DATE_TRUNC(@end_date, MONTH);

INSERT INTO `example-project.mart.kpi_monthly` (month_start, gmv, orders, aov, active_creators, items_sold)
WITH
  -- every month of the window, so each gets a row even without data
  periods AS (
    SELECT period_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(@start_date, MONTH), DATE_TRUNC(@end_date, MONTH), INTERVAL 1 MONTH)) AS period_start
  ),
  -- gmv, orders, active_creators, items_sold from fct_order_items, per month
  fct_order_items_by_period AS (
    SELECT
      DATE_TRUNC(fct_order_items.business_date, MONTH) AS period_start,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.line_amount END) AS gmv,
      COUNT(DISTINCT CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.order_id END) AS orders,
      COUNT(DISTINCT CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.creator_id END) AS active_creators,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.quantity END) AS items_sold
    FROM `example-project.warehouse.fct_order_items` AS fct_order_items
    WHERE fct_order_items.business_date BETWEEN DATE_TRUNC(@start_date, MONTH) AND LAST_DAY(DATE_TRUNC(@end_date, MONTH), MONTH)
    GROUP BY 1
  )
SELECT
  periods.period_start AS month_start,
  COALESCE(fct_order_items_by_period.gmv, 0) AS gmv,
  COALESCE(fct_order_items_by_period.orders, 0) AS orders,
  SAFE_DIVIDE(COALESCE(fct_order_items_by_period.gmv, 0), COALESCE(fct_order_items_by_period.orders, 0)) AS aov,
  COALESCE(fct_order_items_by_period.active_creators, 0) AS active_creators,
  COALESCE(fct_order_items_by_period.items_sold, 0) AS items_sold
FROM periods
LEFT JOIN fct_order_items_by_period
  ON fct_order_items_by_period.period_start = periods.period_start;

COMMIT TRANSACTION;
