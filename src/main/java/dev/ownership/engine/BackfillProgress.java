package dev.ownership.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * A backfill's progress after a committed batch.
 *
 * @param rowsPerSecond over the last few seconds (all sessions together); 0 until two batches are in
 * @param timeLeft      at that rate, for the rows still to fill; empty while the rate is unknown
 */
public record BackfillProgress(long rowsDone, long rowsTotal, double rowsPerSecond, Optional<Duration> timeLeft) {
}
