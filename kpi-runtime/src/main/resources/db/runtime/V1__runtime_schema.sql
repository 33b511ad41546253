-- The embedded warehouse's own schema, managed by Flyway: the warehouse and mart layers, and
-- the run ledger (schema kpi) that says which table was built for which dates, by which
-- definition, when, with how many rows and with what outcome.
CREATE SCHEMA IF NOT EXISTS warehouse;
CREATE SCHEMA IF NOT EXISTS mart;
CREATE SCHEMA IF NOT EXISTS kpi;

-- One row per command that wrote to the warehouse.
CREATE TABLE kpi.runs (
    run_id      VARCHAR NOT NULL,
    command     VARCHAR NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    outcome     VARCHAR NOT NULL,
    message     VARCHAR,
    CONSTRAINT pk_runs PRIMARY KEY (run_id)
);

-- One row per table build of a run: the dates replaced, the definition fingerprint, the rows
-- written. outcome is 'running' until the build's transaction commits or fails.
CREATE TABLE kpi.table_builds (
    run_id      VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    start_date  DATE,
    end_date    DATE,
    fingerprint VARCHAR NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    row_count   BIGINT,
    outcome     VARCHAR NOT NULL,
    message     VARCHAR,
    CONSTRAINT pk_table_builds PRIMARY KEY (run_id, table_name)
);

-- The state of each windowed table: every date it holds, and the fingerprint of the definition
-- that built it. Written in the same transaction as the table's rows, so it is never wrong.
CREATE TABLE kpi.built_dates (
    table_name    VARCHAR NOT NULL,
    business_date DATE NOT NULL,
    fingerprint   VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL,
    built_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_built_dates PRIMARY KEY (table_name, business_date)
);
