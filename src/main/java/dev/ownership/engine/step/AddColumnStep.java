package dev.ownership.engine.step;

import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.plan.ResolvedTarget;

import java.util.List;

/** Adds the owner column, nullable and without default: a catalog change only. */
public class AddColumnStep extends DdlStep implements ApplyStep {
    public AddColumnStep(ResolvedTarget rt) {
        super(rt);
    }

    @Override
    public String name() {
        return "add-column";
    }

    @Override
    public String lock() {
        return "ACCESS EXCLUSIVE on " + rt.table() + " for milliseconds (no table rewrite)";
    }

    @Override
    public List<String> statements() {
        return List.of(alterTable() + " ADD COLUMN " + rt.columnSql() + " " + rt.ownerType());
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.columnExists();
    }

    /** A column that was there before stays; its NULLs come back through the backfill's undo. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return before.columnExisted() ? List.of() : List.of(new DropColumnStep(rt));
    }
}
