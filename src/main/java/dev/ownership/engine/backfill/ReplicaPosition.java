package dev.ownership.engine.backfill;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One streaming replica as pg_stat_replication shows it to the migrator's role.
 *
 * @param visible     false when the role sees only the walsender's pid (it lacks pg_read_all_stats)
 * @param replayLag   replay_lag; empty when not measured (idle and caught up) or not visible
 * @param bytesBehind WAL between the primary's current position and the replica's replay_lsn
 */
public record ReplicaPosition(String name, boolean visible, Optional<Duration> replayLag, OptionalLong bytesBehind) {
}
