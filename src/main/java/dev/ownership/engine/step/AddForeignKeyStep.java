package dev.ownership.engine.step;

import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.util.List;

/**
 * Adds the foreign key to the owner. Online it is added NOT VALID (a catalog change under a brief lock on
 * both tables) and validated by {@link ValidateForeignKeyStep}; offline it checks every row under the lock.
 * PostgreSQL 13 to 17 refuse NOT VALID on a partitioned table: there it is added NOT VALID to each partition that
 * holds rows, and the partitioned table's own key, added once they are validated, adopts them without a scan.
 */
public class AddForeignKeyStep extends DdlStep implements ApplyStep {
    private final boolean online;

    public AddForeignKeyStep(ResolvedTarget rt) {
        super(rt);
        this.online = rt.settings().mode() == Mode.ONLINE;
    }

    @Override
    public String name() {
        return "add-foreign-key";
    }

    /** PostgreSQL 13 to 17, online, partitioned: the key goes on partition by partition. */
    static boolean perPartition(ResolvedTarget rt) {
        return rt.partitioned() && rt.settings().mode() == Mode.ONLINE
                && rt.serverVersion() < TargetStateReader.PG18;
    }

    @Override
    public String lock() {
        String table = perPartition(rt) ? "one partition of " + rt.table() + " at a time" : rt.table().toString();
        return "SHARE ROW EXCLUSIVE on " + table + " and " + rt.owner().table()
                + (online ? " for milliseconds" : " for a scan of " + rt.table() + " (writes blocked)");
    }

    @Override
    public List<String> statements() {
        if (perPartition(rt)) {
            return rt.leaves().stream().map(p -> add(rt, p.table(), true)).toList();
        }
        return List.of(add(rt, rt.table(), online));
    }

    static String add(ResolvedTarget rt, TableInfo table, boolean notValid) {
        return "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Sql.ident(rt.names().foreignKey()) + " FOREIGN KEY ("
                + rt.columnSql() + ") REFERENCES " + rt.owner().table().sql() + " ("
                + Sql.ident(rt.owner().key().name()) + ") ON DELETE " + rt.target().onDelete().sql
                + (notValid ? " NOT VALID" : "");
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        if (!perPartition(rt)) {
            return super.apply(ctx);
        }
        for (TableInfo leaf : CurrentPartitions.leaves(ctx.catalog(), rt)) {
            addToPartition(ctx, rt, leaf);
        }
        return 0;
    }

    /** The NOT VALID key on one partition, unless it has it already. */
    static void addToPartition(StepContext ctx, ResolvedTarget rt, TableInfo leaf) throws SQLException {
        if (ctx.catalog().constraint(leaf.oid(), rt.names().foreignKey()).isEmpty()) {
            ctx.executor().execute(LockWait.brief(rt.settings()), List.of(leaf, rt.owner().table()), add(rt, leaf, true));
        }
    }

    @Override
    protected List<TableInfo> lockedTables() {
        return List.of(rt.table(), rt.owner().table());
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.foreignKey().isPresent();
    }

    /** Read backwards this comes before the index's undo, so cascades never run without the index. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return before.foreignKeyExisted() ? List.of() : List.of(new DropForeignKeyStep(rt, before.foreignKeyName()));
    }
}
