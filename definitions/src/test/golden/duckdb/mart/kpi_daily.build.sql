-- mart kpi_daily
--   The headline KPIs per business date (Asia/Tokyo); dates without orders have 0 and an empty AOV.
-- Owner: analytics
-- This statement replaces the days containing @start_date to @end_date of mart kpi_daily.
DELETE FROM mart.kpi_daily
WHERE business_date BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE);

INSERT INTO mart.kpi_daily (business_date, gmv, orders, aov, active_creators, active_creators_28d, items_sold)
WITH
  -- every day of the window, so each gets a row even without data
  periods AS (
    SELECT CAST(series.period_start AS DATE) AS period_start FROM generate_series(CAST(CAST($1 AS DATE) AS TIMESTAMP), CAST(CAST($2 AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) AS series(period_start)
  ),
  -- gmv, orders, active_creators, items_sold from fct_order_items, per day
  fct_order_items_by_period AS (
    SELECT
      fct_order_items.business_date AS period_start,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.line_amount END) AS gmv,
      COUNT(DISTINCT CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.order_id END) AS orders,
      COUNT(DISTINCT CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.creator_id END) AS active_creators,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.quantity END) AS items_sold
    FROM warehouse.fct_order_items AS fct_order_items
    WHERE fct_order_items.business_date BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
    GROUP BY 1
  ),
  -- active_creators_28d: each value of active_creators once per date it occurs
  active_creators_28d_active_dates AS (
    SELECT DISTINCT
      fct_order_items.business_date AS active_date,
      fct_order_items.creator_id AS counted_value
    FROM warehouse.fct_order_items AS fct_order_items
    WHERE fct_order_items.business_date BETWEEN (CAST($1 AS DATE) - 27) AND CAST($2 AS DATE)
      AND fct_order_items.status IN ('paid', 'shipped')
      AND fct_order_items.creator_id IS NOT NULL
  ),
  -- active_creators_28d: a value counts from a date it occurs until 28 days later, or until it occurs again
  active_creators_28d_spans AS (
    SELECT
      active_date,
      LEAST((active_date + 28), COALESCE(LEAD(active_date) OVER (PARTITION BY counted_value ORDER BY active_date), (active_date + 28))) AS counted_until
    FROM active_creators_28d_active_dates
  ),
  -- active_creators_28d: +1 when a value enters the window, -1 when it leaves, 0 on every date reported
  active_creators_28d_changes AS (
    SELECT active_date AS change_date, 1 AS change FROM active_creators_28d_spans
    UNION ALL
    SELECT counted_until AS change_date, -1 AS change FROM active_creators_28d_spans
    UNION ALL
    SELECT period_start AS change_date, 0 AS change FROM periods
  ),
  -- active_creators_28d: the running total of the changes is the window's value on each date
  active_creators_28d_by_period AS (
    SELECT
      change_date AS period_start,
      SUM(SUM(change)) OVER (ORDER BY change_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS active_creators_28d
    FROM active_creators_28d_changes
    GROUP BY 1
  )
SELECT
  periods.period_start AS business_date,
  CAST(COALESCE(fct_order_items_by_period.gmv, 0) AS DECIMAL(38, 9)) AS gmv,
  CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS orders,
  CAST(CASE WHEN CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) = 0 THEN NULL ELSE CAST(sign(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.gmv, 0) AS DECIMAL(38, 9)) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT) * 1000000000) * sign(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT)) * (abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.gmv, 0) AS DECIMAL(38, 9)) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT) * 1000000000) // abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT)) + CASE WHEN 2 * (abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.gmv, 0) AS DECIMAL(38, 9)) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT) * 1000000000) % abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT))) >= abs(CAST(CAST(CAST(COALESCE(fct_order_items_by_period.orders, 0) AS BIGINT) AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT)) THEN 1 ELSE 0 END) AS DECIMAL(38, 0)) * CAST(0.000000001 AS DECIMAL(10, 9)) END AS DECIMAL(38, 9)) AS aov,
  CAST(COALESCE(fct_order_items_by_period.active_creators, 0) AS BIGINT) AS active_creators,
  CAST(COALESCE(active_creators_28d_by_period.active_creators_28d, 0) AS BIGINT) AS active_creators_28d,
  CAST(COALESCE(fct_order_items_by_period.items_sold, 0) AS BIGINT) AS items_sold
FROM periods
LEFT JOIN fct_order_items_by_period
  ON fct_order_items_by_period.period_start = periods.period_start
LEFT JOIN active_creators_28d_by_period
  ON active_creators_28d_by_period.period_start = periods.period_start;
