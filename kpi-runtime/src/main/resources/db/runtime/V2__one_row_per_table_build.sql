-- A run can build a table more than once (the history it was missing, then its window; a
-- backfill's stretches of dates): one row per build, keyed by a build number, instead of one
-- row per run and table.
CREATE TABLE kpi.table_builds_v2 (
    build_id    BIGINT NOT NULL,
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
    CONSTRAINT pk_table_builds_v2 PRIMARY KEY (build_id)
);

INSERT INTO kpi.table_builds_v2
SELECT row_number() OVER (ORDER BY started_at, run_id, table_name), run_id, table_name, start_date, end_date,
       fingerprint, started_at, finished_at, row_count, outcome, message
FROM kpi.table_builds;

DROP TABLE kpi.table_builds;

ALTER TABLE kpi.table_builds_v2 RENAME TO table_builds;
