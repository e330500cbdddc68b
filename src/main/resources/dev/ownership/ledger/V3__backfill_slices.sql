-- A target's backfill in slices (execution.parallelism fills several at once): each slice walks one relation from
-- its start to upper_key and keeps its own checkpoint, committed with each of its batches. last_key starts at the
-- slice's start. rows_total is the target's rows to fill, on slice 0 (the sum over slices is the target's).
-- A checkpoint written before V3 (one per target, maybe in progress) becomes slice 0 of the target's table.
ALTER TABLE backfill_checkpoint ADD COLUMN slice integer NOT NULL DEFAULT 0;
ALTER TABLE backfill_checkpoint ADD COLUMN relation text;
-- quoted as the engine quotes names (Sql.qualified): always
UPDATE backfill_checkpoint c SET relation = '"' || replace(t.table_schema, '"', '""') || '"."'
    || replace(t.table_name, '"', '""') || '"'
    FROM target t WHERE t.id = c.target_id;
ALTER TABLE backfill_checkpoint ALTER COLUMN relation SET NOT NULL;
ALTER TABLE backfill_checkpoint ALTER COLUMN slice DROP DEFAULT;
ALTER TABLE backfill_checkpoint DROP CONSTRAINT backfill_checkpoint_pkey;
ALTER TABLE backfill_checkpoint ADD PRIMARY KEY (target_id, slice);
