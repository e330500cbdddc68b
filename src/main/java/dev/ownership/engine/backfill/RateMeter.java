package dev.ownership.engine.backfill;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;

/**
 * Rows per second over a sliding window: from the last sample at or before the window's start to the newest,
 * so the rate follows changes (a throttled replica, a busier application) within the window. Times are
 * nanoseconds from any origin (System.nanoTime), passed in so the arithmetic is testable alone.
 */
public final class RateMeter {
    public static final Duration WINDOW = Duration.ofSeconds(10);

    private final long windowNanos;
    private final Deque<long[]> samples = new ArrayDeque<>(); // {nanos, rowsDone}

    public RateMeter(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** Rows done so far at this time; the first sample is the baseline. */
    public void record(long nanos, long rowsDone) {
        samples.addLast(new long[]{nanos, rowsDone});
        while (samples.size() > 2 && nanos - second()[0] >= windowNanos) {
            samples.removeFirst(); // the next one is old enough to be the baseline
        }
    }

    /** 0 until there are two samples apart in time. */
    public double rowsPerSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        long[] first = samples.getFirst();
        long[] last = samples.getLast();
        long nanos = last[0] - first[0];
        return nanos <= 0 ? 0 : (last[1] - first[1]) * 1e9 / nanos;
    }

    /** The time the remaining rows take at this rate; empty while the rate is unknown. */
    public static Optional<Duration> timeLeft(long remainingRows, double rowsPerSecond) {
        if (remainingRows <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (rowsPerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round(remainingRows / rowsPerSecond * 1000)));
    }

    private long[] second() {
        Iterator<long[]> it = samples.iterator();
        it.next();
        return it.next();
    }
}
