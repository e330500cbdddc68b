package dev.ownership.engine.step;

import dev.ownership.engine.plan.ResolvedTarget;

import java.util.List;

/** Adds the owner column, nullable and without default: a catalog change only. */
public class AddColumnStep extends DdlStep {
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
}
