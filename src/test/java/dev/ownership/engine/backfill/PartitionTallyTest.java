package dev.ownership.engine.backfill;

import dev.ownership.engine.BackfillProgress.Partitions;
import dev.ownership.engine.ledger.Checkpoint;
import dev.ownership.engine.model.WalkOrder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionTallyTest {
    static final String A = "\"public\".\"events_2023\"";
    static final String B = "\"public\".\"events_2024_01\"";
    static final String C = "\"public\".\"events_2024_02\"";
    static final Map<String, String> NAMES = Map.of(A, "events_2023", B, "events_2024_01", C, "events_2024_02");

    static Checkpoint slice(int n, String relation) {
        return new Checkpoint(n, relation, Optional.of("9"), Optional.empty(), 0, 0, 0, false, WalkOrder.PAGES);
    }

    @Test
    void aPartitionIsDoneWhenItsLastSliceIsAndWalkedWhileASessionIsInIt() {
        PartitionTally tally = new PartitionTally(NAMES, List.of(slice(0, A), slice(1, A), slice(2, B), slice(3, C)));
        assertThat(tally.now()).isEqualTo(new Partitions(List.of(), 0, 3));

        tally.entered(A);
        tally.entered(A); // two sessions, one slice each
        tally.entered(B);
        assertThat(tally.now()).isEqualTo(new Partitions(List.of("events_2023", "events_2024_01"), 0, 3));

        tally.finished(A);
        assertThat(tally.now()).as("one of its slices is still walked")
                .isEqualTo(new Partitions(List.of("events_2023", "events_2024_01"), 0, 3));
        tally.finished(A);
        tally.entered(C);
        assertThat(tally.now()).isEqualTo(new Partitions(List.of("events_2024_01", "events_2024_02"), 1, 3));

        tally.finished(B);
        tally.finished(C);
        assertThat(tally.now()).isEqualTo(new Partitions(List.of(), 3, 3));
    }

    @Test
    void aResumedRunCountsThePartitionsFinishedBefore() {
        PartitionTally tally = new PartitionTally(NAMES, List.of(slice(3, C)));
        assertThat(tally.now()).isEqualTo(new Partitions(List.of(), 2, 3));
    }
}
