package dev.ownership.engine.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * How fast the online backfill may go.
 *
 * @param parallelism      sessions filling disjoint slices of a target at once
 * @param maxReplicaLag    batches wait while a streaming replica is further behind
 * @param maxRowsPerSecond a cap on the rows all sessions fill per second together
 */
public record BackfillPace(int parallelism, Optional<ReplicaLagLimit> maxReplicaLag, OptionalLong maxRowsPerSecond) {
    public static final int MAX_PARALLELISM = 16;

    public static BackfillPace defaults() {
        return new BackfillPace(1, Optional.empty(), OptionalLong.empty());
    }
}
