package dev.ownership.bench;

import dev.ownership.bench.Migration.Outcome;
import dev.ownership.bench.Migration.Phase;
import dev.ownership.testing.pg.TestDatabase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One measured run on a fresh copy: the application writes for {@value #SETTLE_MS} ms, the migration runs
 * (or, for the baseline, nothing does), the application goes on for {@value #SETTLE_MS} ms more, then the
 * result is checked. The writer's figures are those of the statements running at some moment of the
 * migration.
 */
record Trial(Scenario scenario, String runner, Outcome outcome, LatencyLog.Stats writer,
             Optional<LockSampler.Wait> lockWait, List<Double> longestWaits, List<PhaseFigures> phases,
             List<String> problems, int usersDeleted, LatencyLog.Stats afterwards, Map<String, String> errorMessages,
             double otherCores, long rows, Costs costs, Optional<ReplicaLagSampler.Figures> replicaLag) {

    static final long SETTLE_MS = 3_000;
    /** Time the replica may take to replay what came before a run (the load, the copy): minutes at 10 M rows. */
    static final Duration CATCH_UP = Duration.ofMinutes(30);
    static final String BASELINE = "baseline";
    static final String ALONE = ", no application";

    /** A phase with the longest application wait among the statements running during it. */
    record PhaseFigures(Phase phase, double writerMaxMillis, Optional<LockSampler.Wait> lockWait) {
    }

    boolean ok() {
        return outcome.failure().isEmpty() && problems.isEmpty();
    }

    boolean withApplication() {
        return !runner.endsWith(ALONE);
    }

    /** The migration while the application writes, or, without it, as in a maintenance window. */
    static Trial run(Workload workload, Scenario scenario, Migration migration, boolean application,
                     MachineLoad load) {
        return run(workload, scenario, migration.name() + (application ? "" : ALONE), application, load,
                db -> migration.run(db, workload, scenario));
    }

    static Trial baseline(Workload workload, Scenario scenario, long millis, MachineLoad load) {
        return run(workload, scenario, BASELINE, true, load, db -> {
            long start = System.nanoTime();
            sleep(millis);
            long end = System.nanoTime();
            return new Outcome(start, end, List.of(new Phase("no migration", start, end, 0)), 0, 0,
                    Optional.empty(), List.of());
        });
    }

    private interface Body {
        Outcome run(TestDatabase db);
    }

    private static Trial run(Workload workload, Scenario scenario, String runner, boolean application,
                             MachineLoad load, Body body) {
        TestDatabase db = workload.copy(scenario.name().toLowerCase() + "_" + runner.replaceAll("\\W+", "_"));
        try {
            if (scenario.columnExists) {
                db.sql("ALTER TABLE videos ADD COLUMN user_id uuid");
            }
            db.sql("CHECKPOINT");
            awaitReplica(workload);
            LatencyLog log = new LatencyLog();
            Outcome outcome;
            int deleted;
            try (LockSampler sampler = new LockSampler(db);
                 ReplicaLagSampler lag = workload.replica().isPresent() ? new ReplicaLagSampler(workload.admin())
                         : null;
                 AppWriter app = new AppWriter(db, workload, scenario, log)) {
                if (application) {
                    app.start();
                    sleep(SETTLE_MS);
                }
                Costs.Snapshot before = Costs.Snapshot.of(db);
                outcome = body.run(db);
                Costs.Snapshot after = Costs.Snapshot.of(db);
                if (application) {
                    sleep(SETTLE_MS);
                }
                app.close();
                deleted = app.usersDeleted();
                sampler.close();
                Optional<ReplicaLagSampler.Figures> replicaLag = Optional.ofNullable(lag).map(l -> {
                    awaitReplica(workload); // the migration's WAL replayed, its lag seen
                    l.close();
                    return l.figures(outcome);
                });
                List<PhaseFigures> phases = new ArrayList<>();
                for (Phase p : outcome.phases()) {
                    phases.add(new PhaseFigures(p, log.overlapping(p.startNanos(), p.endNanos()).maxMillis(),
                            sampler.longest(p.startNanos(), p.endNanos())));
                }
                LatencyLog.Stats writer = log.overlapping(outcome.startNanos(), outcome.endNanos());
                List<String> problems = runner.equals(BASELINE) || outcome.failure().isPresent() ? List.of()
                        : check(db, workload, scenario);
                return new Trial(scenario, runner, outcome, writer,
                        sampler.longest(outcome.startNanos(), outcome.endNanos()), waitsOf(writer, app, sampler),
                        phases, problems, deleted,
                        log.stats(s -> s.startNanos() > outcome.endNanos()), log.firstMessages(),
                        load.otherCores(outcome.startNanos(), outcome.endNanos()), workload.rows,
                        Costs.between(db, before, after, sampler.peakSessions(outcome.startNanos(),
                                outcome.endNanos())), replicaLag);
            }
        } finally {
            workload.drop(db);
        }
    }

    /** The lock waits of the application's longest statement, as the sampler saw them. */
    private static List<Double> waitsOf(LatencyLog.Stats writer, AppWriter app, LockSampler sampler) {
        return writer.longest().flatMap(s -> app.pidOf(s.kind())
                .map(pid -> sampler.waitsOf(pid, s.startNanos(), s.endNanos()))).orElse(List.of());
    }

    /** What the migration must have left: every row owned, rightly; NOT NULL, a valid foreign key and index. */
    static List<String> check(TestDatabase db, Workload workload, Scenario scenario) {
        List<String> problems = new ArrayList<>();
        long nulls = db.count("SELECT count(*) FROM videos WHERE user_id IS NULL");
        if (nulls > 0) {
            problems.add(nulls + " videos without owner");
        }
        String expected = scenario.fromParent() ? "COALESCE(l.user_id, '" + workload.defaultOwner + "')"
                : "'" + workload.defaultOwner + "'";
        long wrong = db.count("SELECT count(*) FROM videos v JOIN bookmarks_lists l ON l.id = v.list_id"
                + " WHERE v.user_id <> " + expected);
        if (wrong > 0) {
            problems.add(wrong + " videos with the wrong owner");
        }
        if (!"t".equals(db.value("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'videos'::regclass"
                + " AND attname = 'user_id'"))) {
            problems.add("user_id is not NOT NULL");
        }
        if (db.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'videos'::regclass AND contype = 'f'"
                + " AND convalidated AND pg_get_constraintdef(oid) ="
                + " 'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE'") != 1) {
            problems.add("no valid foreign key user_id -> users ON DELETE CASCADE");
        }
        if (db.count("SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                + " AND a.attnum = i.indkey[0] WHERE i.indrelid = 'videos'::regclass AND a.attname = 'user_id'"
                + " AND i.indisvalid AND i.indnatts = 1") != 1) {
            problems.add("no valid index on user_id");
        }
        return problems;
    }

    private static void awaitReplica(Workload workload) {
        workload.replica().ifPresent(r -> r.await("the replica to catch up", CATCH_UP, r::caughtUp));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
