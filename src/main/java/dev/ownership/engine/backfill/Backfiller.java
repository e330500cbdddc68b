package dev.ownership.engine.backfill;

import dev.ownership.engine.catalog.KeyColumn;
import dev.ownership.engine.catalog.PartitionInfo;
import dev.ownership.engine.catalog.TableInfo;
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
    /** Between a partition's name and a key in the checkpoint of a partitioned target. */
    static final String PARTITION_SEPARATOR = "\u001f";

    private final ResolvedTarget rt;
    private final RowWalker walker;

    public Backfiller(ResolvedTarget rt) {
        this.rt = rt;
        this.walker = walker(rt.table(), rt.rowKey());
    }

    private static RowWalker walker(TableInfo table, Optional<KeyColumn> key) {
        return key.<RowWalker>map(k -> new KeyRangeWalker(table, k)).orElseGet(() -> new CtidRangeWalker(table));
    }

    /**
     * One table to walk: the target, or one partition holding rows of a partitioned target (walked one after the
     * other by its own key, each with its own upper bound; its position in the checkpoint carries its name).
     */
    private record Walk(TableInfo table, RowWalker walker, String tag) {
        String position(String key) {
            return tag.isEmpty() ? key : tag + PARTITION_SEPARATOR + key;
        }

        boolean owns(Optional<String> position) {
            return tag.isEmpty() || position.filter(p -> p.startsWith(tag + PARTITION_SEPARATOR)).isPresent();
        }

        Optional<String> key(Optional<String> position) {
            return tag.isEmpty() ? position : position.map(p -> p.substring(tag.length() + 1));
        }
    }

    /** A partition is walked by the target's unique key when it has one (the record of filled rows needs it). */
    private List<Walk> walks() {
        if (!rt.partitioned()) {
            return List.of(new Walk(rt.table(), walker, ""));
        }
        return rt.leaves().stream().map(p -> new Walk(p.table(), walker(p.table(), rt.rowKey().or(p::walkKey)),
                p.table().toString())).toList();
    }

    /** The UPDATE for rows matching {@code condition}; with recordKeys it also logs each filled row's key and owner. */
    private String updateSql(TableInfo table, RowWalker w, String condition, boolean recordKeys,
                             String filledKeyTable) {
        String update = "UPDATE " + table.sql() + " AS " + ROW + " SET " + rt.columnSql() + " = "
                + rt.ownerExpression(ROW) + " WHERE " + condition + " AND " + ROW + "." + rt.columnSql() + " IS NULL";
        if (!recordKeys) {
            return update;
        }
        return "WITH filled AS (" + update + " RETURNING " + w.keyText(ROW).orElseThrow() + " AS key, " + ROW + "."
                + rt.columnSql() + "::text AS value) INSERT INTO " + filledKeyTable + " (target_id, key, value)"
                + " SELECT ?, key, value FROM filled";
    }

    /** The batch UPDATE as the plan shows it, one per partition of a partitioned target: positions are parameters. */
    public List<String> batchTemplates() {
        return walks().stream().map(w -> updateSql(w.table(), w.walker(), w.walker().rangeCondition(ROW, true), false,
                null)).toList();
    }

    public String offlineSql() {
        return updateSql(rt.table(), walker, "true", false, null);
    }

    /**
     * Rows of a column that existed before are recorded, so revert can give them back their NULL; a partitioned
     * target only by a key unique across its partitions.
     */
    private boolean recordKeys(StepContext ctx, RowWalker w) {
        return ctx.target().columnExisted() && w.keyText(ROW).isPresent() && (!rt.partitioned() || rt.rowKey().isPresent());
    }

    public long offline(StepContext ctx) throws SQLException {
        boolean record = recordKeys(ctx, walker);
        List<Object> params = record ? List.of(ctx.target().id()) : List.of();
        return ctx.executor().run(rt.settings().batchLockTimeout(), List.of(rt.table()),
                () -> Jdbc.inTransaction(ctx.connection(),
                        () -> (long) Jdbc.update(ctx.connection(), updateSql(rt.table(), walker, "true", record,
                                ctx.ledger().filledKeyTable()),
                                params.toArray())),
                () -> { });
    }

    public long online(StepContext ctx) throws SQLException {
        Connection c = ctx.connection();
        long id = ctx.target().id();
        List<Walk> walks = walks();
        Optional<Checkpoint> saved = ctx.ledger().checkpoint(id).filter(cp -> !cp.completed());
        if (saved.isEmpty()) {
            long total = Jdbc.count(c, "SELECT count(*) FROM " + rt.table().sql() + " WHERE " + rt.columnSql()
                    + " IS NULL");
            // a partitioned target fixes each partition's bound when its walk starts
            ctx.ledger().startCheckpoint(id, rt.partitioned() ? null : walker.upperBound(c).orElse(null), total);
            saved = ctx.ledger().checkpoint(id);
        }
        Checkpoint cp = saved.orElseThrow();
        long done = cp.rowsDone();
        long total = Math.max(cp.rowsTotal(), done);
        int size = rt.settings().batchSize();
        int resumeAt = Math.max(0, indexOf(walks, cp));
        for (int i = resumeAt; i < walks.size(); i++) {
            Walk w = walks.get(i);
            boolean resumed = i == resumeAt && w.owns(cp.upperKey());
            Optional<String> upper = resumed ? w.key(cp.upperKey()) : w.walker().upperBound(c);
            Optional<String> lower = resumed ? w.key(cp.lastKey()) : Optional.empty();
            if (upper.isEmpty()) {
                continue;
            }
            if (!resumed) {
                ctx.ledger().moveCheckpoint(id, w.position(upper.get()));
            }
            boolean record = recordKeys(ctx, w.walker());
            while (true) {
                Optional<String> boundary = w.walker().nextBoundary(c, lower, upper.get(), size);
                if (boundary.isEmpty()) {
                    break;
                }
                long started = System.nanoTime();
                long rows = batch(ctx, w, lower, boundary.get(), record);
                done += rows;
                ctx.listener().backfillProgress(rt.label(), done, Math.max(total, done));
                size = BatchSizer.next(size, Duration.ofNanos(System.nanoTime() - started),
                        rt.settings().targetBatchTime());
                lower = boundary;
                pause(rt.settings().pauseBetweenBatches());
            }
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

    /** The walk the checkpoint stands in; -1 before the first partition's walk started. */
    private static int indexOf(List<Walk> walks, Checkpoint cp) {
        for (int i = 0; i < walks.size(); i++) {
            if (walks.get(i).owns(cp.upperKey())) {
                return i;
            }
        }
        return -1;
    }

    private long batch(StepContext ctx, Walk w, Optional<String> lower, String upper, boolean record)
            throws SQLException {
        List<Object> params = new ArrayList<>(w.walker().rangeParams(lower, upper));
        if (record) {
            params.add(ctx.target().id()); // the INSERT's parameter comes last in the text
        }
        String sql = updateSql(w.table(), w.walker(), w.walker().rangeCondition(ROW, lower.isPresent()), record,
                ctx.ledger().filledKeyTable());
        return ctx.executor().run(rt.settings().batchLockTimeout(), List.of(w.table()),
                () -> Jdbc.inTransaction(ctx.connection(), () -> {
                    long rows = Jdbc.update(ctx.connection(), sql, params.toArray());
                    ctx.ledger().advanceCheckpoint(ctx.target().id(), w.position(upper), rows);
                    return rows;
                }), () -> { });
    }

    /**
     * Fills NULL owners wherever they are, a batch at a time, until none is left: in every partition the
     * partitioned target has now, including partitions attached during the run.
     */
    public long sweep(StepContext ctx) throws SQLException {
        long total = 0;
        for (Walk w : rt.partitioned() ? currentWalks(ctx) : walks()) {
            total += sweep(ctx, w);
        }
        return total;
    }

    private List<Walk> currentWalks(StepContext ctx) throws SQLException {
        List<Walk> walks = new ArrayList<>();
        for (PartitionInfo p : ctx.catalog().partitions(rt.table().oid())) {
            if (p.leaf()) {
                Optional<KeyColumn> key = rt.rowKey().isPresent() ? rt.rowKey()
                        : ctx.catalog().leadingKeyColumn(p.table().oid());
                walks.add(new Walk(p.table(), walker(p.table(), key), p.table().toString()));
            }
        }
        return walks;
    }

    private long sweep(StepContext ctx, Walk w) throws SQLException {
        boolean record = recordKeys(ctx, w.walker());
        // without a default owner a row may have no owner to get; skipping it keeps this loop finite
        String condition = w.walker().someNullRows(ROW, rt.columnSql())
                + (rt.owner().defaultKey().isEmpty() ? " AND " + rt.ownerExpression(ROW) + " IS NOT NULL" : "");
        String sql = updateSql(w.table(), w.walker(), condition, record, ctx.ledger().filledKeyTable());
        long total = 0;
        while (true) {
            Object[] params = record ? new Object[]{rt.settings().batchSize(), ctx.target().id()}
                    : new Object[]{rt.settings().batchSize()};
            long rows = ctx.executor().run(rt.settings().batchLockTimeout(), List.of(w.table()),
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
