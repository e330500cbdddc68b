package dev.ownership.engine.backfill;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * The batch size along one slice's walk. A batch that takes a new size is measured alone; batches that keep the
 * size of the one before (a page window's later passes) are measured by the slowest of them: a window's first
 * pass also reads its pages and finds no room on them for new row versions yet, and so will the next window's.
 * A slice starts from the size the slices before it learned: a page walk's first window is 8 batches of that size.
 */
final class SliceBatchSize {
    private final AtomicInteger learned;
    private final Duration target;
    private final IntUnaryOperator cap;
    private int size;
    private int taken;
    private Duration slowest = Duration.ZERO;

    /**
     * @param learned the size the backfill has learned so far, shared by its slices: read now, set after each batch
     * @param cap     the most a batch may hold, applied to every size proposed
     */
    SliceBatchSize(AtomicInteger learned, Duration target, IntUnaryOperator cap) {
        this.learned = learned;
        this.target = target;
        this.cap = cap;
        this.size = cap.applyAsInt(learned.get());
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
        learned.set(size);
    }
}
