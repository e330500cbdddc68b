package dev.ownership.engine.backfill;

import dev.ownership.engine.BackfillProgress;
import dev.ownership.engine.MigrationListener;

/**
 * A target's backfill progress summed over its sessions, with the rate, told to the listener. Only the thread
 * that runs the step calls it (sessions hand their news over, see {@link SliceWorkers}), so it needs no locks.
 */
final class ProgressTracker {
    private final String target;
    private final MigrationListener listener;
    private final long total;
    private final RateMeter meter = new RateMeter(RateMeter.WINDOW);
    private long done;

    ProgressTracker(String target, MigrationListener listener, long done, long total) {
        this.target = target;
        this.listener = listener;
        this.done = done;
        this.total = total;
        meter.record(System.nanoTime(), done);
    }

    void committed(long rows) {
        done += rows;
        meter.record(System.nanoTime(), done);
        long of = Math.max(total, done);
        double rate = meter.rowsPerSecond();
        listener.backfillProgress(target, new BackfillProgress(done, of, rate, RateMeter.timeLeft(of - done, rate)));
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
