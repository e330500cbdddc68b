package dev.ownership.engine.backfill;

import dev.ownership.engine.catalog.PartitionInfo;
import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.Checkpoint;
import dev.ownership.engine.model.Settings;
import dev.ownership.engine.model.WalkOrder;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.step.LockWait;
import dev.ownership.engine.step.StepContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Gives every row with a NULL owner its owner. Online: one short transaction per range of rows, the
 * checkpoint committed with the batch so a restart resumes exactly there, then a sweep of NULLs left by
 * anything the ranges could not see. Offline: one UPDATE, as the hand-written migrations do.
 */
public class Backfiller {
    static final String ROW = "ownership_target";
    /** The alias of the rows a batch locks before it updates them. */
    static final String LOCKED = "ownership_locked";
    /** Slices per session: a session whose slices had fewer NULLs takes over others' instead of idling. */
    static final int SLICES_PER_SESSION = 4;
    /** How many batches' time the next batch waits, at most, for the transactions the last one held up. */
    static final int YIELD_BATCHES = 10;
    /**
     * A batch commits without waiting for its WAL to reach the disk, so its row locks go as soon as it ends rather
     * than after a flush of the pages it rewrote. Nothing is lost that a resume would not redo: the checkpoint commits
     * in the same transaction, and the first synchronous commit after the backfill (the ledger's) flushes them all.
     */
    static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit TO off";

    private final ResolvedTarget rt;

    public Backfiller(ResolvedTarget rt) {
        this.rt = rt;
    }

    private RowWalker walker(TableInfo table, Optional<RowKey> key, WalkOrder order) {
        return RowWalker.of(table, key, rt.serverVersion(), order);
    }

    /** A relation the batches walk: the target, or one partition holding rows of a partitioned target. */
    private record Walk(TableInfo table, RowWalker walker) {
    }

    private Walk whole() {
        return new Walk(rt.table(), walker(rt.table(), rt.rowKey(), rt.settings().walkOrder()));
    }

    /** A partition is walked by the target's unique key when it has one (the record of filled rows needs it). */
    private List<Walk> walks(WalkOrder order) {
        if (!rt.partitioned()) {
            return List.of(new Walk(rt.table(), walker(rt.table(), rt.rowKey(), order)));
        }
        return rt.leaves().stream().map(p -> new Walk(p.table(), walker(p.table(), rt.rowKey().or(p::walkKey), order)))
                .toList();
    }

    /**
     * The UPDATE for rows matching {@code condition}; with recordKeys it also records the filled rows' keys and
     * owners, as arrays of at most batchSize keys (one ledger row for a batch: a row per key cost a quarter of the
     * backfill). Its last two parameters are the target's id and that size.
     */
    private String updateSql(Walk w, String condition, boolean recordKeys, String filledBatchTable) {
        String update = "UPDATE " + w.table().sql() + " AS " + ROW + " SET " + rt.columnSql() + " = "
                + rt.ownerExpression(ROW) + " WHERE " + condition + " AND " + ROW + "." + rt.columnSql() + " IS NULL";
        if (!recordKeys) {
            return update;
        }
        return "WITH filled AS (" + update + " RETURNING " + w.walker().keyText(ROW).orElseThrow() + " AS key, " + ROW
                + "." + rt.columnSql() + "::text AS value), recorded AS (INSERT INTO " + filledBatchTable
                + " (target_id, keys, owners) SELECT ?, array_agg(key), array_agg(value) FROM (SELECT key, value,"
                + " (row_number() OVER () - 1) / ? AS chunk FROM filled) f GROUP BY chunk) SELECT count(*) FROM filled";
    }

    /** Runs a statement of {@link #updateSql}: the rows it filled. */
    private static long fill(Connection c, String sql, boolean recorded, List<Object> params) throws SQLException {
        return recorded ? Jdbc.count(c, sql, params.toArray()) : Jdbc.update(c, sql, params.toArray());
    }

    /** The parameters {@link #updateSql} adds when it records keys. */
    private List<Object> recordParams(long targetId) {
        return List.of(targetId, rt.settings().batchSize());
    }

    /** The batch UPDATE as the plan shows it, one per partition of a partitioned target: positions are parameters. */
    public List<String> batchTemplates() {
        List<String> sql = new ArrayList<>(List.of(ASYNC_COMMIT));
        walks(rt.settings().walkOrder()).forEach(w -> sql.add(updateSql(w, rangeRows(w, true), false, null)));
        return sql;
    }

