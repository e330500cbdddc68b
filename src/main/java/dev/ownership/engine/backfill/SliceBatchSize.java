package dev.ownership.engine.backfill;

import java.time.Duration;
import java.util.function.IntUnaryOperator;

/**
 * The batch size along one slice's walk. A batch that takes a new size is measured alone; batches that keep the
 * size of the one before (a page window's later passes) are measured by the slowest of them: a window's first
 * pass also reads its pages and finds no room on them for new row versions yet, and so will the next window's.
 */
final class SliceBatchSize {
    private final Duration target;
    private final IntUnaryOperator cap;
    private int size;
    private int taken;
    private Duration slowest = Duration.ZERO;

    /** @param cap the most a batch may hold, applied to every size proposed */
    SliceBatchSize(int first, Duration target, IntUnaryOperator cap) {
        this.target = target;
        this.cap = cap;
        this.size = cap.applyAsInt(first);
        this.taken = size;
    }

    /** The size to offer the next batch; {@code takesIt} when that batch takes it rather than keeping its own. */
    int offer(boolean takesIt) {
        if (takesIt) {
            taken = size;
            slowest = Duration.ZERO;
        }
        return size;
    }

    /** The batch just offered took this long. */
    void took(Duration time) {
        slowest = time.compareTo(slowest) > 0 ? time : slowest;
        size = cap.applyAsInt(BatchSizer.next(taken, slowest, target));
    }
}
