-- warehouse dimension dim_items
--   Item types products are made on, one row per item, with the base price.
-- Owner: data-platform
-- This statement replaces every row of dimension dim_items.
DELETE FROM warehouse.dim_items
WHERE TRUE;

INSERT INTO warehouse.dim_items (item_id, item_type, base_price)
SELECT
  items.item_id AS item_id,
  items.item_type AS item_type,
  items.base_price AS base_price
FROM lake.items AS items;
