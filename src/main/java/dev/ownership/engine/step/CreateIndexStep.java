package dev.ownership.engine.step;

import dev.ownership.engine.MigrationException;
import dev.ownership.engine.catalog.IndexInfo;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Indexes the owner column before the foreign key exists: with ON DELETE CASCADE every deleted owner
 * looks up its rows by this column. Online it builds CONCURRENTLY; an INVALID leftover of a failed build is
 * dropped and rebuilt (IF NOT EXISTS would silently keep the broken one), unless a build is still running.
 */
public class CreateIndexStep extends DdlStep implements ApplyStep {
    private final boolean online;

    public CreateIndexStep(ResolvedTarget rt) {
        super(rt);
        this.online = rt.settings().mode() == Mode.ONLINE;
    }

    @Override
    public String name() {
        return "create-index";
    }

    @Override
    public String lock() {
        return online ? "SHARE UPDATE EXCLUSIVE on " + rt.table() + " for the build (reads and writes go on)"
                : "SHARE on " + rt.table() + " for the build (writes blocked)";
    }

    @Override
    public List<String> statements() {
        return List.of("CREATE INDEX " + (online ? "CONCURRENTLY " : "") + Sql.ident(rt.names().index()) + " ON "
                + rt.table().sql() + " (" + rt.columnSql() + ")");
    }

    @Override
    protected LockWait lockWait() {
        return online ? LockWait.background(rt.settings()) : LockWait.eachLock(rt.settings().lockTimeout());
    }

    @Override
    public boolean isDone(TargetState state) {
        return !rt.target().index() || state.validIndex().isPresent();
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        dropInvalidLeftover(ctx);
        ctx.executor().run(lockWait(), lockedTables(), () -> {
            Jdbc.execute(ctx.connection(), statements().get(0));
            return null;
        }, () -> dropInvalidLeftover(ctx));
        return 0;
    }

    /** An index that was there before (ours by name, or the application's) stays. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return before.indexExisted() ? List.of() : List.of(new DropIndexStep(rt, before.indexName()));
    }

    private void dropInvalidLeftover(StepContext ctx) throws SQLException {
        dropInvalidLeftover(ctx, rt.table(), rt.names().index(), online, lockWait());
    }

    /** Drops our index on this table if an interrupted build left it INVALID, unless a build is still running. */
    static void dropInvalidLeftover(StepContext ctx, TableInfo table, String index, boolean concurrently,
                                    LockWait wait) throws SQLException {
        Optional<IndexInfo> leftover = ctx.catalog().index(table.schema(), index).filter(i -> !i.valid());
        if (leftover.isEmpty()) {
            return;
        }
        if (ctx.catalog().indexBuildRunning(leftover.get().oid())) {
            throw new MigrationException("Index " + index + " on " + table
                    + " is being built by another session; wait for it to finish, then run again.");
        }
        ctx.listener().warning("Dropping invalid index " + index + " left by an interrupted build");
        ctx.executor().execute(wait, List.of(table),
                "DROP INDEX " + (concurrently ? "CONCURRENTLY " : "") + "IF EXISTS " + Sql.qualified(table.schema(), index));
    }
}
