package dev.ownership.engine.model;

import java.time.Duration;

/**
 * Execution knobs.
 *
 * @param batchSize             rows per backfill batch at the start
 * @param targetBatchTime       batch size adapts so a batch takes about this long; zero keeps batchSize fixed
 * @param pauseBetweenBatches   sleep between batches, to leave room for replicas and the application
 * @param lockTimeout           lock_timeout of statements whose lock blocks the application; online, the bound of
 *                              each such DDL statement as a whole too ({@code LockWait.brief})
 * @param backgroundLockTimeout lock_timeout of statements whose lock blocks only DDL and VACUUM
 *                              (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT)
 * @param lockRetries           retries of a statement that timed out on its lock, before giving up
 * @param ledgerSchema          schema of the migrator's own ledger in the target database
 * @param keepFillTrigger       leave the fill trigger in place after apply, for applications that do not
 *                              write owners yet (without it, NOT NULL refuses their rows)
 * @param pace                  parallelism and throttling of the online backfill
 * @param walkOrder             the order online batches walk a table in
 */
public record Settings(Mode mode, int batchSize, Duration targetBatchTime, Duration pauseBetweenBatches,
                       Duration lockTimeout, Duration backgroundLockTimeout, int lockRetries,
                       String ledgerSchema, boolean keepFillTrigger, BackfillPace pace,
                       WalkOrder walkOrder) {

    public static final int DEFAULT_BATCH_SIZE = 5_000;
    /**
     * An application statement that meets a row of a batch waits for the batch to commit: 100 ms batches keep that
     * under the 250 ms the benchmark holds the engine to, with room for a batch twice as slow as aimed.
     */
    public static final Duration DEFAULT_TARGET_BATCH_TIME = Duration.ofMillis(100);
    /**
     * While a DDL statement waits for its lock, the application's statements on the table queue behind it: 200 ms
     * bounds that queue (a statement that times out is retried, lockRetries times), where 1 s let a DROP TRIGGER
     * on a partitioned table hold the application for 1 s (bench/README.md, findings).
     */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(200);
    public static final Duration DEFAULT_BACKGROUND_LOCK_TIMEOUT = Duration.ofMinutes(5);
    /**
     * With the backoff of LockingExecutor (doubling from 100 ms, at most 5 s) 30 retries span about two minutes: an
     * application that deletes through cascades every half second left 10 retries (about 20 s) too few to find a
     * 200 ms gap for a foreign key on a partitioned table (bench/README.md, findings).
     */
    public static final int DEFAULT_LOCK_RETRIES = 30;
    public static final String DEFAULT_LEDGER_SCHEMA = "ownership_migration";

    /**
     * Backfill batches wait at most this long for a row lock, whatever lockTimeout says: below PostgreSQL's
     * default deadlock_timeout (1 s), so a lock cycle with an application transaction ends with our retried
     * timeout instead of the deadlock detector cancelling the application's statement (bench/README.md).
     */
    public static final Duration BATCH_LOCK_TIMEOUT_CAP = Duration.ofMillis(200);

    public Duration batchLockTimeout() {
        return lockTimeout.compareTo(BATCH_LOCK_TIMEOUT_CAP) < 0 ? lockTimeout : BATCH_LOCK_TIMEOUT_CAP;
    }

    public static Settings defaults() {
        return new Settings(Mode.ONLINE, DEFAULT_BATCH_SIZE, DEFAULT_TARGET_BATCH_TIME, Duration.ZERO,
                DEFAULT_LOCK_TIMEOUT, DEFAULT_BACKGROUND_LOCK_TIMEOUT, DEFAULT_LOCK_RETRIES, DEFAULT_LEDGER_SCHEMA,
                false, BackfillPace.defaults(), WalkOrder.AUTO);
    }

    public Settings withWalkOrder(WalkOrder order) {
        return new Settings(mode, batchSize, targetBatchTime, pauseBetweenBatches, lockTimeout, backgroundLockTimeout,
                lockRetries, ledgerSchema, keepFillTrigger, pace, order);
    }
}
