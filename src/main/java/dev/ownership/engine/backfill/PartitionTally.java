package dev.ownership.engine.backfill;

import dev.ownership.engine.BackfillProgress;
import dev.ownership.engine.ledger.Checkpoint;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which partitions of a partitioned target the sessions walk now, and how many of the partitions holding rows are
 * walked to the end: a partition is done when its last open slice is (a resumed run starts with the partitions
 * whose slices were all finished before). Relations are named as the slices' checkpoints name them.
 */
final class PartitionTally {
    private final Map<String, String> names;
    private final Map<String, Integer> openSlices = new HashMap<>();
    /** Sessions in each partition, in the order they entered it. */
    private final Map<String, Integer> walking = new LinkedHashMap<>();

    /**
     * @param names every partition holding rows, to the name people read
     * @param open  the slices still to walk
     */
    PartitionTally(Map<String, String> names, List<Checkpoint> open) {
        this.names = Map.copyOf(names);
        open.forEach(slice -> openSlices.merge(slice.relation(), 1, Integer::sum));
    }

    void entered(String relation) {
        walking.merge(relation, 1, Integer::sum);
    }

    /** A session walked one of the partition's slices to its end. */
    void finished(String relation) {
        walking.computeIfPresent(relation, (r, n) -> n > 1 ? n - 1 : null);
        openSlices.computeIfPresent(relation, (r, n) -> n > 1 ? n - 1 : null);
    }

    BackfillProgress.Partitions now() {
        return new BackfillProgress.Partitions(walking.keySet().stream().map(names::get).toList(),
                names.size() - openSlices.size(), names.size());
    }
}