    /**
     * The rows of a range a batch may take: those no other transaction holds. A batch that waited for an
     * application's row lock would keep the application waiting on the rows it already has, and where that
     * transaction also wants one of them (a cascading delete walking the same rows in another order), both would
     * wait until the batch's lock timeout. The rows passed over are the application's to write, so the fill
     * trigger gives them their owner, or the sweep does, which waits for them.
     */
    private String rangeRows(Walk w, boolean hasLower) {
        return ROW + ".ctid = ANY (ARRAY(SELECT " + LOCKED + ".ctid FROM " + w.table().sql() + " AS " + LOCKED
                + " WHERE " + w.walker().rangeCondition(LOCKED, hasLower) + " AND " + LOCKED + "." + rt.columnSql()
                + " IS NULL FOR NO KEY UPDATE SKIP LOCKED))";
    }

    public String offlineSql() {
        return updateSql(whole(), "true", false, null);
    }

    /**
     * Rows of a column that existed before are recorded, so revert can give them back their NULL; a partitioned
     * target only by a key unique across its partitions.
     */
    private boolean recordKeys(StepContext ctx, Walk w) {
        return recordKeys(ctx.target().columnExisted(), w);
    }

    private boolean recordKeys(boolean columnExisted, Walk w) {
        return columnExisted && w.walker().keyText(ROW).isPresent()
                && (!rt.partitioned() || rt.rowKey().isPresent());
    }

    public long offline(StepContext ctx) throws SQLException {
        Walk whole = whole();
        boolean record = recordKeys(ctx, whole);
        List<Object> params = record ? recordParams(ctx.target().id()) : List.of();
        return ctx.executor().run(LockWait.batch(rt.settings()), List.of(rt.table()),
                () -> Jdbc.inTransaction(ctx.connection(), () -> fill(ctx.connection(),
                        updateSql(whole, "true", record, ctx.ledger().filledBatchTable()), record, params)),
                () -> { });
    }

    /**
     * Fills the target's slices (one per session of execution.parallelism, times a few so a session that ends early
     * takes another; for a partitioned target, in every partition holding rows), then sweeps once. A run that died
     * resumes each slice from its own checkpoint.
     */
    public long online(StepContext ctx) throws SQLException {
        long id = ctx.target().id();
        List<Checkpoint> slices = ctx.ledger().checkpoints(id);
        boolean fresh = slices.isEmpty() || slices.get(0).completed();
        // positions are keys or page numbers: a resumed run walks as the run that wrote them
        WalkOrder order = fresh ? rt.settings().walkOrder() : slices.get(0).walk();
        Map<String, Walk> walks = new LinkedHashMap<>();
        walks(order).forEach(w -> walks.put(w.table().sql(), w));
        if (fresh) {
            slices = startSlices(ctx, walks.values(), order);
        }
        long before = slices.stream().mapToLong(Checkpoint::rowsDone).sum();
        long total = slices.stream().mapToLong(Checkpoint::rowsTotal).sum();
        // a partition detached since the slices were cut is no longer the target's: the sweep covers what is
        List<Checkpoint> open = slices.stream().filter(sl -> sl.upperKey().isPresent()
                && !sl.upperKey().equals(sl.lastKey()) && walks.containsKey(sl.relation())).toList();
        ProgressTracker progress = new ProgressTracker(rt.label(), ctx.listener(), before, Math.max(total, before),
                partitionTally(slices, open, walks));
        SliceWorkers workers = new SliceWorkers();
        Fill fill = new Fill(id, ctx.target().columnExisted(), walks, new BatchGate(rt.settings().pace()), progress, workers::stopped);
        workers.run(ctx, rt.settings().pace().parallelism(), rt.settings().lockRetries(), open, fill::walk);
        long swept = sweep(ctx);
        ctx.ledger().completeCheckpoints(id, swept);
        progress.swept(swept);
        // the owner column's statistics still say all NULL: the foreign key's validation would plan for no rows.
        // Only that column: the others have not changed, and a partitioned table is analysed partition by partition
        ctx.executor().execute(LockWait.background(rt.settings()), List.of(rt.table()),
                "ANALYZE " + rt.table().sql() + " (" + rt.columnSql() + ")");
        return progress.done() - before;
    }

    /** For a partitioned target: the partitions holding rows (those with slices), by their own names. */
    private Optional<PartitionTally> partitionTally(List<Checkpoint> slices, List<Checkpoint> open,
                                                    Map<String, Walk> walks) {
        if (!rt.partitioned()) {
            return Optional.empty();
        }
        Map<String, String> names = new LinkedHashMap<>();
        slices.stream().map(Checkpoint::relation).filter(walks::containsKey)
                .forEach(r -> names.put(r, walks.get(r).table().name()));
        return Optional.of(new PartitionTally(names, open));
    }

