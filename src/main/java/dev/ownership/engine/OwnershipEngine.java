package dev.ownership.engine;

import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.ledger.Ledger;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import dev.ownership.engine.plan.Planner;
import dev.ownership.engine.plan.ResolvedMigration;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.plan.Resolver;
import dev.ownership.engine.step.LockingExecutor;
import dev.ownership.engine.step.Step;
import dev.ownership.engine.step.StepContext;
import dev.ownership.engine.step.StepSequences;
import dev.ownership.engine.step.TargetState;
import dev.ownership.engine.step.TargetStateReader;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine's public face: plan, apply, verify and revert one OwnershipMigration against one database.
 * Plan and verify only read. Apply and revert take the migrator lock, run preflight, and then run each
 * target's steps that the catalog says are not done yet, recording them in the ledger.
 */
public final class OwnershipEngine {
    /** A lock wait without limit. */
    public static final Duration LOCK_WAIT_FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    private final DatabaseConnector db;
    private final Duration lockWait;

    /** An engine that fails at once when another migrator holds the database. */
    public OwnershipEngine(DatabaseConnector db) {
        this(db, Duration.ZERO);
    }

    /** @param lockWait how long apply and revert wait for another migrator to finish, or LOCK_WAIT_FOREVER */
    public OwnershipEngine(DatabaseConnector db, Duration lockWait) {
        this.db = db;
        this.lockWait = lockWait;
    }

    public Plan plan(MigrationSpec spec) {
        return withCatalog(catalog -> {
            ResolvedMigration m = Resolver.forApply(catalog, spec);
            requireOwnTargets(m, new Ledger(catalog.connection(), spec.settings().ledgerSchema()));
            return new Planner(catalog).apply(m);
        });
    }

    public Plan planRevert(MigrationSpec spec) {
        return withCatalog(catalog -> {
            Ledger ledger = new Ledger(catalog.connection(), spec.settings().ledgerSchema());
            return new Planner(catalog).revert(Resolver.forInspection(catalog, spec),
                    ledger.exists() ? Optional.of(ledger) : Optional.empty());
        });
    }

    public VerifyReport verify(MigrationSpec spec) {
        return withCatalog(catalog -> new Verifier(catalog).verify(Resolver.forInspection(catalog, spec)));
    }

    public RunResult apply(MigrationSpec spec, MigrationListener listener) {
        return apply(spec, listener, Optional.empty());
    }

    /**
     * @param approvedHash when present, run only if the plan made under the migrator lock still has this hash:
     *                     a plan checked before the lock could change while waiting for it
     */
    public RunResult apply(MigrationSpec spec, MigrationListener listener, Optional<String> approvedHash) {
        return withCatalog(catalog -> {
            try (MigratorLock lock = MigratorLock.acquire(catalog.connection(), lockWait, listener)) {
                ResolvedMigration m = Resolver.forApply(catalog, spec);
                Ledger ledger = new Ledger(catalog.connection(), spec.settings().ledgerSchema());
                requireOwnTargets(m, ledger);
                m.warnings().forEach(listener::warning);
                Plan plan = new Planner(catalog).applySteps(m); // the backfill counts its own rows
                requireApproved(approvedHash, plan);
                Ledger.migrate(db, spec.settings().ledgerSchema());
                return new Run(db, catalog, ledger, listener, spec, plan, "apply").execute(m, m.targets(), rt -> {
                    TargetState state = TargetStateReader.read(catalog, rt);
                    TargetRecord record = ledger.target(rt.table().schema(), rt.table().name(), rt.column())
                            .orElse(null);
                    return new Run.Work(record == null ? preState(spec, rt, state) : record,
                            StepSequences.apply(rt, state.columnExists()));
                });
            }
        });
    }

    public RunResult revert(MigrationSpec spec, MigrationListener listener) {
        return revert(spec, listener, Optional.empty());
    }

    /** @param approvedHash as for {@link #apply(MigrationSpec, MigrationListener, Optional)}, of the revert plan */
    public RunResult revert(MigrationSpec spec, MigrationListener listener, Optional<String> approvedHash) {
        return withCatalog(catalog -> {
            try (MigratorLock lock = MigratorLock.acquire(catalog.connection(), lockWait, listener)) {
                ResolvedMigration m = Resolver.forInspection(catalog, spec);
                Ledger ledger = new Ledger(catalog.connection(), spec.settings().ledgerSchema());
                boolean applied = ledger.exists();
                Plan plan = new Planner(catalog).revert(m, applied ? Optional.of(ledger) : Optional.empty());
                requireApproved(approvedHash, plan);
                if (!applied) {
                    return new RunResult(spec.name(), "revert", 0, "", List.of(), List.of(), List.of());
                }
                Ledger.migrate(db, spec.settings().ledgerSchema()); // restore-nulls reads V2's recorded values
                Run run = new Run(db, catalog, ledger, listener, spec, plan, "revert");
                return run.execute(m, m.childrenFirst(), rt -> {
                    Optional<TargetRecord> record = ledger.target(rt.table().schema(), rt.table().name(), rt.column())
                            .filter(r -> r.madeBy(spec.identity())); // another migration's: left alone
                    return record.map(r -> new Run.Work(r, StepSequences.revert(rt, r)))
                            .orElse(null);
                });
            }
        });
    }

    private static void requireApproved(Optional<String> approvedHash, Plan plan) {
        if (approvedHash.isPresent() && !approvedHash.get().equals(plan.hash())) {
            throw new PlanChangedException(approvedHash.get(), plan.hash());
        }
    }

