-- Up Migration

-- What a run did beyond its vendors: how many products' on-hand stock it changed, and
-- why it failed when the failure was not one vendor's (e.g. the database went away).
ALTER TABLE sync_runs
  ADD COLUMN products_changed integer NOT NULL DEFAULT 0,
  ADD COLUMN error text;

-- Down Migration
ALTER TABLE sync_runs
  DROP COLUMN error,
  DROP COLUMN products_changed;