    /**
     * Cuts each relation at its walker's split points; each slice starts where the one before it ends. Bounds are
     * fixed now: rows written later get their owner from the trigger.
     */
    private List<Checkpoint> startSlices(StepContext ctx, Collection<Walk> walks, WalkOrder order)
            throws SQLException {
        Connection c = ctx.connection();
        long total = Jdbc.count(c, "SELECT count(*) FROM " + rt.table().sql() + " WHERE " + rt.columnSql()
                + " IS NULL");
        int parallelism = rt.settings().pace().parallelism();
        Map<Walk, Long> bytes = new LinkedHashMap<>();
        for (Walk w : walks) {
            bytes.put(w, Jdbc.count(c, "SELECT pg_relation_size(?::regclass)", w.table().sql()));
        }
        long allBytes = bytes.values().stream().mapToLong(Long::longValue).sum();
        List<Checkpoint> slices = new ArrayList<>();
        for (Walk w : walks) {
            Optional<String> upper = w.walker().upperBound(c);
            if (upper.isEmpty() && rt.partitioned()) {
                continue; // an empty partition: rows arriving later get their owner from the trigger
            }
            List<String> cuts = new ArrayList<>();
            int parts = slicesOf(bytes.get(w), allBytes, parallelism);
            if (upper.isPresent() && parts > 1) {
                cuts.addAll(w.walker().splitPoints(c, Optional.empty(), upper.get(), parts));
            }
            Optional<String> start = Optional.empty();
            for (int i = 0; i <= cuts.size(); i++) {
                Optional<String> end = i < cuts.size() ? Optional.of(cuts.get(i)) : upper;
                int n = slices.size();
                slices.add(new Checkpoint(n, w.table().sql(), end, start, 0, n == 0 ? total : 0, 0, false,
                        order));
                start = end;
            }
        }
        ctx.ledger().startCheckpoints(ctx.target().id(), slices);
        return slices;
    }

    /**
     * Slices for a relation holding {@code bytes} of the target's {@code allBytes}: its share of
     * {@value #SLICES_PER_SESSION} per session, at least one. The partitions of a partitioned target are slices
     * already; cutting each of them again made slices too small for a window of pages at 1 M rows.
     */
    static int slicesOf(long bytes, long allBytes, int parallelism) {
        if (parallelism < 2 || allBytes <= 0) {
            return 1;
        }
        long share = (long) parallelism * SLICES_PER_SESSION;
        return (int) Math.max(1, (bytes * share + allBytes - 1) / allBytes); // rounded up
    }

    /** One backfill run's batches, on whichever session walks a slice. */
    private final class Fill {
        private final long targetId;
        private final boolean columnExisted;
        private final Map<String, Walk> walks;
        private final BatchGate gate;
        private final ProgressTracker progress;
        private final BooleanSupplier stopped;
        private final AtomicInteger openingSize = new AtomicInteger(rt.settings().batchSize());
        private final AtomicInteger goingSize = new AtomicInteger();
        /**
         * A transaction the last batch held up gets {@value #YIELD_BATCHES} batches' time to finish before the next
         * batch: a cascade that waited for a batch may have far to go still, and one that stays open (idle in
         * transaction) costs the walk that much once.
         */
        private final Duration yieldAtMost = (rt.settings().targetBatchTime().isZero()
                ? Settings.DEFAULT_TARGET_BATCH_TIME : rt.settings().targetBatchTime()).multipliedBy(YIELD_BATCHES);

        Fill(long targetId, boolean columnExisted, Map<String, Walk> walks, BatchGate gate, ProgressTracker progress,
             BooleanSupplier stopped) {
            this.targetId = targetId;
            this.columnExisted = columnExisted;
            this.walks = walks;
            this.gate = gate;
            this.progress = progress;
            this.stopped = stopped;
        }

