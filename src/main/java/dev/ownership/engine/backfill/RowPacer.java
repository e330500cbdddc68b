package dev.ownership.engine.backfill;

/**
 * Caps the rows all backfill sessions together fill per second (execution.maxRowsPerSecond): each committed batch
 * books its rows' share of time on one shared timeline, and its session waits until its booking ends before the
 * next batch. Time not used is not saved up, so an idle spell is never followed by a burst.
 */
final class RowPacer {
    private final double rowsPerSecond;
    private long bookedUntil = Long.MIN_VALUE;

    RowPacer(double rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    /** Books {@code rows} at {@code now} (nanoseconds); returns how long the session waits before its next batch. */
    synchronized long book(long rows, long now) {
        bookedUntil = bookedUntil(bookedUntil, now, rows, rowsPerSecond);
        return Math.max(0, bookedUntil - now);
    }

    static long bookedUntil(long bookedUntil, long now, long rows, double rowsPerSecond) {
        return Math.max(bookedUntil, now) + (long) (rows * 1e9 / rowsPerSecond);
    }
}
