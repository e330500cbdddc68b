package dev.ownership.engine.step;

import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.util.List;

/**
 * When every existing row gets the same owner, PostgreSQL 11+ stores a constant default in the catalog
 * instead of rewriting the table: the column is NOT NULL and filled in milliseconds, with no trigger,
 * backfill or validation. The default is dropped in the same transaction, so the application must name
 * owners from then on, as after the long path; with keepFillTrigger it stays (and the fill trigger follows).
 */
public class AddConstantOwnerColumnStep extends DdlStep implements ApplyStep {
    public AddConstantOwnerColumnStep(ResolvedTarget rt) {
        super(rt);
    }

    @Override
    public String name() {
        return "add-column-with-owner";
    }

    @Override
    public String lock() {
        return "ACCESS EXCLUSIVE on " + rt.table() + " for milliseconds (constant default: no table rewrite)";
    }

    @Override
    public List<String> statements() {
        String owner = Sql.literal(rt.owner().defaultKey().orElseThrow()) + "::" + rt.ownerType();
        String add = alterTable() + " ADD COLUMN " + rt.columnSql() + " " + rt.ownerType() + " NOT NULL DEFAULT " + owner;
        // keepFillTrigger: the application keeps writing rows without owner, so the default stays until the
        // trigger exists and after (an insert in between must not fail)
        return rt.settings().keepFillTrigger() ? List.of(add)
                : List.of(add, alterTable() + " ALTER COLUMN " + rt.columnSql() + " DROP DEFAULT");
    }

    @Override
    protected boolean atomic() {
        return true;
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.columnExists();
    }

    /** Only taken when the column did not exist: dropping it takes its owners with it. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return List.of(new DropColumnStep(rt));
    }
}
