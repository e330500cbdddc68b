package dev.ownership.engine.backfill;

import java.time.Duration;

/**
 * Adapts the batch size to the measured batch time, so each batch holds its row locks about as long as the target.
 * A slow batch shrinks the next one at once to what it measured (at most tenfold): an application statement that
 * meets a batch's row waits for the whole batch, and a slow stretch (after a checkpoint each page's first write
 * copies it whole into the WAL) must end after one batch, not three. A fast batch grows the next by at most half,
 * so one batch that found its pages cached does not double the next.
 */
public final class BatchSizer {
    static final int MIN = 100;
    static final int MAX = 100_000;
    static final double MOST_SHRINK = 0.1;
    static final double MOST_GROWTH = 1.5;

    private BatchSizer() {
    }

    public static int next(int current, Duration took, Duration target) {
        if (target.isZero()) {
            return current;
        }
        double ratio = (double) target.toNanos() / Math.max(1, took.toNanos());
        double damped = Math.max(MOST_SHRINK, Math.min(MOST_GROWTH, ratio));
        return (int) Math.max(MIN, Math.min(MAX, Math.round(current * damped)));
    }
}
