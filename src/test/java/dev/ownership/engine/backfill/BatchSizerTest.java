package dev.ownership.engine.backfill;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BatchSizerTest {
    static final Duration TARGET = Duration.ofMillis(200);

    @Test
    void shrinksASlowBatchAtOnceToTheTargetAtMostTenfold() {
        assertThat(BatchSizer.next(1000, Duration.ofMillis(400), TARGET)).isEqualTo(500);
        assertThat(BatchSizer.next(1000, Duration.ofMillis(800), TARGET)).isEqualTo(250);
        assertThat(BatchSizer.next(1000, Duration.ofMillis(250), TARGET)).isEqualTo(800);
        assertThat(BatchSizer.next(10_000, Duration.ofSeconds(10), TARGET)).isEqualTo(1000);
    }

    @Test
    void growsAFastBatchByAtMostHalf() {
        assertThat(BatchSizer.next(1000, Duration.ofMillis(160), TARGET)).isEqualTo(1250);
        assertThat(BatchSizer.next(1000, Duration.ofMillis(100), TARGET)).isEqualTo(1500);
        assertThat(BatchSizer.next(1000, Duration.ofMillis(1), TARGET)).isEqualTo(1500);
    }

    @Test
    void staysWithinBoundsAndKeepsAFixedSizeWithoutTarget() {
        assertThat(BatchSizer.next(150, Duration.ofSeconds(1), TARGET)).isEqualTo(BatchSizer.MIN);
        assertThat(BatchSizer.next(90_000, Duration.ofMillis(1), TARGET)).isEqualTo(BatchSizer.MAX);
        assertThat(BatchSizer.next(1234, Duration.ofSeconds(5), Duration.ZERO)).isEqualTo(1234);
    }
}
