package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** One way of running the migration: the naive sequence or the engine. */
interface Migration {
    String name();

    /** Runs it on a fresh copy while the application writes; failures are returned, not thrown. */
    Outcome run(TestDatabase db, Workload workload, Scenario scenario);

    /** A named stretch of the run: a statement of the naive sequence, a step of the engine. */
    record Phase(String name, long startNanos, long endNanos, long rows) {
        long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }

        boolean contains(long nanos) {
            return nanos >= startNanos && nanos < endNanos;
        }

        /** The engine's backfill step or the naive UPDATE. */
        boolean backfill() {
            return name.equals("backfill") || name.equals("update");
        }
    }

    /**
     * @param backfillRows  rows the backfill gave an owner (0 when no row had to be rewritten)
     * @param backfillNanos time of the statement or step that did it
     * @param notes         facts worth a line in the report (batches, overheads)
     * @param throttledPauses times the backfill paused for execution.maxReplicaLag, where the runner can tell
     */
    record Outcome(long startNanos, long endNanos, List<Phase> phases, long backfillRows, long backfillNanos,
                   Optional<String> failure, List<String> notes, OptionalLong throttledPauses) {
        Outcome(long startNanos, long endNanos, List<Phase> phases, long backfillRows, long backfillNanos,
                Optional<String> failure, List<String> notes) {
            this(startNanos, endNanos, phases, backfillRows, backfillNanos, failure, notes, OptionalLong.empty());
        }

        long totalMillis() {
            return (endNanos - startNanos) / 1_000_000;
        }

        double backfillRowsPerSecond() {
            return backfillNanos == 0 ? 0 : backfillRows / (backfillNanos / 1e9);
        }

        Optional<Phase> phaseAt(long nanos) {
            return phases.stream().filter(p -> p.contains(nanos)).findFirst();
        }
    }

    /** Collects phases as they happen. */
    final class Timeline {
        private final List<Phase> phases = new ArrayList<>();
        private String current;
        private long started;

        synchronized void start(String name) {
            current = name;
            started = System.nanoTime();
        }

        synchronized void finish(long rows) {
            if (current != null) {
                phases.add(new Phase(current, started, System.nanoTime(), rows));
                current = null;
            }
        }

        synchronized List<Phase> phases() {
            return List.copyOf(phases);
        }
    }
}
