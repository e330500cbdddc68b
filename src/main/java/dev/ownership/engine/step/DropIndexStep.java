package dev.ownership.engine.step;

import dev.ownership.engine.catalog.PartitionInfo;
import dev.ownership.engine.plan.Partition;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Revert: drops the index the migrator built, concurrently. A partitioned index cannot be dropped concurrently,
 * nor can a partition's index attached to it: DROP INDEX of the partitioned index drops them all at once, under
 * ACCESS EXCLUSIVE on the table and every partition for milliseconds (catalog entries and files, no scan); then
 * partitions' indexes an interrupted apply had not attached yet go concurrently.
 */
public class DropIndexStep extends DdlStep {
    private final String index;

    public DropIndexStep(ResolvedTarget rt, String index) {
        super(rt);
        this.index = index;
    }

    @Override
    public String name() {
        return "drop-index";
    }

    @Override
    public String lock() {
        return rt.partitioned() ? "ACCESS EXCLUSIVE on " + rt.table() + " and every partition for milliseconds;"
                + " SHARE UPDATE EXCLUSIVE on a partition for an index not attached yet"
                : "SHARE UPDATE EXCLUSIVE on " + rt.table() + " (reads and writes go on)";
    }

    @Override
    public List<String> statements() {
        if (!rt.partitioned()) {
            return List.of("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(rt.table().schema(), index));
        }
        List<String> sql = new ArrayList<>(List.of(dropPartitioned(rt.table().schema(), index)));
        for (Partition p : rt.partitions()) {
            sql.add(p.leaf() ? dropLeftover(p.table().schema(), p.indexName())
                    : dropPartitioned(p.table().schema(), p.indexName()));
        }
        return sql;
    }

    private static String dropPartitioned(String schema, String name) {
        return "DROP INDEX IF EXISTS " + Sql.qualified(schema, name);
    }

    private static String dropLeftover(String schema, String name) {
        return "DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(schema, name);
    }

    @Override
    protected LockWait lockWait() {
        return LockWait.background(rt.settings());
    }

    /** A partitioned target may keep partitions' indexes an interrupted apply left unattached: look each time. */
    @Override
    public boolean isDone(TargetState state) {
        return !rt.partitioned() && state.namedIndex().filter(i -> i.name().equals(index)).isEmpty();
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        if (!rt.partitioned()) {
            return super.apply(ctx);
        }
        LockWait brief = LockWait.brief(rt.settings());
        if (ctx.catalog().index(rt.table().schema(), index).isPresent()) {
            ctx.executor().execute(brief, List.of(rt.table()), dropPartitioned(rt.table().schema(), index));
        }
        for (PartitionInfo p : CurrentPartitions.all(ctx.catalog(), rt)) {
            String name = CurrentPartitions.indexName(rt, p.table());
            if (ctx.catalog().index(p.table().schema(), name).isPresent()) {
                ctx.executor().execute(p.leaf() ? lockWait() : brief, List.of(p.table()), p.leaf()
                        ? dropLeftover(p.table().schema(), name) : dropPartitioned(p.table().schema(), name));
            }
        }
        return 0;
    }
}
