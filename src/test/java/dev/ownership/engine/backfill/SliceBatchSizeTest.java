package dev.ownership.engine.backfill;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SliceBatchSizeTest {
    static final Duration TARGET = Duration.ofMillis(200);

    @Test
    void batchesThatTakeTheirSizeAreEachMeasuredAlone() {
        SliceBatchSize size = new SliceBatchSize(new AtomicInteger(1000), new AtomicInteger(), TARGET, n -> n);

        assertThat(size.offer(true)).isEqualTo(1000);
        size.took(Duration.ofMillis(100));
        assertThat(size.offer(true)).isEqualTo(1500);
        size.took(Duration.ofMillis(600));
        assertThat(size.offer(true)).isEqualTo(500);
    }

    @Test
    void batchesKeepingTheirSizeAreMeasuredByTheSlowestAgainstTheSizeTheyKept() {
        SliceBatchSize size = new SliceBatchSize(new AtomicInteger(1000), new AtomicInteger(), TARGET, n -> n);
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
    void aSliceStartsFromTheSizeTheSlicesBeforeItLearnedForAFirstWindow() {
        AtomicInteger opening = new AtomicInteger(1000);
        AtomicInteger going = new AtomicInteger();
        SliceBatchSize first = new SliceBatchSize(opening, going, TARGET, n -> n);
        first.offer(true);
        first.took(Duration.ofMillis(400));

        assertThat(opening).hasValue(500);
        assertThat(new SliceBatchSize(opening, going, TARGET, n -> n).offer(true)).isEqualTo(500);
    }

    /** A first window's passes are slow for want of free space: they must not shrink the windows after them. */
    @Test
    void aSlicesFirstWindowLearnsApartFromTheWindowsAfterIt() {
        AtomicInteger opening = new AtomicInteger(1000);
        AtomicInteger going = new AtomicInteger(3000);
        SliceBatchSize size = new SliceBatchSize(opening, going, TARGET, n -> n);

        assertThat(size.offer(true)).isEqualTo(1000);
        size.took(Duration.ofMillis(400));
        assertThat(size.offer(true)).as("the second window, as the later windows learned").isEqualTo(3000);
        size.took(Duration.ofMillis(150));
        assertThat(going).hasValue(4000);
        assertThat(opening).as("learned by the first window only").hasValue(500);
        assertThat(size.offer(true)).isEqualTo(4000);
    }

    @Test
    void theCapBoundsTheFirstSizeAndEveryOneAfter() {
        SliceBatchSize size = new SliceBatchSize(new AtomicInteger(1000), new AtomicInteger(), TARGET, n -> Math.min(n, 800));

        assertThat(size.offer(true)).isEqualTo(800);
        size.took(Duration.ofMillis(1));
        assertThat(size.offer(true)).isEqualTo(800);
    }
}
