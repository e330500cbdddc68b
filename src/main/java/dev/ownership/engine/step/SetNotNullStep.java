package dev.ownership.engine.step;

import dev.ownership.engine.MigrationException;
import dev.ownership.engine.backfill.Backfiller;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.util.List;

/**
 * Makes the owner column NOT NULL without a long ACCESS EXCLUSIVE scan. Up to PostgreSQL 17: a CHECK
 * (column IS NOT NULL) added NOT VALID, validated under a lock that lets writes go on, then SET NOT NULL
 * (which trusts the valid CHECK and skips its scan) and the CHECK dropped. PostgreSQL 18 adds the NOT NULL
 * constraint itself NOT VALID and validates it. Each sub-step reads the catalog, so a crash between them
 * resumes where it stopped.
 */
public class SetNotNullStep extends DdlStep implements ApplyStep {
    static final String CHECK_VIOLATION = "23514";

    private final boolean online;
    private final boolean nativeNotValid;

    public SetNotNullStep(ResolvedTarget rt) {
        super(rt);
        this.online = rt.settings().mode() == Mode.ONLINE;
        this.nativeNotValid = rt.serverVersion() >= TargetStateReader.PG18;
    }

    @Override
    public String name() {
        return "set-not-null";
    }

    @Override
    public String lock() {
        return online ? "ACCESS EXCLUSIVE on " + rt.table() + " for milliseconds; the scan runs under SHARE UPDATE"
                + " EXCLUSIVE (reads and writes go on)"
                : "ACCESS EXCLUSIVE on " + rt.table() + " for a full scan (reads and writes blocked)";
    }

    @Override
    public List<String> statements() {
        if (!online) {
            return List.of(setNotNull());
        }
        if (nativeNotValid) {
            return List.of(addConstraint(), validate());
        }
        return List.of(addConstraint(), validate(), setNotNull(), dropCheck());
    }

    private String check() {
        return Sql.ident(rt.names().notNullCheck());
    }

    private String addConstraint() {
        return alterTable() + " ADD CONSTRAINT " + check()
                + (nativeNotValid ? " NOT NULL " + rt.columnSql() : " CHECK (" + rt.columnSql() + " IS NOT NULL)")
                + " NOT VALID";
    }

    private String validate() {
        return alterTable() + " VALIDATE CONSTRAINT " + check();
    }

    private String setNotNull() {
        return alterTable() + " ALTER COLUMN " + rt.columnSql() + " SET NOT NULL";
    }

    private String dropCheck() {
        return alterTable() + " DROP CONSTRAINT IF EXISTS " + check();
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.notNull() && (nativeNotValid || state.notNullCheck().isEmpty());
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        if (!online) {
            ctx.executor().execute(lockTimeout(), lockedTables(), setNotNull());
            return 0;
        }
        TargetState state = TargetStateReader.read(ctx.catalog(), rt);
        long swept = 0;
        if (!state.notNull()) {
            if (state.notNullCheck().isEmpty()) {
                ctx.executor().execute(lockTimeout(), lockedTables(), addConstraint());
            }
            swept = validateResweeping(ctx);
            if (!nativeNotValid) {
                ctx.executor().execute(lockTimeout(), lockedTables(), setNotNull());
            }
        }
        if (!nativeNotValid) {
            ctx.executor().execute(lockTimeout(), lockedTables(), dropCheck());
        }
        return swept;
    }

    /** A column that allowed NULL before does again; a column the migrator added is dropped whole. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return before.columnExisted() && !before.columnWasNotNull() ? List.of(new DropNotNullStep(rt)) : List.of();
    }

    /** A NULL that slipped in (a row the trigger could not fill) fails validation: sweep once and retry. */
    private long validateResweeping(StepContext ctx) throws SQLException {
        try {
            ctx.executor().execute(rt.settings().backgroundLockTimeout(), lockedTables(), validate());
            return 0;
        } catch (SQLException e) {
            if (!CHECK_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
        long swept = rt.canFill() ? new Backfiller(rt).sweep(ctx) : 0;
        try {
            ctx.executor().execute(rt.settings().backgroundLockTimeout(), lockedTables(), validate());
        } catch (SQLException e) {
            if (CHECK_VIOLATION.equals(e.getSQLState())) {
                throw new MigrationException("Rows of " + rt.table() + " still have no owner in " + rt.column()
                        + ": their parent has none and no defaultOwner is set. Give them an owner or set"
                        + " spec.defaultOwner, then run again.", e);
            }
            throw e;
        }
        return swept;
    }
}
