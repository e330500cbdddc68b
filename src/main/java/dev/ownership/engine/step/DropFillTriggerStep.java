package dev.ownership.engine.step;

import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.util.List;

/** Removes the fill trigger once NOT NULL is in force (and on revert). */
public class DropFillTriggerStep extends DdlStep implements ApplyStep {
    public DropFillTriggerStep(ResolvedTarget rt) {
        super(rt);
    }

    @Override
    public String name() {
        return "drop-fill-trigger";
    }

    @Override
    public String lock() {
        return "ACCESS EXCLUSIVE on " + rt.table() + " for milliseconds";
    }

    @Override
    public List<String> statements() {
        return List.of("DROP TRIGGER IF EXISTS " + Sql.ident(rt.names().trigger()) + " ON " + rt.table().sql(),
                "DROP FUNCTION IF EXISTS " + rt.functionSql() + "()");
    }

    @Override
    protected boolean atomic() {
        return true;
    }

    @Override
    public boolean isDone(TargetState state) {
        return !state.triggerExists();
    }

    /** Apply's last step; revert has no use for the trigger again. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return List.of();
    }
}
