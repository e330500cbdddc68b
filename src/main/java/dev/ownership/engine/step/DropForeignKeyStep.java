package dev.ownership.engine.step;

import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Revert, first: drops the foreign key the migrator added, so cascades never run without the index. On a
 * partitioned table that drops the partitions' keys with it; keys an interrupted apply put on partitions before
 * the partitioned table had its own (PostgreSQL 13 to 17) go one by one after.
 */
public class DropForeignKeyStep extends DdlStep {
    private final String constraint;

    public DropForeignKeyStep(ResolvedTarget rt, String constraint) {
        super(rt);
        this.constraint = constraint;
    }

    @Override
    public String name() {
        return "drop-foreign-key";
    }

    @Override
    public String lock() {
        return "ACCESS EXCLUSIVE on " + rt.table() + ", SHARE ROW EXCLUSIVE on " + rt.owner().table()
                + " for milliseconds";
    }

    @Override
    public List<String> statements() {
        List<String> sql = new ArrayList<>(List.of(drop(rt.table())));
        rt.leaves().forEach(p -> sql.add(drop(p.table())));
        return sql;
    }

    private String drop(TableInfo table) {
        return "ALTER TABLE " + table.sql() + " DROP CONSTRAINT IF EXISTS " + Sql.ident(constraint);
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        ctx.executor().execute(lockWait(), lockedTables(), drop(rt.table()));
        for (TableInfo leaf : rt.partitioned() ? CurrentPartitions.leaves(ctx.catalog(), rt) : List.<TableInfo>of()) {
            if (ctx.catalog().constraint(leaf.oid(), constraint).isPresent()) {
                ctx.executor().execute(lockWait(), List.of(leaf, rt.owner().table()), drop(leaf));
            }
        }
        return 0;
    }

    @Override
    protected List<TableInfo> lockedTables() {
        return List.of(rt.table(), rt.owner().table());
    }

    @Override
    public boolean isDone(TargetState state) {
        // partitions may keep keys of an interrupted apply: look each time
        return !rt.partitioned() && state.foreignKey().filter(fk -> fk.name().equals(constraint)).isEmpty();
    }
}
