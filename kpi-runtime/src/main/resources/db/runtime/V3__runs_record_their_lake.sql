-- Which lake each run read (the absolute folder), so a run that would read another lake than
-- the one the data folder was built from (a forgotten --lake falls back to the sample lake)
-- is refused instead of mixing two lakes' numbers in one warehouse.
ALTER TABLE kpi.runs ADD COLUMN lake VARCHAR;
