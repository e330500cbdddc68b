package dev.ownership.engine.backfill;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SliceBatchSizeTest {
    static final Duration TARGET = Duration.ofMillis(200);

    @Test
    void batchesThatTakeTheirSizeAreEachMeasuredAlone() {
        SliceBatchSize size = new SliceBatchSize(new AtomicInteger(1000), TARGET, n -> n);

        assertThat(size.offer(true)).isEqualTo(1000);
        size.took(Duration.ofMillis(100));
        assertThat(size.offer(true)).isEqualTo(1500);
        size.took(Duration.ofMillis(600));
        assertThat(size.offer(true)).isEqualTo(500);
    }

    @Test
    void batchesKeepingTheirSizeAreMeasuredByTheSlowestAgainstTheSizeTheyKept() {
        SliceBatchSize size = new SliceBatchSize(new AtomicInteger(1000), TARGET, n -> n);
        size.offer(true);
        size.took(Duration.ofMillis(400)); // a window's first pass
        for (int pass = 1; pass < PageWindows.PASSES; pass++) {
            size.offer(false);
            size.took(Duration.ofMillis(50));
        }

        assertThat(size.offer(true)).as("the next window, from 1000 rows in 400 ms").isEqualTo(500);
        size.took(Duration.ofMillis(100));
        size.offer(false);
        size.took(Duration.ofMillis(100));
        assertThat(size.offer(true)).as("grown once from 500, not once per pass").isEqualTo(750);
    }

    @Test
    void aSliceStartsFromTheSizeTheSlicesBeforeItLearned() {
        AtomicInteger learned = new AtomicInteger(1000);
        SliceBatchSize first = new SliceBatchSize(learned, TARGET, n -> n);
        first.offer(true);
        first.took(Duration.ofMillis(400));

        assertThat(learned).hasValue(500);
        assertThat(new SliceBatchSize(learned, TARGET, n -> n).offer(true)).isEqualTo(500);
    }

    @Test
    void theCapBoundsTheFirstSizeAndEveryOneAfter() {
        SliceBatchSize size = new SliceBatchSize(new AtomicInteger(1000), TARGET, n -> Math.min(n, 800));

        assertThat(size.offer(true)).isEqualTo(800);
        size.took(Duration.ofMillis(1));
        assertThat(size.offer(true)).isEqualTo(800);
    }
}
