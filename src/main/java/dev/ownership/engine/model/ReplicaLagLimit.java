package dev.ownership.engine.model;

import java.time.Duration;

/** How far behind a streaming replica may fall before backfill batches wait: in time, or in bytes of WAL. */
public sealed interface ReplicaLagLimit {
    /** As the spec writes it: 5s, 64MB. */
    String text();

    /** Compared with pg_stat_replication.replay_lag. */
    record Time(Duration limit, String text) implements ReplicaLagLimit {
    }

    /** Compared with the WAL between the primary's current position and the replica's replay_lsn. */
    record Bytes(long limit, String text) implements ReplicaLagLimit {
    }
}