    /**
     * A target another migration made is that migration's: this one would reuse its record, and its revert would
     * drop the other's column, foreign key and index. Part of preflight, so nothing has changed yet.
     */
    private static void requireOwnTargets(ResolvedMigration m, Ledger ledger) throws SQLException {
        if (!ledger.exists()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (ResolvedTarget rt : m.targets()) {
            Optional<TargetRecord> record = ledger.target(rt.table().schema(), rt.table().name(), rt.column());
            if (record.isPresent() && !record.get().madeBy(m.spec().identity())) {
                problems.add("spec.targets[" + m.spec().targets().indexOf(rt.target()) + "]: " + rt.label()
                        + " belongs to migration " + record.get().migration() + ", which made it; revert that"
                        + " migration first, or leave this target out");
            }
        }
        if (!problems.isEmpty()) {
            throw new PreflightException(problems);
        }
    }

    /** What existed before the migrator first touched this target. */
    private static TargetRecord preState(MigrationSpec spec, ResolvedTarget rt, TargetState s) {
        return new TargetRecord(0, rt.table().schema(), rt.table().name(), rt.column(), s.columnExists(), s.notNull(),
                s.foreignKey().isPresent(), s.validIndex().isPresent(),
                s.foreignKey().map(fk -> fk.name()).orElse(rt.names().foreignKey()),
                s.validIndex().map(i -> i.name()).orElse(rt.names().index()), spec.identity());
    }

    @FunctionalInterface
    private interface CatalogWork<T> {
        T run(Catalog catalog) throws SQLException;
    }

    private <T> T withCatalog(CatalogWork<T> work) {
        try (Connection c = db.open()) {
            return work.run(new Catalog(c));
        } catch (SQLException e) {
            throw new MigrationException("Database error (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    /** One apply or revert run: the ledger bookkeeping around each target's steps. */
    private static final class Run {
        record Work(TargetRecord record, List<? extends Step> steps) {
        }

        @FunctionalInterface
        interface WorkFor {
            Work of(ResolvedTarget rt) throws SQLException;
        }

        private final DatabaseConnector db;
        private final Catalog catalog;
        private final Ledger ledger;
        private final MigrationListener listener;
        private final MigrationSpec spec;
        private final Plan plan;
        private final String action;

        Run(DatabaseConnector db, Catalog catalog, Ledger ledger, MigrationListener listener, MigrationSpec spec,
            Plan plan, String action) {
            this.db = db;
            this.catalog = catalog;
            this.ledger = ledger;
            this.listener = listener;
            this.spec = spec;
            this.plan = plan;
            this.action = action;
        }

        /** @param targets in the order to run them: parents first for apply, children first for revert */
        RunResult execute(ResolvedMigration m, List<ResolvedTarget> targets, WorkFor workFor) throws SQLException {
            long runId = ledger.startRun(spec.identity(), action, plan.hash());
            Connection c = catalog.connection();
            LockingExecutor executor = new LockingExecutor(c, catalog, spec.settings().lockRetries(), listener);
            List<RunResult.StepResult> results = new ArrayList<>();
            try {
                for (ResolvedTarget rt : targets) {
                    Work work = workFor.of(rt);
                    if (work == null) {
                        continue;
                    }
                    TargetRecord record = work.record().id() == 0 ? ledger.recordTarget(work.record(), runId)
                            : work.record();
                    StepContext ctx = new StepContext(c, catalog, executor, ledger, record, listener, db);
                    for (Step step : work.steps()) {
                        results.add(runStep(runId, rt, step, ctx));
                    }
                    if ("revert".equals(action)) {
                        ledger.forgetTarget(record.id());
                    }
                }
                ledger.finishRun(runId, "succeeded", null);
            } catch (SQLException | RuntimeException e) {
                recordFailure(runId, e);
                throw e;
            }
            return new RunResult(spec.name(), action, runId, plan.hash(), results, plan.skipped(), m.warnings());
        }

        private RunResult.StepResult runStep(long runId, ResolvedTarget rt, Step step, StepContext ctx)
                throws SQLException {
            if (step.isDone(TargetStateReader.read(catalog, rt))) {
                listener.stepSkipped(rt.label(), step.name());
                return new RunResult.StepResult(rt.label(), step.name(), true, 0, 0, 0);
            }
            long stepId = ledger.startStep(runId, rt.label(), step.name());
            listener.stepStarted(rt.label(), step.name());
            long started = System.nanoTime();
            long rows;
            try {
                rows = step.apply(ctx);
            } catch (SQLException | RuntimeException e) {
                int[] stats = ctx.executor().takeStats();
                safely(() -> ledger.finishStep(stepId, "failed", 0, stats[0], stats[1], e.getMessage()));
                throw e;
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            int[] stats = ctx.executor().takeStats();
            ledger.finishStep(stepId, "succeeded", rows, stats[0], stats[1], null);
            listener.stepFinished(rt.label(), step.name(), rows, millis);
            return new RunResult.StepResult(rt.label(), step.name(), false, rows, millis, stats[0]);
        }

        private void recordFailure(long runId, Exception e) {
            safely(() -> ledger.finishRun(runId, "failed", e.getMessage()));
        }

        /** Bookkeeping after a failure must not hide the failure itself (the session may be gone). */
        private static void safely(SqlAction work) {
            try {
                work.run();
            } catch (SQLException | RuntimeException ignored) {
                // the original failure is what the user needs to see
            }
        }

        @FunctionalInterface
        private interface SqlAction {
            void run() throws SQLException;
        }
    }
}
