package dev.ownership.cli;

import dev.ownership.engine.BackfillProgress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressReporterTest {
    @Test
    void whomARunWaitsForIsSaidOncePerHolderNotAtEveryPoll() {
        StringWriter err = new StringWriter();
        try (ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), false)) {
            reporter.waitingForMigratorLock("session 1");
            reporter.waitingForMigratorLock("session 1");
            reporter.waitingForMigratorLock("session 2");
            reporter.waitingForMigratorLock("session 2");
        }
        assertThat(err.toString()).containsOnlyOnce("waiting for another migrator to finish: session 1")
                .containsOnlyOnce("waiting for another migrator to finish: session 2");
    }

    @Test
    void plainLinesSayTheRateTimeLeftAndWhyTheBackfillWaits() {
        StringWriter err = new StringWriter();
        try (ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), false)) {
            reporter.backfillThrottled("public.videos.user_id", "waiting for replica lag 7.2s > 5s");
            reporter.backfillProgress("public.videos.user_id",
                    new BackfillProgress(1_000, 1_000, 2_500, Optional.of(Duration.ZERO), Optional.empty()));
        }
        assertThat(err.toString()).contains("public.videos.user_id: waiting for replica lag 7.2s > 5s")
                .contains("public.videos.user_id: backfilled 1000 of 1000 rows (2.5k rows/s, ~0s left)");
    }

    @Test
    void plainLinesNameThePartitionsWalked() {
        StringWriter err = new StringWriter();
        try (ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), false)) {
            reporter.backfillProgress("public.events.user_id", new BackfillProgress(400, 1_000, 0, Optional.empty(),
                    Optional.of(new BackfillProgress.Partitions(List.of("events_2024_03"), 3, 12))));
        }
        assertThat(err.toString()).contains(
                "public.events.user_id: backfilled 400 of 1000 rows, events_2024_03 (3 of 12 partitions done)");
    }
}
