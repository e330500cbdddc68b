package dev.ownership.engine.backfill;

import dev.ownership.engine.model.BackfillPace;
import dev.ownership.engine.model.ReplicaLagLimit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What every backfill session passes before its batches: the replica lag limit and the shared rows-per-second
 * cap. One per backfill, shared by its sessions.
 */
final class BatchGate {
    static final Duration POLL = Duration.ofMillis(500);

    private final Optional<ReplicaLagLimit> maxReplicaLag;
    private final Optional<RowPacer> pacer;
    private final int maxBatch;
    private final AtomicBoolean blindSaid = new AtomicBoolean();

    BatchGate(BackfillPace pace) {
        this.maxReplicaLag = pace.maxReplicaLag();
        this.pacer = pace.maxRowsPerSecond().stream().mapToObj(r -> new RowPacer(r)).findFirst();
        // a batch is at most one second's worth of the cap, so no session waits long after one batch
        this.maxBatch = (int) Math.min(Integer.MAX_VALUE, pace.maxRowsPerSecond().orElse(Integer.MAX_VALUE));
    }

    /**
     * Before a batch: returns once no replica is beyond the limit (or the run stops), telling {@code throttled} why
     * at each poll while it waits.
     */
    void awaitReplicas(Connection c, Consumer<String> throttled, Consumer<String> warning, BooleanSupplier stopped)
            throws SQLException {
        if (maxReplicaLag.isEmpty()) {
            return;
        }
        while (!stopped.getAsBoolean()) {
            List<ReplicaPosition> replicas = ReplicaLag.read(c);
            if (ReplicaLag.blind(replicas) && blindSaid.compareAndSet(false, true)) {
                warning.accept("spec.execution.maxReplicaLag: this role cannot see the replicas' positions in"
                        + " pg_stat_replication, so batches do not wait for them (GRANT pg_monitor TO the migrator's"
                        + " role)");
            }
            Optional<String> reason = ReplicaLag.waitReason(maxReplicaLag.get(), replicas);
            if (reason.isEmpty()) {
                return;
            }
            throttled.accept(reason.get());
            sleep(POLL.toMillis());
        }
    }

    /** After a batch of {@code rows}: waits out its share of the rows-per-second cap. */
    void paced(long rows) {
        pacer.ifPresent(p -> sleep(p.book(rows, System.nanoTime()) / 1_000_000));
    }

    int batchSize(int proposed) {
        return Math.max(1, Math.min(proposed, maxBatch));
    }

    static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between batches", e);
        }
    }
}
