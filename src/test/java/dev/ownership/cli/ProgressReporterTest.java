package dev.ownership.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

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
}
