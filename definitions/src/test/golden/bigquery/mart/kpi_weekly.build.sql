-- mart kpi_weekly
--   The KPIs per week (Monday to Sunday, business dates): sums over the week's days, active creators counted once per week, AOV from the week's GMV and orders.
-- Owner: analytics
-- This statement replaces the weeks (Monday to Sunday) containing @start_date to @end_date of mart kpi_weekly.
BEGIN TRANSACTION;

DELETE FROM `example-project.mart.kpi_weekly`
WHERE week_start BETWEEN DATE_TRUNC(@start_date, WEEK(MONDAY)) AND DATE_TRUNC(@end_date, WEEK(MONDAY));

INSERT INTO `example-project.mart.kpi_weekly` (week_start, gmv, orders, aov, active_creators, items_sold)
WITH
  -- every week of the window, so each gets a row even without data
  periods AS (
    SELECT period_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(@start_date, WEEK(MONDAY)), DATE_TRUNC(@end_date, WEEK(MONDAY)), INTERVAL 1 WEEK)) AS period_start
  ),
  -- gmv, orders, active_creators, items_sold from fct_order_items, per week
  fct_order_items_by_period AS (
    SELECT
      DATE_TRUNC(fct_order_items.business_date, WEEK(MONDAY)) AS period_start,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.line_amount END) AS gmv,
      COUNT(DISTINCT CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.order_id END) AS orders,
      COUNT(DISTINCT CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.creator_id END) AS active_creators,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.quantity END) AS items_sold
    FROM `example-project.warehouse.fct_order_items` AS fct_order_items
    WHERE fct_order_items.business_date BETWEEN DATE_TRUNC(@start_date, WEEK(MONDAY)) AND DATE_ADD(DATE_TRUNC(@end_date, WEEK(MONDAY)), INTERVAL 6 DAY)
    GROUP BY 1
  )
SELECT
  periods.period_start AS week_start,
  COALESCE(fct_order_items_by_period.gmv, 0) AS gmv,
  COALESCE(fct_order_items_by_period.orders, 0) AS orders,
  SAFE_DIVIDE(COALESCE(fct_order_items_by_period.gmv, 0), COALESCE(fct_order_items_by_period.orders, 0)) AS aov,
  COALESCE(fct_order_items_by_period.active_creators, 0) AS active_creators,
  COALESCE(fct_order_items_by_period.items_sold, 0) AS items_sold
FROM periods
LEFT JOIN fct_order_items_by_period
  ON fct_order_items_by_period.period_start = periods.period_start;

COMMIT TRANSACTION;
