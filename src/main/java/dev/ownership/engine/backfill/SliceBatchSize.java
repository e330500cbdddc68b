package dev.ownership.engine.backfill;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * The batch size along one slice's walk. A batch that takes a new size is measured alone; batches that keep the
 * size of the one before (a page window's later passes) are measured by the slowest of them: a window's first
 * pass also reads its pages and finds no room on them for new row versions yet, and so will the next window's.
 * A slice's first window learns apart from the windows after it: its new row versions find no free space in the
 * relation yet (no window before it has been pruned; for a partition, no page of that partition), and its passes
 * took longer than the later windows' at the same size (bench/README.md, findings). A slice
 * starts from the size the slices before it learned for a first window; a page walk's first window is 8 batches of
 * that size.
 */
final class SliceBatchSize {
    private final AtomicInteger opening;
    private final AtomicInteger going;
    private final Duration target;
    private final IntUnaryOperator cap;
    private int size;
    private int taken;
    private boolean offered;
    private boolean firstWindow = true;
    private Duration slowest = Duration.ZERO;

    /**
     * @param opening the size the backfill has learned for a slice's first window, shared by its slices
     * @param going   the size it has learned for the windows after, shared; zero until one is measured
     * @param cap     the most a batch may hold, applied to every size proposed
     */
    SliceBatchSize(AtomicInteger opening, AtomicInteger going, Duration target, IntUnaryOperator cap) {
        this.opening = opening;
        this.going = going;
        this.target = target;
        this.cap = cap;
        this.size = cap.applyAsInt(opening.get());
        this.taken = size;
    }

    /** The size to offer the next batch; {@code takesIt} when that batch takes it rather than keeping its own. */
    int offer(boolean takesIt) {
        if (takesIt) {
            if (offered && firstWindow) {
                firstWindow = false;
                // until some slice has measured a later window, go on from what the first window measured
                size = going.get() > 0 ? cap.applyAsInt(going.get()) : size;
            }
            taken = size;
            slowest = Duration.ZERO;
        }
        offered = true;
        return size;
    }

    /** The batch just offered took this long. */
    void took(Duration time) {
        slowest = time.compareTo(slowest) > 0 ? time : slowest;
        size = cap.applyAsInt(BatchSizer.next(taken, slowest, target));
        (firstWindow ? opening : going).set(size);
    }
}
