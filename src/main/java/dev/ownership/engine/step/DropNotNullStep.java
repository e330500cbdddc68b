package dev.ownership.engine.step;

import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.util.List;

/** Revert of a column that existed before: it allows NULL again, as it did. */
public class DropNotNullStep extends DdlStep {
    public DropNotNullStep(ResolvedTarget rt) {
        super(rt);
    }

    @Override
    public String name() {
        return "drop-not-null";
    }

    @Override
    public String lock() {
        return "ACCESS EXCLUSIVE on " + rt.table() + " for milliseconds";
    }

    @Override
    public List<String> statements() {
        return List.of(alterTable() + " ALTER COLUMN " + rt.columnSql() + " DROP NOT NULL",
                alterTable() + " DROP CONSTRAINT IF EXISTS " + Sql.ident(rt.names().notNullCheck()));
    }

    @Override
    protected boolean atomic() {
        return true;
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.column().map(c -> !c.notNull()).orElse(true) && state.notNullCheck().isEmpty();
    }
}
