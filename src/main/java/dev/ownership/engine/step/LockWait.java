package dev.ownership.engine.step;

import dev.ownership.engine.model.Mode;
import dev.ownership.engine.model.Settings;

import java.time.Duration;

/**
 * How long a statement may wait for its locks. lock_timeout bounds the wait for each lock; but a statement that
 * takes several one after another (a foreign key: the table, then the owner table; a trigger on a partitioned
 * table: each partition) holds those it has while it waits for the next, and the application queues behind all of
 * them. A catalog change does little work besides (milliseconds; more on a tree of hundreds of partitions), so for
 * it statement_timeout bounds waits and work together, each time it is tried.
 *
 * @param timeout        the bound
 * @param wholeStatement whether it bounds the whole statement too, not only each lock
 */
public record LockWait(Duration timeout, boolean wholeStatement) {

    /** Statements that work under their locks (scans, index builds, batches): each lock alone is bounded. */
    public static LockWait eachLock(Duration timeout) {
        return new LockWait(timeout, false);
    }

    /** Catalog changes whatever they lock: the whole statement is bounded. */
    public static LockWait wholeStatement(Duration timeout) {
        return new LockWait(timeout, true);
    }

    /**
     * The short lock of a step that blocks the application: online its statements change only the catalog; offline
     * some scan under the lock (a foreign key validated as it is added, SET NOT NULL), so there each lock alone.
     */
    public static LockWait brief(Settings settings) {
        return new LockWait(settings.lockTimeout(), settings.mode() == Mode.ONLINE);
    }

    /** A backfill batch, the sweep, revert's batches: each lock, below deadlock_timeout. */
    public static LockWait batch(Settings settings) {
        return eachLock(settings.batchLockTimeout());
    }

    /** Work whose lock lets reads and writes go on (CREATE INDEX CONCURRENTLY, VALIDATE, ANALYZE). */
    public static LockWait background(Settings settings) {
        return eachLock(settings.backgroundLockTimeout());
    }

    /** What the session runs to take this bound on (statement_timeout 0 is the migrator's session default). */
    public String sql() {
        String ms = "'" + timeout.toMillis() + "ms'";
        return "SET lock_timeout = " + ms + "; SET statement_timeout = " + (wholeStatement ? ms : "0");
    }
}
