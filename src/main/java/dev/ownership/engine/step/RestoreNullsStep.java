package dev.ownership.engine.step;

import dev.ownership.engine.backfill.KeySql;
import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Jdbc;

import java.sql.SQLException;
import java.util.List;

/**
 * Revert of a column that existed before: gives the rows the migrator filled their NULL back, one recorded batch
 * (at most batchSize keys) a transaction, using the keys the backfill recorded. Rows that already had an owner keep
 * it, and so do rows whose owner the application has changed since (their value is no longer the one recorded;
 * rows recorded before values were, by a ledger older than V2, are given NULL back as then).
 */
public class RestoreNullsStep implements Step {
    private final ResolvedTarget rt;
    private final KeySql key;
    private final String filledBatches;

    public RestoreNullsStep(ResolvedTarget rt, RowKey key, String filledBatchTable) {
        this.rt = rt;
        this.key = new KeySql(key);
        this.filledBatches = filledBatchTable;
    }

    @Override
    public String name() {
        return "restore-nulls";
    }

    @Override
    public String lock() {
        return "ROW EXCLUSIVE on " + rt.table() + ", row locks of one batch at a time";
    }

    @Override
    public List<String> statements() {
        String row = "ownership_target";
        // the key's columns against typed values, so each row is found through the key's index
        return List.of("WITH batch AS (DELETE FROM " + filledBatches + " WHERE ctid = (SELECT ctid FROM "
                + filledBatches + " WHERE target_id = ? LIMIT 1) RETURNING keys, owners), filled AS (SELECT f.key,"
                + " f.value FROM batch, unnest(batch.keys, batch.owners) AS f (key, value)) UPDATE "
                + rt.table().sql() + " AS " + row + " SET " + rt.columnSql() + " = NULL FROM filled WHERE "
                + key.row(row) + " = " + key.valuesFrom("filled.key") + " AND (filled.value IS NULL OR " + row + "."
                + rt.columnSql() + "::text = filled.value)");
    }

    @Override
    public boolean isDone(TargetState state) {
        return false; // the ledger, not the catalog, knows which rows are left: apply finds none quickly
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        long total = 0;
        while (ctx.ledger().hasFilledRows(ctx.target().id())) {
            total += ctx.executor().run(LockWait.batch(rt.settings()), List.of(rt.table()),
                    () -> Jdbc.inTransaction(ctx.connection(), () -> (long) Jdbc.update(ctx.connection(),
                            statements().get(0), ctx.target().id())), () -> { });
        }
        return total;
    }
}
