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

/**
 * Gives every row with a NULL owner its owner. Online: one short transaction per range of rows, the
 * checkpoint committed with the batch so a restart resumes exactly there, then a sweep of NULLs left by
 * anything the ranges could not see. Offline: one UPDATE, as the hand-written migrations do.
 */
public class Backfiller {
    static final String ROW = "ownership_target";

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

    public long online(StepContext ctx) throws SQLException {
        Connection c = ctx.connection();
        long id = ctx.target().id();
        Optional<Checkpoint> saved = ctx.ledger().checkpoint(id).filter(cp -> !cp.completed());
        if (saved.isEmpty()) {
            long total = Jdbc.count(c, "SELECT count(*) FROM " + rt.table().sql() + " WHERE " + rt.columnSql()
                    + " IS NULL");
            ctx.ledger().startCheckpoint(id, walker.upperBound(c).orElse(null), total);
            saved = ctx.ledger().checkpoint(id);
        }
        Checkpoint cp = saved.orElseThrow();
        long done = cp.rowsDone();
        long total = Math.max(cp.rowsTotal(), done);
        Optional<String> lower = cp.lastKey();
        int size = rt.settings().batchSize();
        boolean record = recordKeys(ctx);
        while (cp.upperKey().isPresent()) {
            Optional<String> boundary = walker.nextBoundary(c, lower, cp.upperKey().get(), size);
            if (boundary.isEmpty()) {
                break;
            }
            long started = System.nanoTime();
            long rows = batch(ctx, lower, boundary.get(), record);
            done += rows;
            ctx.listener().backfillProgress(rt.label(), done, Math.max(total, done));
            size = BatchSizer.next(size, Duration.ofNanos(System.nanoTime() - started), rt.settings().targetBatchTime());
            lower = boundary;
            pause(rt.settings().pauseBetweenBatches());
        }
        long swept = sweep(ctx);
        ctx.ledger().completeCheckpoint(id, swept);
        if (swept > 0) {
            ctx.listener().backfillProgress(rt.label(), done + swept, Math.max(total, done + swept));
        }
        ctx.executor().execute(rt.settings().backgroundLockTimeout(), List.of(rt.table()),
                "ANALYZE " + rt.table().sql());
        return done + swept - cp.rowsDone();
    }

    private long batch(StepContext ctx, Optional<String> lower, String upper, boolean record) throws SQLException {
        List<Object> params = new ArrayList<>(walker.rangeParams(lower, upper));
        if (record) {
            params.add(ctx.target().id()); // the INSERT's parameter comes last in the text
        }
        String sql = updateSql(walker.rangeCondition(ROW, lower.isPresent()), record, ctx.ledger().filledKeyTable());
        return ctx.executor().run(rt.settings().batchLockTimeout(), List.of(rt.table()),
                () -> Jdbc.inTransaction(ctx.connection(), () -> {
                    long rows = Jdbc.update(ctx.connection(), sql, params.toArray());
                    ctx.ledger().advanceCheckpoint(ctx.target().id(), upper, rows);
                    return rows;
                }), () -> { });
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

    private static void pause(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between batches", e);
        }
    }
}
