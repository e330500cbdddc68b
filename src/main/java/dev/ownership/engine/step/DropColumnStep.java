package dev.ownership.engine.step;

import dev.ownership.engine.plan.ResolvedTarget;

import java.util.List;

/** Revert, last: drops the owner column the migrator added (a catalog change; its data is lost). */
public class DropColumnStep extends DdlStep {
    public DropColumnStep(ResolvedTarget rt) {
        super(rt);
    }

    @Override
    public String name() {
        return "drop-column";
    }

    @Override
    public String lock() {
        return "ACCESS EXCLUSIVE on " + rt.table() + " for milliseconds (no table rewrite)";
    }

    @Override
    public List<String> statements() {
        return List.of(alterTable() + " DROP COLUMN IF EXISTS " + rt.columnSql());
    }

    @Override
    public boolean isDone(TargetState state) {
        return !state.columnExists();
    }
}
