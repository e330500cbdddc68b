package dev.ownership.cli.status;

import dev.ownership.api.v1alpha1.OwnershipMigrationStatus.TargetProgress;
import dev.ownership.engine.BackfillProgress;
import dev.ownership.engine.MigrationListener;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps per target the step, rows, rate, partitions walked, throttling and lock retries of a run, and whom it
 * waits for, and hands them to a sink at most once per interval (a backfill reports after every batch; the API
 * server needs no more than a glance) and at every step end. The sink is the only I/O, so the throttling and
 * bookkeeping are testable alone.
 */
public final class LiveProgress implements MigrationListener, AutoCloseable {
    private final Map<String, TargetProgress> targets = new LinkedHashMap<>();
    private final Consumer<LiveStatus> sink;
    private final Duration interval;
    private final Clock clock;
    private String current;
    private String waitingFor;
    private long lastPublished;
    private boolean published;
    private boolean dirty;

    public LiveProgress(Consumer<LiveStatus> sink, Duration interval, Clock clock) {
        this.sink = sink;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public void stepStarted(String target, String step) {
        current = target;
        TargetProgress p = of(target);
        p.step = step;
        changed(false);
    }

    @Override
    public void stepFinished(String target, String step, long rows, long millis) {
        TargetProgress p = of(target);
        p.step = step + TargetProgress.DONE;
        p.rowsPerSecond = null; // a finished step has no rate, time left, wait or partition it walks
        p.secondsLeft = null;
        p.throttled = null;
        p.partition = null;
        if (rows > 0) {
            p.rowsDone = rows;
            p.rowsTotal = Math.max(rows, p.rowsTotal == null ? 0 : p.rowsTotal);
        }
        changed(true);
    }

    @Override
    public void backfillProgress(String target, long rowsDone, long rowsTotal) {
        TargetProgress p = of(target);
        p.rowsDone = rowsDone;
        p.rowsTotal = rowsTotal;
        p.throttled = null;
        changed(false);
    }

    @Override
    public void backfillProgress(String target, BackfillProgress progress) {
        TargetProgress p = of(target);
        p.rowsPerSecond = progress.rowsPerSecond() > 0 ? Math.round(progress.rowsPerSecond()) : null;
        p.secondsLeft = progress.timeLeft().map(Duration::toSeconds).orElse(null);
        p.partition = progress.partitions().map(BackfillProgress.Partitions::text).orElse(null);
        backfillProgress(target, progress.rowsDone(), progress.rowsTotal());
    }

    @Override
    public void backfillThrottled(String target, String reason) {
        TargetProgress p = of(target);
        p.throttled = reason;
        changed(false);
    }

    @Override
    public void lockRetry(String tables, int attempt, int of) {
        if (current != null) {
            TargetProgress p = of(current);
            p.lockRetries = (p.lockRetries == null ? 0 : p.lockRetries) + 1;
            changed(false);
        }
    }

    @Override
    public void waitingForMigratorLock(String holder) {
        if (!holder.equals(waitingFor)) {
            waitingFor = holder;
            changed(true);
        }
    }

    @Override
    public void migratorLockTaken() {
        if (waitingFor != null) {
            waitingFor = null; // left out of the next apply, so the field disappears
            changed(true);
        }
    }

    /** The last state, whatever the interval says. */
    @Override
    public void close() {
        if (dirty) {
            publish();
        }
    }

    private TargetProgress of(String target) {
        return targets.computeIfAbsent(target, t -> {
            TargetProgress p = new TargetProgress();
            p.target = t;
            return p;
        });
    }

    private void changed(boolean now) {
        dirty = true;
        if (now || !published || clock.millis() - lastPublished >= interval.toMillis()) {
            publish();
        }
    }

    private void publish() {
        lastPublished = clock.millis();
        published = true;
        dirty = false;
        List<TargetProgress> copy = new ArrayList<>();
        for (TargetProgress p : targets.values()) {
            TargetProgress c = new TargetProgress();
            c.target = p.target;
            c.step = p.step;
            c.rowsDone = p.rowsDone;
            c.rowsTotal = p.rowsTotal;
            c.lockRetries = p.lockRetries;
            c.rowsPerSecond = p.rowsPerSecond;
            c.secondsLeft = p.secondsLeft;
            c.throttled = p.throttled;
            c.partition = p.partition;
            copy.add(c);
        }
        sink.accept(new LiveStatus(copy, waitingFor));
    }
}
