package dev.ownership.engine.step;

import dev.ownership.engine.MigrationException;
import dev.ownership.engine.backfill.Backfiller;
import dev.ownership.engine.catalog.ConstraintInfo;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.plan.Partition;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        if (!online) {
            return "ACCESS EXCLUSIVE on " + rt.table() + " for a full scan (reads and writes blocked)";
        }
        String scans = rt.partitioned() ? "each scan runs under SHARE UPDATE EXCLUSIVE on one partition"
                : "the scan runs under SHARE UPDATE EXCLUSIVE";
        return "ACCESS EXCLUSIVE on " + rt.table() + (rt.partitioned() ? " and its partitions" : "")
                + " for milliseconds; " + scans + " (reads and writes go on)";
    }

    /**
     * Where the temporary CHECK goes: on the table, or on each partition that holds rows (SET NOT NULL on the
     * partitioned table then finds a valid CHECK on each and scans none). PostgreSQL 18 adds its NOT NULL NOT VALID
     * on the partitioned table itself, which puts it on every partition, and validates partition by partition.
     */
    private List<TableInfo> checkedTables(List<TableInfo> leaves) {
        return rt.partitioned() && !nativeNotValid ? leaves : List.of(rt.table());
    }

    @Override
    public List<String> statements() {
        if (!online) {
            return List.of(setNotNull());
        }
        List<TableInfo> leaves = rt.leaves().stream().map(Partition::table).toList();
        List<String> sql = new ArrayList<>();
        if (nativeNotValid) {
            sql.add(addConstraint(rt.table()));
            (rt.partitioned() ? leaves : List.<TableInfo>of()).forEach(t -> sql.add(validate(t)));
            sql.add(validate(rt.table()));
            return sql;
        }
        for (TableInfo t : checkedTables(leaves)) {
            sql.add(addConstraint(t));
            sql.add(validate(t));
        }
        sql.add(setNotNull());
        checkedTables(leaves).forEach(t -> sql.add(dropCheck(t)));
        return sql;
    }

    private String check() {
        return Sql.ident(rt.names().notNullCheck());
    }

    private String addConstraint(TableInfo table) {
        return "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + check()
                + (nativeNotValid ? " NOT NULL " + rt.columnSql() : " CHECK (" + rt.columnSql() + " IS NOT NULL)")
                + " NOT VALID";
    }

    private String validate(TableInfo table) {
        return "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + check();
    }

    private String setNotNull() {
        return alterTable() + " ALTER COLUMN " + rt.columnSql() + " SET NOT NULL";
    }

    private String dropCheck(TableInfo table) {
        return "ALTER TABLE " + table.sql() + " DROP CONSTRAINT IF EXISTS " + check();
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.notNull() && (nativeNotValid || state.notNullCheck().isEmpty());
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        if (!online) {
            ctx.executor().execute(lockWait(), lockedTables(), setNotNull());
            return 0;
        }
        TargetState state = TargetStateReader.read(ctx.catalog(), rt);
        List<TableInfo> leaves = rt.partitioned() ? CurrentPartitions.leaves(ctx.catalog(), rt) : List.of();
        long swept = 0;
        if (!state.notNull()) {
            if (nativeNotValid && state.notNullCheck().isEmpty()) {
                ctx.executor().execute(lockWait(), lockedTables(), addConstraint(rt.table()));
            }
            // partition by partition, so a crash resumes with the partitions left; on 18 the table's own is last
            for (TableInfo t : nativeNotValid ? leaves : checkedTables(leaves)) {
                Optional<ConstraintInfo> check = ctx.catalog().constraint(t.oid(), rt.names().notNullCheck());
                if (check.isEmpty() && !nativeNotValid) {
                    ctx.executor().execute(lockWait(), List.of(t), addConstraint(t));
                }
                if (check.isEmpty() || !check.get().validated()) {
                    swept += validateResweeping(ctx, t);
                }
            }
            if (nativeNotValid) {
                swept += validateResweeping(ctx, rt.table());
            } else {
                ctx.executor().execute(lockWait(), lockedTables(), setNotNull());
            }
        }
        if (!nativeNotValid) {
            for (TableInfo t : checkedTables(leaves)) {
                ctx.executor().execute(lockWait(), List.of(t), dropCheck(t));
            }
        }
        return swept;
    }

    /** A column that allowed NULL before does again; a column the migrator added is dropped whole. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return before.columnExisted() && !before.columnWasNotNull() ? List.of(new DropNotNullStep(rt)) : List.of();
    }

    /** A NULL that slipped in (a row the trigger could not fill) fails validation: sweep once and retry. */
    private long validateResweeping(StepContext ctx, TableInfo table) throws SQLException {
        try {
            ctx.executor().execute(LockWait.background(rt.settings()), List.of(table), validate(table));
            return 0;
        } catch (SQLException e) {
            if (!CHECK_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
        long swept = rt.canFill() ? new Backfiller(rt).sweep(ctx) : 0;
        try {
            ctx.executor().execute(LockWait.background(rt.settings()), List.of(table), validate(table));
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
