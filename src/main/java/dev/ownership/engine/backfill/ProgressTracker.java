package dev.ownership.engine.backfill;

import dev.ownership.engine.BackfillProgress;
import dev.ownership.engine.MigrationListener;

import java.util.Optional;

/**
 * A target's backfill progress summed over its sessions, with the rate, told to the listener. Only the thread
 * that runs the step calls it (sessions hand their news over, see {@link SliceWorkers}), so it needs no locks.
 */
final class ProgressTracker {
    private final String target;
    private final MigrationListener listener;
    private final long total;
    private final RateMeter meter = new RateMeter(RateMeter.WINDOW);
    private final Optional<PartitionTally> partitions;
    private long done;

    /** @param partitions for a partitioned target: which partitions are walked and done */
    ProgressTracker(String target, MigrationListener listener, long done, long total,
                    Optional<PartitionTally> partitions) {
        this.target = target;
        this.listener = listener;
        this.done = done;
        this.total = total;
        this.partitions = partitions;
        meter.record(System.nanoTime(), done);
    }

    void committed(long rows) {
        done += rows;
        meter.record(System.nanoTime(), done);
        long of = Math.max(total, done);
        double rate = meter.rowsPerSecond();
        listener.backfillProgress(target, new BackfillProgress(done, of, rate, RateMeter.timeLeft(of - done, rate),
                partitions.map(PartitionTally::now)));
    }

    /** The sweep's rows; told even when it found none if partitions were walked, so their count reaches the end. */
    void swept(long rows) {
        if (rows > 0 || partitions.isPresent()) {
            committed(rows);
        }
    }

    /** A session starts a slice of this relation. */
    void entered(String relation) {
        partitions.ifPresent(p -> p.entered(relation));
    }

    /** A session walked a slice of this relation to its end. */
    void finished(String relation) {
        partitions.ifPresent(p -> p.finished(relation));
    }

    void throttled(String reason) {
        listener.backfillThrottled(target, reason);
    }

    void warning(String message) {
        listener.warning(message);
    }

    long done() {
        return done;
    }
}
