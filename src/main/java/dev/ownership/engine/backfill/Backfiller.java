package dev.ownership.engine.backfill;

import dev.ownership.engine.ledger.Checkpoint;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.step.StepContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Gives every row with a NULL owner its owner. Online: one short transaction per range of rows, the
 * checkpoint committed with the batch so a restart resumes exactly there, then a sweep of NULLs left by
 * anything the ranges could not see. Offline: one UPDATE, as the hand-written migrations do.
 */
public class Backfiller {
    static final String ROW = "ownership_target";
    /** Slices per session: a session whose slices had fewer NULLs takes over others' instead of idling. */
    static final int SLICES_PER_SESSION = 4;

    private final ResolvedTarget rt;
    private final RowWalker walker;

    public Backfiller(ResolvedTarget rt) {
        this.rt = rt;
        this.walker = rt.rowKey().<RowWalker>map(k -> new KeyRangeWalker(rt.table(), k))
                .orElseGet(() -> new CtidRangeWalker(rt.table()));
    }

    /** The UPDATE for rows matching {@code condition}; with recordKeys it also logs each filled row's key and owner. */
    public String updateSql(String condition, boolean recordKeys, String filledKeyTable) {
        String update = "UPDATE " + rt.table().sql() + " AS " + ROW + " SET " + rt.columnSql() + " = "
                + rt.ownerExpression(ROW) + " WHERE " + condition + " AND " + ROW + "." + rt.columnSql() + " IS NULL";
        if (!recordKeys) {
            return update;
        }
        return "WITH filled AS (" + update + " RETURNING " + walker.keyText(ROW).orElseThrow() + " AS key, " + ROW + "."
                + rt.columnSql() + "::text AS value) INSERT INTO " + filledKeyTable + " (target_id, key, value)"
                + " SELECT ?, key, value FROM filled";
    }

    /** The batch UPDATE as the plan shows it: positions are bind parameters. */
    public String batchTemplate() {
        return updateSql(walker.rangeCondition(ROW, true), false, null);
    }

    public String offlineSql() {
        return updateSql("true", false, null);
    }

    /** Rows of a column that existed before are recorded, so revert can give them back their NULL. */
    private boolean recordKeys(StepContext ctx) {
        return ctx.target().columnExisted() && walker.keyText(ROW).isPresent();
    }

    public long offline(StepContext ctx) throws SQLException {
        boolean record = recordKeys(ctx);
        List<Object> params = record ? List.of(ctx.target().id()) : List.of();
        return ctx.executor().run(rt.settings().batchLockTimeout(), List.of(rt.table()),
                () -> Jdbc.inTransaction(ctx.connection(),
                        () -> (long) Jdbc.update(ctx.connection(), updateSql("true", record, ctx.ledger().filledKeyTable()),
                                params.toArray())),
                () -> { });
    }

    /**
     * Fills the target's slices (one per session of execution.parallelism, times a few so a session that ends early
     * takes another), then sweeps once. A run that died resumes each slice from its own checkpoint.
     */
    public long online(StepContext ctx) throws SQLException {
        long id = ctx.target().id();
        List<Checkpoint> slices = ctx.ledger().checkpoints(id);
        if (slices.isEmpty() || slices.get(0).completed()) {
            slices = startSlices(ctx);
        }
        long before = slices.stream().mapToLong(Checkpoint::rowsDone).sum();
        long total = slices.stream().mapToLong(Checkpoint::rowsTotal).sum();
        ProgressTracker progress = new ProgressTracker(rt.label(), ctx.listener(), before, Math.max(total, before));
        SliceWorkers workers = new SliceWorkers();
        Fill fill = new Fill(id, recordKeys(ctx), new BatchGate(rt.settings().pace()), progress, workers::stopped);
        List<Checkpoint> open = slices.stream().filter(sl -> sl.upperKey().isPresent()
                && !sl.upperKey().equals(sl.lastKey())).toList();
        workers.run(ctx, rt.settings().pace().parallelism(), rt.settings().lockRetries(), open, fill::walk);
        long swept = sweep(ctx);
        ctx.ledger().completeCheckpoints(id, swept);
        if (swept > 0) {
            progress.committed(swept);
        }
        ctx.executor().execute(rt.settings().backgroundLockTimeout(), List.of(rt.table()),
                "ANALYZE " + rt.table().sql());
        return progress.done() - before;
    }

