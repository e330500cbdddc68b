package dev.ownership.cli;

import dev.ownership.engine.BackfillProgress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
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
                    new BackfillProgress(1_000, 1_000, 2_500, Optional.of(Duration.ZERO)));
        }
        assertThat(err.toString()).contains("public.videos.user_id: waiting for replica lag 7.2s > 5s")
                .contains("public.videos.user_id: backfilled 1000 of 1000 rows (2.5k rows/s, ~0s left)");
    }
}
