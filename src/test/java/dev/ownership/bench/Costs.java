package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.util.List;

/**
 * What a migration costs the database beside its time: WAL written while it ran (the application's writes
 * included: the baseline shows theirs alone), how much the videos table and its indexes grew (every rewritten
 * row leaves a dead version until VACUUM: bloat), the most sessions it held at once, and how often autovacuum
 * vacuumed videos meanwhile (what keeps the growth down, and a worker that competes for the same cores).
 */
record Costs(long walBytes, long tableGrowthBytes, long indexGrowthBytes, long tableBytesBefore, long peakSessions,
             long autovacuums) {

    /**
     * Sizes of videos over all its partitions (pg_partition_tree lists nothing for a plain table), its autovacuum
     * count and the WAL position.
     */
    record Snapshot(String walLsn, long tableBytes, long indexBytes, long autovacuums) {
        static Snapshot of(TestDatabase db) {
            List<String> r = db.rows("SELECT pg_current_wal_lsn()::text, sum(pg_table_size(t.relid))::bigint,"
                    + " sum(pg_indexes_size(t.relid))::bigint, coalesce(sum(s.autovacuum_count), 0)::bigint"
                    + " FROM (SELECT relid FROM pg_partition_tree('videos') UNION SELECT 'videos'::regclass) t"
                    + " LEFT JOIN pg_stat_user_tables s ON s.relid = t.relid").get(0);
            return new Snapshot(r.get(0), Long.parseLong(r.get(1)), Long.parseLong(r.get(2)), Long.parseLong(r.get(3)));
        }
    }

    static Costs between(TestDatabase db, Snapshot before, Snapshot after, long peakSessions) {
        long wal = Long.parseLong(db.value("SELECT pg_wal_lsn_diff('" + after.walLsn() + "', '" + before.walLsn()
                + "')::bigint"));
        return new Costs(wal, after.tableBytes() - before.tableBytes(), after.indexBytes() - before.indexBytes(),
                before.tableBytes(), peakSessions, after.autovacuums() - before.autovacuums());
    }
}
