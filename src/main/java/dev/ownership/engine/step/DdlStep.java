package dev.ownership.engine.step;

import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.plan.ResolvedTarget;

import java.sql.SQLException;
import java.util.List;

/**
 * A step that is just its statements, run under the lock policy: each alone, or all in one transaction
 * when a crash between them would leave a state no step recognises.
 */
abstract class DdlStep implements Step {
    protected final ResolvedTarget rt;

    DdlStep(ResolvedTarget rt) {
        this.rt = rt;
    }

    /** Tables whose locks it takes, for the lock-timeout message. */
    protected List<TableInfo> lockedTables() {
        return List.of(rt.table());
    }

    /** Steps whose lock blocks the application get the short bound. */
    protected LockWait lockWait() {
        return LockWait.brief(rt.settings());
    }

    protected boolean atomic() {
        return false;
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        String[] sql = statements().toArray(String[]::new);
        if (atomic()) {
            ctx.executor().executeAtomically(lockWait(), lockedTables(), sql);
        } else {
            ctx.executor().execute(lockWait(), lockedTables(), sql);
        }
        return 0;
    }

    protected String alterTable() {
        return "ALTER TABLE " + rt.table().sql();
    }
}
