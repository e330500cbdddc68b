package dev.ownership.engine;

/** Progress of a run, for progress bars, logs and status; every method has a no-op default. */
public interface MigrationListener {
    MigrationListener NONE = new MigrationListener() { };

    default void stepStarted(String target, String step) { }

    default void stepSkipped(String target, String step) { }

    default void stepFinished(String target, String step, long rows, long millis) { }

    /** Rows done so far out of an estimated total, after each committed batch. */
    default void backfillProgress(String target, long rowsDone, long rowsTotal) { }

    /** The same with the rate and the time left; what the engine calls. */
    default void backfillProgress(String target, BackfillProgress progress) {
        backfillProgress(target, progress.rowsDone(), progress.rowsTotal());
    }

    /** Batches wait (execution.maxReplicaLag), e.g. "waiting for replica lag 7.2s > 5s"; until the next progress. */
    default void backfillThrottled(String target, String reason) { }

    default void lockRetry(String tables, int attempt, int of) { }

    default void warning(String message) { }

    /** Another migrator holds the database's migrator lock; said at each poll while this run waits for it. */
    default void waitingForMigratorLock(String holder) { }

    /** This run holds the migrator lock (after waiting or not). */
    default void migratorLockTaken() { }
}
