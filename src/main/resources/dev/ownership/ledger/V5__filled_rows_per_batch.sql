-- The rows the migrator filled in a column that existed before, one ledger row per batch: the keys and the owners
-- written, in the same order, at most batchSize of them. A row and an index entry per key cost about a quarter of
-- the backfill's time (bench/README.md). owners holds NULL for keys recorded before V2 had values.
CREATE TABLE filled_batch (
    target_id bigint NOT NULL,
    keys      text[] NOT NULL,
    owners    text[] NOT NULL
);
CREATE INDEX filled_batch_target_idx ON filled_batch (target_id);
-- Keys recorded before V5 move over in arrays of 5,000 (the default batchSize), so revert goes on where it stopped.
INSERT INTO filled_batch (target_id, keys, owners)
    SELECT target_id, array_agg(key), array_agg(value)
    FROM (SELECT target_id, key, value, (row_number() OVER (PARTITION BY target_id) - 1) / 5000 AS chunk
          FROM filled_key) k
    GROUP BY target_id, chunk;
-- Dropped, not kept: a migrator older than V5 writing here would record rows revert no longer reads.
DROP TABLE filled_key;
