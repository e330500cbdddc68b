package dev.ownership.operator;

import java.time.Duration;

/**
 * Bounds of the migrator Jobs, from the operator's settings.
 *
 * @param maxRunning   migrator Jobs running at once across every watched namespace; more wait their turn
 * @param startTimeout a Job whose pod has not started after this long stalls (JobNotStarted)
 */
public record JobLimits(int maxRunning, Duration startTimeout) {
    /** How often a resource waiting for a free slot looks again. */
    static final Duration SLOT_RECHECK = Duration.ofSeconds(10);
}
