package dev.ownership.engine.step;

import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.catalog.IndexInfo;
import dev.ownership.engine.catalog.PartitionInfo;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.plan.Partition;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The owner-column index of a partitioned table, online: CREATE INDEX CONCURRENTLY does not work on a
 * partitioned table, so the index is made ON ONLY the table (invalid, catalog only), likewise on each partition
 * that is partitioned again, built CONCURRENTLY on each partition that holds rows, and each attached to the index
 * one level up. PostgreSQL marks a partitioned index valid once every partition has one attached. A crash
 * resumes with the partitions not attached yet; an invalid leftover of an interrupted build is dropped and built
 * again.
 */
public class PartitionedIndexStep extends DdlStep implements ApplyStep {
    public PartitionedIndexStep(ResolvedTarget rt) {
        super(rt);
    }

    @Override
    public String name() {
        return "create-index";
    }

    @Override
    public String lock() {
        return "SHARE on " + rt.table() + " and each sub-partitioned partition for milliseconds (ON ONLY: no build);"
                + " SHARE UPDATE EXCLUSIVE on one partition at a time for its build (reads and writes go on);"
                + " ACCESS SHARE to attach each";
    }

    @Override
    public List<String> statements() {
        List<String> sql = new ArrayList<>(List.of(onOnly(rt.table())));
        for (Partition p : rt.partitions()) {
            sql.add(p.leaf() ? concurrently(p.table()) : onOnly(p.table()));
            sql.add(attach(p.parent(), p.table()));
        }
        return sql;
    }

    private String onOnly(TableInfo table) {
        return "CREATE INDEX IF NOT EXISTS " + Sql.ident(CurrentPartitions.indexName(rt, table)) + " ON ONLY "
                + table.sql() + " (" + rt.columnSql() + ")";
    }

    private String concurrently(TableInfo leaf) {
        return "CREATE INDEX CONCURRENTLY " + Sql.ident(CurrentPartitions.indexName(rt, leaf)) + " ON " + leaf.sql()
                + " (" + rt.columnSql() + ")";
    }

    private String attach(TableInfo parent, TableInfo partition) {
        return "ALTER INDEX " + Sql.qualified(parent.schema(), CurrentPartitions.indexName(rt, parent))
                + " ATTACH PARTITION " + Sql.qualified(partition.schema(), CurrentPartitions.indexName(rt, partition));
    }

    @Override
    public boolean isDone(TargetState state) {
        return !rt.target().index() || state.validIndex().isPresent();
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        Catalog catalog = ctx.catalog();
        ctx.executor().execute(lockWait(), List.of(rt.table()), onOnly(rt.table()));
        List<PartitionInfo> partitions = CurrentPartitions.all(catalog, rt);
        for (PartitionInfo p : partitions) {
            TableInfo parent = p.parentOid() == rt.table().oid() ? rt.table() : partitions.stream()
                    .filter(q -> q.table().oid() == p.parentOid()).findFirst().orElseThrow().table();
            IndexInfo parentIndex = catalog.index(parent.schema(), CurrentPartitions.indexName(rt, parent))
                    .orElseThrow();
            // attached already: in an earlier run, or by ATTACH PARTITION, which gives a new partition its index
            if (catalog.attachedIndex(parentIndex.oid(), p.table().oid()).isPresent()) {
                continue;
            }
            String name = CurrentPartitions.indexName(rt, p.table());
            if (!p.leaf()) {
                ctx.executor().execute(lockWait(), List.of(p.table()), onOnly(p.table()));
            } else {
                LockWait build = LockWait.background(rt.settings());
                CreateIndexStep.dropInvalidLeftover(ctx, p.table(), name, true, build);
                if (catalog.index(p.table().schema(), name).isEmpty()) {
                    ctx.executor().run(build, List.of(p.table()), () -> {
                        Jdbc.execute(ctx.connection(), concurrently(p.table()));
                        return null;
                    }, () -> CreateIndexStep.dropInvalidLeftover(ctx, p.table(), name, true, build));
                }
            }
            // ATTACH locks the partition's index, then the index above, in the opposite order of an insert: below
            // deadlock_timeout a lock cycle ends with our retried timeout, not the application's statement cancelled
            ctx.executor().execute(LockWait.wholeStatement(rt.settings().batchLockTimeout()),
                    List.of(parent, p.table()), attach(parent, p.table()));
        }
        return 0;
    }

    /** An index that was there before stays. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return before.indexExisted() ? List.of() : List.of(new DropIndexStep(rt, before.indexName()));
    }
}
