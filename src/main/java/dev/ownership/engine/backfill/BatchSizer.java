package dev.ownership.engine.backfill;

import java.time.Duration;

/**
 * Adapts the batch size to the measured batch time, so each batch holds its row locks about as long as
 * the target. Changes are damped (at most halved or doubled per batch) so one slow batch does not swing it.
 */
public final class BatchSizer {
    static final int MIN = 100;
    static final int MAX = 100_000;

    private BatchSizer() {
    }

    public static int next(int current, Duration took, Duration target) {
        if (target.isZero()) {
            return current;
        }
        double ratio = (double) target.toNanos() / Math.max(1, took.toNanos());
        double damped = Math.max(0.5, Math.min(2.0, ratio));
        return (int) Math.max(MIN, Math.min(MAX, Math.round(current * damped)));
    }
}
