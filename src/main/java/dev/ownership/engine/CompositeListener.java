package dev.ownership.engine;

import java.util.List;

/** Tells every listener, in order: a run's progress goes to the console and to the resource's status at once. */
public final class CompositeListener implements MigrationListener {
    private final List<MigrationListener> listeners;

    public CompositeListener(List<MigrationListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void stepStarted(String target, String step) {
        listeners.forEach(l -> l.stepStarted(target, step));
    }

    @Override
    public void stepSkipped(String target, String step) {
        listeners.forEach(l -> l.stepSkipped(target, step));
    }

    @Override
    public void stepFinished(String target, String step, long rows, long millis) {
        listeners.forEach(l -> l.stepFinished(target, step, rows, millis));
    }

    @Override
    public void backfillProgress(String target, long rowsDone, long rowsTotal) {
        listeners.forEach(l -> l.backfillProgress(target, rowsDone, rowsTotal));
    }

    @Override
    public void backfillProgress(String target, BackfillProgress progress) {
        listeners.forEach(l -> l.backfillProgress(target, progress));
    }

    @Override
    public void backfillThrottled(String target, String reason) {
        listeners.forEach(l -> l.backfillThrottled(target, reason));
    }

    @Override
    public void lockRetry(String tables, int attempt, int of) {
        listeners.forEach(l -> l.lockRetry(tables, attempt, of));
    }

    @Override
    public void warning(String message) {
        listeners.forEach(l -> l.warning(message));
    }

    @Override
    public void waitingForMigratorLock(String holder) {
        listeners.forEach(l -> l.waitingForMigratorLock(holder));
    }

    @Override
    public void migratorLockTaken() {
        listeners.forEach(MigrationListener::migratorLockTaken);
    }
}
