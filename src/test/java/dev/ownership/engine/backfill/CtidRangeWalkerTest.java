package dev.ownership.engine.backfill;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CtidRangeWalkerTest {
    @Test
    void pagesAreCutIntoEqualParts() {
        assertThat(CtidRangeWalker.pageSplits(0, 100, 4)).containsExactly("25", "50", "75");
        assertThat(CtidRangeWalker.pageSplits(10, 20, 3)).containsExactly("13", "16");
    }

    @Test
    void fewerPagesThanPartsGiveFewerCuts() {
        assertThat(CtidRangeWalker.pageSplits(0, 2, 8)).containsExactly("1");
        assertThat(CtidRangeWalker.pageSplits(0, 1, 8)).isEmpty();
        assertThat(CtidRangeWalker.pageSplits(0, 100, 1)).isEmpty();
    }
}
