package dev.ownership.engine.step;

import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.util.List;

/**
 * A BEFORE INSERT OR UPDATE trigger that gives rows the application writes during the migration their
 * owner, so the backfill never chases new rows. Function and trigger are created together.
 */
public class FillTriggerStep extends DdlStep implements ApplyStep {
    public FillTriggerStep(ResolvedTarget rt) {
        super(rt);
    }

    @Override
    public String name() {
        return "create-fill-trigger";
    }

    @Override
    public String lock() {
        return "SHARE ROW EXCLUSIVE on " + rt.table() + " for milliseconds";
    }

    @Override
    public List<String> statements() {
        String col = "NEW." + rt.columnSql();
        String body = " BEGIN IF " + col + " IS NULL THEN " + col + " := " + rt.ownerExpression("NEW")
                + "; END IF; RETURN NEW; END ";
        String tag = Sql.dollarTag(body);
        return List.of("CREATE OR REPLACE FUNCTION " + rt.functionSql() + "() RETURNS trigger LANGUAGE plpgsql AS "
                        + tag + body + tag,
                // WHEN: rows that have an owner (every backfilled row among them) skip the function call
                "CREATE TRIGGER " + Sql.ident(rt.names().trigger()) + " BEFORE INSERT OR UPDATE ON " + rt.table().sql()
                        + " FOR EACH ROW WHEN (NEW." + rt.columnSql() + " IS NULL) EXECUTE FUNCTION "
                        + rt.functionSql() + "()");
    }

    @Override
    protected boolean atomic() {
        return true;
    }

    @Override
    public boolean isDone(TargetState state) {
        // once NOT NULL holds the trigger has done its work, unless it is to stay for the application
        return state.triggerExists() || (state.notNull() && !rt.settings().keepFillTrigger());
    }

    /** Revert drops the trigger before undoing anything: see {@link StepSequences#revert}. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return List.of();
    }
}
