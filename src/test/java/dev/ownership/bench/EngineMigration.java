package dev.ownership.bench;

import dev.ownership.engine.MigrationListener;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.RunResult;
import dev.ownership.testing.pg.TestDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The engine in this JVM, online, with the scenario's spec and default settings or the runner's own. */
final class EngineMigration implements Migration {
    private final String name;
    private final String execution;

    /**
     * @param execution the runner's execution settings as the inside of a YAML flow mapping (empty: defaults),
     *                  e.g. {@code parallelism: 2}
     */
    EngineMigration(String name, String execution) {
        this.name = name;
        this.execution = execution;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Outcome run(TestDatabase db, Workload workload, Scenario scenario) {
        Timeline timeline = new Timeline();
        List<long[]> batches = new ArrayList<>(); // {nanoTime, rowsDone} after each committed batch
        List<String> retries = new ArrayList<>();
        Throttling throttling = new Throttling();
        MigrationListener listener = new MigrationListener() {
            @Override
            public void stepStarted(String target, String step) {
                timeline.start(step);
            }

            @Override
            public void stepFinished(String target, String step, long rows, long millis) {
                timeline.finish(rows);
            }

            @Override
            public void backfillProgress(String target, long rowsDone, long rowsTotal) {
                synchronized (batches) {
                    batches.add(new long[]{System.nanoTime(), rowsDone});
                }
                throttling.batch();
            }

            @Override
            public void backfillThrottled(String target, String reason) {
                throttling.poll(reason);
            }

            @Override
            public void lockRetry(String tables, int attempt, int of) {
                synchronized (retries) {
                    retries.add(tables + " attempt " + attempt + "/" + of);
                }
            }
        };
        long started = System.nanoTime();
        Optional<String> failure = Optional.empty();
        RunResult result = null;
        try {
            result = new OwnershipEngine(db.connector()).apply(Workload.spec(scenario, execution), listener);
        } catch (RuntimeException e) {
            timeline.finish(0);
            failure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        long ended = System.nanoTime();
        List<Phase> phases = new ArrayList<>(timeline.phases());
        long firstStep = phases.isEmpty() ? ended : phases.get(0).startNanos();
        phases.add(0, new Phase("preflight, ledger", started, firstStep, 0));

        long rows = 0;
        long nanos = 0;
        if (result != null) {
            for (RunResult.StepResult s : result.steps()) {
                if (s.step().equals("backfill") && !s.skipped()) {
                    rows += s.rows();
                    nanos += s.millis() * 1_000_000;
                }
            }
        }
        List<String> notes = new ArrayList<>();
        Optional<Phase> backfill = phases.stream().filter(p -> p.name().equals("backfill")).findFirst();
        if (backfill.isPresent() && batches.size() > 1) {
            long[] first = batches.get(0);
            long[] last = batches.get(batches.size() - 1);
            Phase b = backfill.get();
            notes.add(String.format("backfill: %d batches (mean %.0f rows); before the first batch commit %d ms"
                            + " (count of NULL rows, first batch); after the last %d ms (sweep of NULLs, ANALYZE);"
                            + " batches alone, first to last commit: %,.0f rows/s",
                    batches.size(), (double) last[1] / batches.size(), (first[0] - b.startNanos()) / 1_000_000,
                    (b.endNanos() - last[0]) / 1_000_000,
                    (last[1] - first[1]) / Math.max(1e-9, (last[0] - first[0]) / 1e9)));
        }
        if (!retries.isEmpty()) {
            notes.add("lock retries: " + String.join(", ", retries));
        }
        throttling.note().ifPresent(notes::add);
        return new Outcome(started, ended, List.copyOf(phases), rows, nanos, failure, notes,
                OptionalLong.of(throttling.pauses()));
    }

    /**
     * The backfill's waits for the replica: the engine says why at each poll while a session waits; a pause is a
     * run of such polls between committed batches (with parallel sessions, a wait of either).
     */
    private static final class Throttling {
        private long pauses;
        private long polls;
        private boolean waiting;
        private String first;

        synchronized void poll(String reason) {
            polls++;
            if (!waiting) {
                pauses++;
                waiting = true;
            }
            if (first == null) {
                first = reason;
            }
        }

        synchronized void batch() {
            waiting = false;
        }

        synchronized long pauses() {
            return pauses;
        }

        synchronized Optional<String> note() {
            return polls == 0 ? Optional.empty() : Optional.of(String.format("throttled: %d pauses, %d polls"
                    + " (the first: %s)", pauses, polls, first));
        }
    }
}
