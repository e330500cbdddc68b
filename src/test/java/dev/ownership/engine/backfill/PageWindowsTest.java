package dev.ownership.engine.backfill;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageWindowsTest {

    /** Every batch of a slice, from its start to its end, windows of {@code window} pages. */
    private static List<PageWindows.Batch> walk(Optional<String> start, long end, long window) {
        List<PageWindows.Batch> batches = new ArrayList<>();
        Optional<String> lower = start;
        for (Optional<String> next = PageWindows.next(lower, end, window); next.isPresent();
             next = PageWindows.next(lower, end, window)) {
            batches.add(PageWindows.between(lower, next.get()));
            lower = next;
        }
        return batches;
    }

    @Test
    void eachWindowIsWalkedInEveryPassBeforeTheNextWindow() {
        List<PageWindows.Batch> batches = walk(Optional.empty(), 250, 100);

        assertThat(batches).hasSize(3 * PageWindows.PASSES);
        for (int i = 0; i < batches.size(); i++) {
            long from = i / PageWindows.PASSES * 100L;
            assertThat(batches.get(i)).isEqualTo(new PageWindows.Batch(from, Math.min(250, from + 100),
                    i % PageWindows.PASSES));
        }
    }

    @Test
    void aWindowsLastPassEndsAtItsUpperPageAsAWholePageRangeDid() {
        assertThat(PageWindows.next(Optional.of("0:100:1"), 250, 100)).contains("0:100:2");
        assertThat(PageWindows.next(Optional.of("0:100:" + (PageWindows.PASSES - 1)), 250, 100)).contains("100");
        assertThat(PageWindows.next(Optional.of("200:250:" + (PageWindows.PASSES - 1)), 250, 100)).contains("250");
        assertThat(PageWindows.next(Optional.of("250"), 250, 100)).isEmpty();
    }

    @Test
    void aSliceStartsAtItsOwnFirstPageAndTheWindowSizeCountsOnlyWhenAWindowOpens() {
        assertThat(walk(Optional.of("40"), 50, 100)).first().isEqualTo(new PageWindows.Batch(40, 50, 0));
        assertThat(PageWindows.next(Optional.of("40:50:3"), 50, 1)).contains("40:50:4");
        assertThat(PageWindows.next(Optional.of("40"), 50, 0)).contains("40:41:1");
        assertThat(PageWindows.inWindow(Optional.of("40:50:3"))).isTrue();
        assertThat(PageWindows.inWindow(Optional.of("40"))).isFalse();
        assertThat(PageWindows.inWindow(Optional.empty())).isFalse();
    }

    @Test
    void aResumedWalkGoesOnFromItsCheckpointMidWindow() {
        List<PageWindows.Batch> whole = walk(Optional.empty(), 30, 10);
        List<PageWindows.Batch> resumed = walk(Optional.of("10:20:3"), 30, 10);

        assertThat(resumed).isEqualTo(whole.subList(PageWindows.PASSES + 3, whole.size()));
    }

    @Test
    void aPositionNoWalkMakesIsRefused() {
        assertThatThrownBy(() -> PageWindows.between(Optional.of("0:100:2"), "100"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 0:100:2 to 100");
        assertThatThrownBy(() -> PageWindows.between(Optional.empty(), "100"))
                .hasMessageContaining("from the start to 100");
    }
}
