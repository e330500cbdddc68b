-- The order a backfill walks its slices in (spec.execution.backfillOrder when it started): positions are keys in
-- 'key' order and page numbers in 'pages' order, so a resumed run must walk as the one that wrote them. Before V4
-- every backfill walked the key where the table had one and pages where not: 'key' order means exactly that.
ALTER TABLE backfill_checkpoint ADD COLUMN walk text NOT NULL DEFAULT 'key' CHECK (walk IN ('key', 'pages'));
ALTER TABLE backfill_checkpoint ALTER COLUMN walk DROP DEFAULT;
