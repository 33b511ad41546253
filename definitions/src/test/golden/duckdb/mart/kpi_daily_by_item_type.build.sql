-- mart kpi_daily_by_item_type
--   Items sold and GMV per business date and item type; every item type has a row on every date, 0 when nothing of it sold.
-- Owner: analytics
-- This statement replaces the days containing @start_date to @end_date of mart kpi_daily_by_item_type.
DELETE FROM mart.kpi_daily_by_item_type
WHERE business_date BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE);

INSERT INTO mart.kpi_daily_by_item_type (business_date, item_type, items_sold, gmv)
WITH
  -- every day of the window, so each gets a row even without data
  periods AS (
    SELECT CAST(series.period_start AS DATE) AS period_start FROM generate_series(CAST(CAST($1 AS DATE) AS TIMESTAMP), CAST(CAST($2 AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) AS series(period_start)
  ),
  -- the known values of dimension item_type
  item_type_values AS (
    SELECT DISTINCT dim_items.item_type AS item_type
    FROM warehouse.dim_items AS dim_items
    WHERE dim_items.item_type IS NOT NULL
  ),
  -- every period with every known value of item_type (dense)
  mart_keys AS (
    SELECT periods.period_start, item_type_values.item_type
    FROM periods
    CROSS JOIN item_type_values
  ),
  -- items_sold, gmv from fct_order_items, per day and item_type
  fct_order_items_by_period AS (
    SELECT
      fct_order_items.business_date AS period_start,
      dim_items.item_type AS item_type,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.quantity END) AS items_sold,
      SUM(CASE WHEN fct_order_items.status IN ('paid', 'shipped') THEN fct_order_items.line_amount END) AS gmv
    FROM warehouse.fct_order_items AS fct_order_items
    LEFT JOIN warehouse.dim_items AS dim_items
      ON fct_order_items.item_id = dim_items.item_id
    WHERE fct_order_items.business_date BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
    GROUP BY 1, 2
  )
SELECT
  mart_keys.period_start AS business_date,
  mart_keys.item_type AS item_type,
  CAST(COALESCE(fct_order_items_by_period.items_sold, 0) AS BIGINT) AS items_sold,
  CAST(COALESCE(fct_order_items_by_period.gmv, 0) AS DECIMAL(38, 9)) AS gmv
FROM mart_keys
LEFT JOIN fct_order_items_by_period
  ON fct_order_items_by_period.period_start = mart_keys.period_start
  AND fct_order_items_by_period.item_type IS NOT DISTINCT FROM mart_keys.item_type;
