-- What each date's build read and was warned about: the lake rows per lake table
-- ("orders=120,order_items=300"), so a later build of the date can see that an extract shrank
-- before it replaces good numbers, and the lake check's warnings of its run, so they travel with
-- the date's numbers into kpi show and the Slack summary. NULL for dates built before.
ALTER TABLE kpi.built_dates ADD COLUMN lake_rows VARCHAR;
ALTER TABLE kpi.built_dates ADD COLUMN lake_warnings VARCHAR;