    /** Cuts the target at the walker's split points; each slice starts where the one before it ends. */
    private List<Checkpoint> startSlices(StepContext ctx) throws SQLException {
        Connection c = ctx.connection();
        long total = Jdbc.count(c, "SELECT count(*) FROM " + rt.table().sql() + " WHERE " + rt.columnSql()
                + " IS NULL");
        Optional<String> upper = walker.upperBound(c);
        int parallelism = rt.settings().pace().parallelism();
        List<String> cuts = new ArrayList<>();
        if (upper.isPresent() && parallelism > 1) {
            cuts.addAll(walker.splitPoints(c, Optional.empty(), upper.get(), parallelism * SLICES_PER_SESSION));
        }
        List<Checkpoint> slices = new ArrayList<>();
        Optional<String> start = Optional.empty();
        for (int i = 0; i <= cuts.size(); i++) {
            Optional<String> end = i < cuts.size() ? Optional.of(cuts.get(i)) : upper;
            slices.add(new Checkpoint(i, rt.table().sql(), end, start, 0, i == 0 ? total : 0, 0, false));
            start = end;
        }
        ctx.ledger().startCheckpoints(ctx.target().id(), slices);
        return slices;
    }

    /** One backfill run's batches, on whichever session walks a slice. */
    private final class Fill {
        private final long targetId;
        private final boolean record;
        private final BatchGate gate;
        private final ProgressTracker progress;
        private final BooleanSupplier stopped;

        Fill(long targetId, boolean record, BatchGate gate, ProgressTracker progress, BooleanSupplier stopped) {
            this.targetId = targetId;
            this.record = record;
            this.gate = gate;
            this.progress = progress;
            this.stopped = stopped;
        }

        /** One slice, batch by batch, each batch committing the slice's checkpoint with it. */
        void walk(SliceWorkers.Session s, Checkpoint slice, Executor mailbox) throws SQLException {
            // one relation per target today: a slice per leaf partition would take that leaf's walker here
            Optional<String> lower = slice.lastKey();
            String upper = slice.upperKey().orElseThrow();
            int size = gate.batchSize(rt.settings().batchSize());
            while (!stopped.getAsBoolean()) {
                Optional<String> boundary = walker.nextBoundary(s.connection(), lower, upper, size);
                if (boundary.isEmpty()) {
                    return;
                }
                gate.awaitReplicas(s.connection(), reason -> mailbox.execute(() -> progress.throttled(reason)),
                        message -> mailbox.execute(() -> progress.warning(message)), stopped);
                if (stopped.getAsBoolean()) {
                    return;
                }
                long started = System.nanoTime();
                long rows = batch(s, slice.slice(), lower, boundary.get());
                mailbox.execute(() -> progress.committed(rows));
                size = gate.batchSize(BatchSizer.next(size, Duration.ofNanos(System.nanoTime() - started),
                        rt.settings().targetBatchTime()));
                lower = boundary;
                gate.paced(rows);
                BatchGate.sleep(rt.settings().pauseBetweenBatches().toMillis());
            }
        }

        private long batch(SliceWorkers.Session s, int slice, Optional<String> lower, String upper)
                throws SQLException {
            List<Object> params = new ArrayList<>(walker.rangeParams(lower, upper));
            if (record) {
                params.add(targetId); // the INSERT's parameter comes last in the text
            }
            String sql = updateSql(walker.rangeCondition(ROW, lower.isPresent()), record, s.ledger().filledKeyTable());
            Connection c = s.connection();
            return s.executor().run(rt.settings().batchLockTimeout(), List.of(rt.table()),
                    () -> Jdbc.inTransaction(c, () -> {
                        long rows = Jdbc.update(c, sql, params.toArray());
                        s.ledger().advanceCheckpoint(targetId, slice, upper, rows);
                        return rows;
                    }), () -> { });
        }
    }

    /** Fills NULL owners wherever they are, a batch at a time, until none is left. */
    public long sweep(StepContext ctx) throws SQLException {
        boolean record = recordKeys(ctx);
        // without a default owner a row may have no owner to get; skipping it keeps this loop finite
        String condition = walker.someNullRows(ROW, rt.columnSql())
                + (rt.owner().defaultKey().isEmpty() ? " AND " + rt.ownerExpression(ROW) + " IS NOT NULL" : "");
        String sql = updateSql(condition, record, ctx.ledger().filledKeyTable());
        long total = 0;
        while (true) {
            Object[] params = record ? new Object[]{rt.settings().batchSize(), ctx.target().id()}
                    : new Object[]{rt.settings().batchSize()};
            long rows = ctx.executor().run(rt.settings().batchLockTimeout(), List.of(rt.table()),
                    () -> (long) Jdbc.update(ctx.connection(), sql, params), () -> { });
            total += rows;
            if (rows == 0) {
                return total;
            }
        }
    }
}
