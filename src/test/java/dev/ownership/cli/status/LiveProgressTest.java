package dev.ownership.cli.status;

import dev.ownership.api.v1alpha1.OwnershipMigrationStatus.TargetProgress;
import dev.ownership.engine.BackfillProgress;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LiveProgressTest {
    private final List<List<TargetProgress>> sent = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void batchesWithinTheIntervalAreSentOnceAndTheLastStateAlwaysArrives() {
        try (LiveProgress p = new LiveProgress(s -> sent.add(s.progress()), Duration.ofSeconds(2), clock)) {
            p.stepStarted("public.videos", "backfill");          // first change: sent at once
            p.backfillProgress("public.videos", 100, 1000);       // within 2 s: held back
            p.backfillProgress("public.videos", 200, 1000);
            now = now.plusSeconds(3);
            p.backfillProgress("public.videos", 300, 1000);       // interval passed: sent
            p.backfillProgress("public.videos", 400, 1000);       // held back, then sent at close
        }
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1).get(0).rowsDone).isEqualTo(300);
        assertThat(sent.get(2).get(0).rowsDone).isEqualTo(400);
    }

    @Test
    void everyTargetKeepsItsOwnStepRowsAndLockRetries() {
        try (LiveProgress p = new LiveProgress(s -> sent.add(s.progress()), Duration.ofHours(1), clock)) {
            p.stepStarted("public.lists", "add column");
            p.lockRetry("public.lists", 1, 10);
            p.lockRetry("public.lists", 2, 10);
            p.stepFinished("public.lists", "add column", 0, 5);
            p.stepStarted("public.videos", "backfill");
            p.backfillProgress("public.videos", 10, 50);
            p.stepFinished("public.videos", "backfill", 50, 100);  // a step end is always sent
        }
        List<TargetProgress> last = sent.get(sent.size() - 1);
        assertThat(last).extracting(t -> t.target).containsExactly("public.lists", "public.videos");
        assertThat(last.get(0).lockRetries).isEqualTo(2);
        assertThat(last.get(0).step).isEqualTo("add column done");
        assertThat(last.get(1).rowsDone).isEqualTo(50);
        assertThat(last.get(1).rowsTotal).isEqualTo(50);
        assertThat(last.get(1).lockRetries).isNull();
    }

    @Test
    void whomTheRunWaitsForIsSentWhenItChangesAndLeftOutOnceTheLockIsHeld() {
        List<String> waiting = new ArrayList<>();
        try (LiveProgress p = new LiveProgress(s -> waiting.add(s.waitingFor()), Duration.ofHours(1), clock)) {
            p.waitingForMigratorLock("session 7");
            p.waitingForMigratorLock("session 7");
            p.waitingForMigratorLock("session 8");
            p.migratorLockTaken();
            p.migratorLockTaken();
        }
        assertThat(waiting).containsExactly("session 7", "session 8", null);
    }

    @Test
    void sentListsAreSnapshotsNotLiveViews() {
        try (LiveProgress p = new LiveProgress(s -> sent.add(s.progress()), Duration.ZERO, clock)) {
            p.backfillProgress("t", 1, 9);
            p.backfillProgress("t", 2, 9);
        }
        assertThat(sent.get(0).get(0).rowsDone).isEqualTo(1);
    }

    @Test
    void rateTimeLeftAndWhyItWaitsAreSentUntilTheStepEnds() {
        try (LiveProgress p = new LiveProgress(s -> sent.add(s.progress()), Duration.ZERO, clock)) {
            p.backfillProgress("t", new BackfillProgress(100, 1_000, 49.6, Optional.of(Duration.ofSeconds(18)),
                    Optional.empty()));
            p.backfillThrottled("t", "waiting for replica lag 7.2s > 5s");
            p.backfillProgress("t", new BackfillProgress(200, 1_000, 50, Optional.of(Duration.ofSeconds(16)),
                    Optional.empty()));
            p.stepFinished("t", "backfill", 1_000, 20_000);
        }
        assertThat(sent.get(0).get(0).rowsPerSecond).isEqualTo(50);
        assertThat(sent.get(0).get(0).secondsLeft).isEqualTo(18);
        assertThat(sent.get(1).get(0).throttled).isEqualTo("waiting for replica lag 7.2s > 5s");
        assertThat(sent.get(2).get(0).throttled).as("a batch went through").isNull();
        TargetProgress done = sent.get(3).get(0);
        assertThat(new Object[]{done.rowsPerSecond, done.secondsLeft, done.throttled}).containsOnlyNulls();
    }

    @Test
    void thePartitionsWalkedAreSentUntilTheStepEnds() {
        try (LiveProgress p = new LiveProgress(s -> sent.add(s.progress()), Duration.ZERO, clock)) {
            p.backfillProgress("t", new BackfillProgress(100, 1_000, 50, Optional.empty(),
                    Optional.of(new BackfillProgress.Partitions(List.of("events_2023", "events_2024_01"), 0, 12))));
            p.stepFinished("t", "backfill", 1_000, 20_000);
        }
        assertThat(sent.get(0).get(0).partition).isEqualTo("events_2023 +1 (0 of 12 partitions done)");
        assertThat(sent.get(1).get(0).partition).as("a finished step walks none").isNull();
    }
}
