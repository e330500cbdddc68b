package dev.ownership.engine.step;

import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.util.List;

/**
 * Adds the foreign key to the owner. Online it is added NOT VALID (a catalog change under a brief lock on
 * both tables) and validated by {@link ValidateForeignKeyStep}; offline it checks every row under the lock.
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

    @Override
    public String lock() {
        return "SHARE ROW EXCLUSIVE on " + rt.table() + " and " + rt.owner().table()
                + (online ? " for milliseconds" : " for a scan of " + rt.table() + " (writes blocked)");
    }

    @Override
    public List<String> statements() {
        return List.of(alterTable() + " ADD CONSTRAINT " + Sql.ident(rt.names().foreignKey()) + " FOREIGN KEY ("
                + rt.columnSql() + ") REFERENCES " + rt.owner().table().sql() + " ("
                + Sql.ident(rt.owner().key().name()) + ") ON DELETE " + rt.target().onDelete().sql
                + (online ? " NOT VALID" : ""));
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
