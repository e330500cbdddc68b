package dev.ownership.engine.backfill;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RateMeterTest {
    static final long S = 1_000_000_000L;

    @Test
    void unknownUntilTwoSamples() {
        RateMeter m = new RateMeter(Duration.ofSeconds(10));
        assertThat(m.rowsPerSecond()).isZero();
        m.record(0, 500);
        assertThat(m.rowsPerSecond()).isZero();
        m.record(2 * S, 2_500);
        assertThat(m.rowsPerSecond()).isCloseTo(1_000, within(0.001));
    }

    @Test
    void followsTheLastWindowOnly() {
        RateMeter m = new RateMeter(Duration.ofSeconds(10));
        for (int s = 0; s <= 20; s++) { // 1,000 rows/s for 20 s
            m.record(s * S, s * 1_000L);
        }
        for (int s = 21; s <= 40; s++) { // then 100 rows/s (a throttled replica)
            m.record(s * S, 20_000L + (s - 20) * 100L);
        }
        assertThat(m.rowsPerSecond()).isCloseTo(100, within(0.001));
    }

    @Test
    void aWindowKeepsABaselineAtItsStart() {
        RateMeter m = new RateMeter(Duration.ofSeconds(10));
        m.record(0, 0);
        m.record(30 * S, 3_000); // one batch after a long wait: the rate is over the whole gap, not unknown
        assertThat(m.rowsPerSecond()).isCloseTo(100, within(0.001));
    }

    @Test
    void timeLeftAtTheRate() {
        assertThat(RateMeter.timeLeft(60_000, 1_000)).contains(Duration.ofMinutes(1));
        assertThat(RateMeter.timeLeft(10, 0)).isEqualTo(Optional.empty());
        assertThat(RateMeter.timeLeft(0, 0)).contains(Duration.ZERO);
    }
}
