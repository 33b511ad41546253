-- The lake contract (see shared/docs/kpi-glossary.md): the shop's tables as Embulk loads them.
-- Declared once: Flyway creates them in the embedded engine, jOOQ generates the typed Java
-- tables the definitions use from this file, and the lake's BigQuery DDL is compiled from those.
-- Types: INT64 -> BIGINT, NUMERIC -> DECIMAL(38, 9), STRING -> VARCHAR,
-- TIMESTAMP (a UTC instant) -> TIMESTAMP WITH TIME ZONE.
-- Every column a KPI reads is NOT NULL: a NULL there would drop a row from a number. The rules
-- of valid values (accepted statuses, ranges, relationships, plausible timestamps) are declared
-- beside each table in definitions/.../shop/Lake.java.
CREATE SCHEMA IF NOT EXISTS lake;

CREATE TABLE lake.creators (
    creator_id BIGINT NOT NULL,
    name       VARCHAR,
    created_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_creators PRIMARY KEY (creator_id)
);
COMMENT ON TABLE lake.creators IS 'Creators: people who upload images that products are made from.';
COMMENT ON COLUMN lake.creators.creator_id IS 'Primary key.';
COMMENT ON COLUMN lake.creators.name IS 'Display name.';
COMMENT ON COLUMN lake.creators.created_at IS 'When the creator signed up (UTC).';

CREATE TABLE lake.items (
    item_id    BIGINT NOT NULL,
    item_type  VARCHAR NOT NULL,
    base_price DECIMAL(38, 9),
    CONSTRAINT pk_items PRIMARY KEY (item_id)
);
COMMENT ON TABLE lake.items IS 'Item types products are made on (t-shirt, tote bag, mug, ...), with their base price.';
COMMENT ON COLUMN lake.items.item_id IS 'Primary key.';
COMMENT ON COLUMN lake.items.item_type IS 'The kind of item, e.g. t-shirt, tote-bag, mug.';
COMMENT ON COLUMN lake.items.base_price IS 'Price in JPY before the creator''s margin.';

CREATE TABLE lake.products (
    product_id BIGINT NOT NULL,
    creator_id BIGINT NOT NULL,
    item_id    BIGINT NOT NULL,
    price      DECIMAL(38, 9),
    created_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_products PRIMARY KEY (product_id)
);
COMMENT ON TABLE lake.products IS 'Products: a creator''s image on an item type, at base price plus the creator''s margin.';
COMMENT ON COLUMN lake.products.product_id IS 'Primary key.';
COMMENT ON COLUMN lake.products.creator_id IS 'The creator whose image the product carries (creators.creator_id).';
COMMENT ON COLUMN lake.products.item_id IS 'The item type it is made on (items.item_id).';
COMMENT ON COLUMN lake.products.price IS 'Current list price in JPY.';
COMMENT ON COLUMN lake.products.created_at IS 'When the product was created (UTC).';

CREATE TABLE lake.orders (
    order_id   BIGINT NOT NULL,
    buyer_id   BIGINT,
    status     VARCHAR NOT NULL,
    ordered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_orders PRIMARY KEY (order_id)
);
COMMENT ON TABLE lake.orders IS 'Orders placed by buyers; the status can change after the order day.';
COMMENT ON COLUMN lake.orders.order_id IS 'Primary key.';
COMMENT ON COLUMN lake.orders.buyer_id IS 'The buyer who placed the order.';
COMMENT ON COLUMN lake.orders.status IS 'paid, shipped, cancelled or refunded.';
COMMENT ON COLUMN lake.orders.ordered_at IS 'When the order was placed (UTC).';

CREATE TABLE lake.order_items (
    order_item_id BIGINT NOT NULL,
    order_id      BIGINT NOT NULL,
    product_id    BIGINT NOT NULL,
    quantity      BIGINT NOT NULL,
    unit_price    DECIMAL(38, 9) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_order_items PRIMARY KEY (order_item_id)
);
COMMENT ON TABLE lake.order_items IS 'The lines of an order: a product, a quantity and the unit price charged.';
COMMENT ON COLUMN lake.order_items.order_item_id IS 'Primary key.';
COMMENT ON COLUMN lake.order_items.order_id IS 'The order (orders.order_id).';
COMMENT ON COLUMN lake.order_items.product_id IS 'The product sold (products.product_id).';
COMMENT ON COLUMN lake.order_items.quantity IS 'Units sold, at least 1.';
COMMENT ON COLUMN lake.order_items.unit_price IS 'JPY actually charged per unit at order time.';
COMMENT ON COLUMN lake.order_items.created_at IS 'Written with the order: the same instant as orders.ordered_at (UTC).';
