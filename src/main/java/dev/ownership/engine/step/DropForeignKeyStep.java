package dev.ownership.engine.step;

import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.util.List;

/** Revert, first: drops the foreign key the migrator added, so cascades never run without the index. */
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
        return List.of(alterTable() + " DROP CONSTRAINT IF EXISTS " + Sql.ident(constraint));
    }

    @Override
    protected List<TableInfo> lockedTables() {
        return List.of(rt.table(), rt.owner().table());
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.foreignKey().filter(fk -> fk.name().equals(constraint)).isEmpty();
    }
}
