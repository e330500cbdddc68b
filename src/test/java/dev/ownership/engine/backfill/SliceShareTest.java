package dev.ownership.engine.backfill;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How many slices each relation of a target is cut into: its share of the sessions' slices. */
class SliceShareTest {
    private static final int PER_SESSION = Backfiller.SLICES_PER_SESSION;

    @Test
    void aPlainTableIsCutIntoEverySessionsSlices() {
        assertThat(Backfiller.slicesOf(80_000, 80_000, 2)).isEqualTo(2 * PER_SESSION);
        assertThat(Backfiller.slicesOf(80_000, 80_000, 1)).as("one session walks it whole").isEqualTo(1);
    }

    @Test
    void partitionsOfEqualSizeAreNotCutWhenTheyOutnumberTheSlices() {
        assertThat(Backfiller.slicesOf(1_000, 12_000, 2)).isEqualTo(1);
    }

    @Test
    void aPartitionHoldingMostRowsIsCutAsMuchAsItsShare() {
        assertThat(Backfiller.slicesOf(90_000, 100_000, 2)).isEqualTo(8); // 7.2 rounded up
        assertThat(Backfiller.slicesOf(1_000, 100_000, 2)).as("a small one stays whole").isEqualTo(1);
        assertThat(Backfiller.slicesOf(0, 100_000, 4)).as("an empty one too").isEqualTo(1);
        assertThat(Backfiller.slicesOf(0, 0, 4)).as("an empty table").isEqualTo(1);
    }
}
