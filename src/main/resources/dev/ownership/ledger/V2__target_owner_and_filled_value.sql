-- Which migration made each target (namespace/name, or name without a namespace): another migration naming
-- the same column is refused, and revert undoes only its own migration's targets. Targets recorded before
-- this column existed belong to the migration of their first run.
ALTER TABLE target ADD COLUMN migration text;
UPDATE target t SET migration = r.migration FROM run r WHERE r.id = t.first_run;
ALTER TABLE target ALTER COLUMN migration SET NOT NULL;

-- The owner the backfill wrote into each recorded row, as text: revert gives NULL back only where the row
-- still holds it, not where the application has since set another owner. NULL for rows recorded before.
ALTER TABLE filled_key ADD COLUMN value text;