        /** One slice, batch by batch, each batch committing the slice's checkpoint with it. */
        void walk(SliceWorkers.Session s, Checkpoint slice, Executor mailbox) throws SQLException {
            Walk w = walks.get(slice.relation());
            boolean record = recordKeys(columnExisted, w);
            Optional<String> lower = slice.lastKey();
            String upper = slice.upperKey().orElseThrow();
            SliceBatchSize size = new SliceBatchSize(openingSize, goingSize, rt.settings().targetBatchTime(),
                    gate::batchSize);
            mailbox.execute(() -> progress.entered(slice.relation()));
            while (!stopped.getAsBoolean()) {
                Optional<String> boundary = w.walker().nextBoundary(s.connection(), lower, upper,
                        size.offer(w.walker().sizesBatchAfter(lower)));
                if (boundary.isEmpty()) {
                    mailbox.execute(() -> progress.finished(slice.relation()));
                    return;
                }
                gate.awaitReplicas(s.connection(), reason -> mailbox.execute(() -> progress.throttled(reason)),
                        message -> mailbox.execute(() -> progress.warning(message)), stopped);
                if (stopped.getAsBoolean()) {
                    return;
                }
                long started = System.nanoTime();
                Committed batch = batch(s, w, record, slice.slice(), lower, boundary.get());
                mailbox.execute(() -> progress.committed(batch.rows()));
                size.took(Duration.ofNanos(System.nanoTime() - started));
                HeldTransactions.awaitEnd(s.connection(), batch.held(), yieldAtMost, stopped);
                lower = boundary;
                gate.paced(batch.rows());
                BatchGate.sleep(rt.settings().pauseBetweenBatches().toMillis());
            }
        }

        private Committed batch(SliceWorkers.Session s, Walk w, boolean record, int slice, Optional<String> lower,
                                String upper) throws SQLException {
            List<Object> params = new ArrayList<>(w.walker().rangeParams(lower, upper));
            if (record) {
                params.addAll(recordParams(targetId)); // the INSERT's parameters come last in the text
            }
            String sql = updateSql(w, rangeRows(w, lower.isPresent()), record, s.ledger().filledBatchTable());
            Connection c = s.connection();
            return s.executor().run(LockWait.batch(rt.settings()), List.of(w.table()),
                    () -> asyncCommitted(c, () -> {
                        long rows = fill(c, sql, record, params);
                        s.ledger().advanceCheckpoint(targetId, slice, upper, rows);
                        return new Committed(rows, HeldTransactions.waiting(c));
                    }), () -> { });
        }
    }

    /** A batch's rows, and the application transactions that waited for it until it committed. */
    private record Committed(long rows, List<String> held) {
    }

    /**
     * Fills NULL owners wherever they are, a batch at a time, until none is left: in every partition the
     * partitioned target has now, including partitions attached during the run.
     */
    public long sweep(StepContext ctx) throws SQLException {
        long total = 0;
        for (Walk w : rt.partitioned() ? currentWalks(ctx) : walks(rt.settings().walkOrder())) {
            total += sweep(ctx, w);
        }
        return total;
    }

    private List<Walk> currentWalks(StepContext ctx) throws SQLException {
        List<Walk> walks = new ArrayList<>();
        for (PartitionInfo p : ctx.catalog().partitions(rt.table().oid())) {
            if (p.leaf()) {
                Optional<RowKey> key = rt.rowKey().isPresent() ? rt.rowKey()
                        : ctx.catalog().rowKeys(p.table().oid()).stream().findFirst();
                walks.add(new Walk(p.table(), walker(p.table(), key, rt.settings().walkOrder())));
            }
        }
        return walks;
    }

    private long sweep(StepContext ctx, Walk w) throws SQLException {
        boolean record = recordKeys(ctx, w);
        // without a default owner a row may have no owner to get; skipping it keeps this loop finite
        String condition = w.walker().someNullRows(ROW, rt.columnSql())
                + (rt.owner().defaultKey().isEmpty() ? " AND " + rt.ownerExpression(ROW) + " IS NOT NULL" : "");
        String sql = updateSql(w, condition, record, ctx.ledger().filledBatchTable());
        List<Object> params = new ArrayList<>(List.of(rt.settings().batchSize()));
        if (record) {
            params.addAll(recordParams(ctx.target().id()));
        }
        long total = 0;
        while (true) {
            long rows = ctx.executor().run(LockWait.batch(rt.settings()), List.of(w.table()),
                    () -> asyncCommitted(ctx.connection(), () -> fill(ctx.connection(), sql, record, params)),
                    () -> { });
            total += rows;
            if (rows == 0) {
                return total;
            }
        }
    }

    private static <T> T asyncCommitted(Connection c, Jdbc.Work<T> batch) throws SQLException {
        return Jdbc.inTransaction(c, () -> {
            Jdbc.execute(c, ASYNC_COMMIT);
            return batch.run();
        });
    }
}
