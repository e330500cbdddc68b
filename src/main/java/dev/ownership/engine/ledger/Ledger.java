package dev.ownership.engine.ledger;

import dev.ownership.engine.DatabaseConnector;
import dev.ownership.engine.MigrationException;
import dev.ownership.engine.model.WalkOrder;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.sql.Sql;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The migrator's ledger in the target database: runs, steps, targets with what existed before, backfill
 * checkpoints. Flyway creates and evolves its schema; this class reads and writes its rows.
 */
public class Ledger {
    static final String MIGRATIONS = "classpath:dev/ownership/ledger";

    private final Connection connection;
    private final String schema;

    public Ledger(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    public String schema() {
        return schema;
    }

    /** Creates or upgrades the ledger schema. */
    public static void migrate(DatabaseConnector db, String schema) {
        try {
            Flyway.configure(Ledger.class.getClassLoader())
                    .dataSource(new ConnectorDataSource(db))
                    .schemas(schema)
                    .createSchemas(true)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            if (e.getCause() instanceof MigrationException cause) { // the connector's own, already worded safely
                throw cause;
            }
            throw new MigrationException("Cannot create or upgrade the ledger schema " + schema + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether the ledger exists; plan reads it only then, and never creates it. */
    public boolean exists() throws SQLException {
        return Jdbc.one(connection, "SELECT to_regclass(?) IS NOT NULL", rs -> rs.getBoolean(1),
                table("target")).orElse(false);
    }

    public String table(String name) {
        return Sql.qualified(schema, name);
    }

    public long startRun(String migration, String action, String planHash) throws SQLException {
        return Jdbc.one(connection, "INSERT INTO " + table("run") + " (migration, action, plan_hash) VALUES (?, ?, ?)"
                + " RETURNING id", rs -> rs.getLong(1), migration, action, planHash).orElseThrow();
    }

    public void finishRun(long runId, String outcome, String message) throws SQLException {
        Jdbc.update(connection, "UPDATE " + table("run") + " SET finished_at = now(), outcome = ?, message = ?"
                + " WHERE id = ?", outcome, message, runId);
    }

    public long startStep(long runId, String target, String step) throws SQLException {
        return Jdbc.one(connection, "INSERT INTO " + table("step") + " (run_id, target, step) VALUES (?, ?, ?)"
                + " RETURNING id", rs -> rs.getLong(1), runId, target, step).orElseThrow();
    }

    public void finishStep(long stepId, String outcome, long rows, int retries, long lockWaitMillis, String message)
            throws SQLException {
        Jdbc.update(connection, "UPDATE " + table("step") + " SET finished_at = now(), outcome = ?, rows = ?,"
                + " retries = ?, lock_wait_ms = ?, message = ? WHERE id = ?",
                outcome, rows, retries, lockWaitMillis, message, stepId);
    }

    public Optional<TargetRecord> target(String tableSchema, String tableName, String column) throws SQLException {
        return Jdbc.one(connection, "SELECT id, table_schema, table_name, column_name, column_existed,"
                + " column_was_not_null, foreign_key_existed, index_existed, foreign_key_name, index_name, "
                + migrationOfTarget() + " FROM " + table("target") + " t"
                + " WHERE table_schema = ? AND table_name = ? AND column_name = ?",
                Ledger::targetRecord, tableSchema, tableName, column);
    }

    /**
     * Plan reads a ledger it never upgrades: one written before V2 has no target.migration, and there a target
     * belongs to the migration of its first run, as V2 records it.
     */
    private String migrationOfTarget() throws SQLException {
        boolean recorded = Jdbc.count(connection, "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attname = 'migration' AND NOT attisdropped", table("target")) > 0;
        return recorded ? "t.migration" : "(SELECT r.migration FROM " + table("run") + " r WHERE r.id = t.first_run)";
    }

    /** Records the pre-state once, before the first change; later runs keep the first record. */
    public TargetRecord recordTarget(TargetRecord pre, long runId) throws SQLException {
        Jdbc.update(connection, "INSERT INTO " + table("target") + " (table_schema, table_name, column_name,"
                + " column_existed, column_was_not_null, foreign_key_existed, index_existed, foreign_key_name,"
                + " index_name, first_run, migration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (table_schema, table_name, column_name) DO NOTHING",
                pre.schema(), pre.table(), pre.column(), pre.columnExisted(), pre.columnWasNotNull(),
                pre.foreignKeyExisted(), pre.indexExisted(), pre.foreignKeyName(), pre.indexName(), runId,
                pre.migration());
        return target(pre.schema(), pre.table(), pre.column()).orElseThrow();
    }

    /** After a complete revert the target is as it was: a later apply starts afresh. */
    public void forgetTarget(long targetId) throws SQLException {
        Jdbc.update(connection, "DELETE FROM " + table("filled_batch") + " WHERE target_id = ?", targetId);
        Jdbc.update(connection, "DELETE FROM " + table("target") + " WHERE id = ?", targetId);
    }

    /** The slices of a target's backfill, in order; empty before its first start. */
    public List<Checkpoint> checkpoints(long targetId) throws SQLException {
        return Jdbc.list(connection, "SELECT slice, relation, upper_key, last_key, rows_done, rows_total, batches,"
                + " completed, walk FROM " + table("backfill_checkpoint") + " WHERE target_id = ? ORDER BY slice",
                rs -> new Checkpoint(rs.getInt(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                        Optional.ofNullable(rs.getString(4)), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                        rs.getBoolean(8), WalkOrder.valueOf(rs.getString(9).toUpperCase(Locale.ROOT))), targetId);
    }

    /** Replaces the target's slices by these (a fresh start), all at once. */
    public void startCheckpoints(long targetId, List<Checkpoint> slices) throws SQLException {
        Jdbc.inTransaction(connection, () -> {
            Jdbc.update(connection, "DELETE FROM " + table("backfill_checkpoint") + " WHERE target_id = ?", targetId);
            for (Checkpoint s : slices) {
                Jdbc.update(connection, "INSERT INTO " + table("backfill_checkpoint") + " (target_id, slice, relation,"
                        + " upper_key, last_key, rows_total, walk) VALUES (?, ?, ?, ?, ?, ?, ?)", targetId, s.slice(),
                        s.relation(), s.upperKey().orElse(null), s.lastKey().orElse(null), s.rowsTotal(),
                        s.walk().name().toLowerCase(Locale.ROOT));
            }
            return null;
        });
    }

    /** Advances one slice's checkpoint; called inside the batch's own transaction. */
    public void advanceCheckpoint(long targetId, int slice, String lastKey, long rows) throws SQLException {
        Jdbc.update(connection, "UPDATE " + table("backfill_checkpoint") + " SET last_key = ?,"
                + " rows_done = rows_done + ?, batches = batches + 1, updated_at = now()"
                + " WHERE target_id = ? AND slice = ?", lastKey, rows, targetId, slice);
    }

    /** Every slice and the sweep are done; the swept rows count on slice 0. */
    public void completeCheckpoints(long targetId, long sweptRows) throws SQLException {
        Jdbc.update(connection, "UPDATE " + table("backfill_checkpoint") + " SET completed = true,"
                + " rows_done = rows_done + CASE WHEN slice = 0 THEN ? ELSE 0 END, updated_at = now()"
                + " WHERE target_id = ?", sweptRows, targetId);
    }

    public String filledBatchTable() {
        return filledBatchTable(schema);
    }

    /** The record of filled rows, by the ledger schema the spec names (revert steps render their SQL from it). */
    public static String filledBatchTable(String schema) {
        return Sql.qualified(schema, "filled_batch");
    }

    /** Whether the backfill recorded rows of this target that revert has not given their NULL back yet. */
    public boolean hasFilledRows(long targetId) throws SQLException {
        return Jdbc.one(connection, "SELECT EXISTS (SELECT FROM " + table("filled_batch") + " WHERE target_id = ?)",
                rs -> rs.getBoolean(1), targetId).orElse(false);
    }

    private static TargetRecord targetRecord(ResultSet rs) throws SQLException {
        return new TargetRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getString(9), rs.getString(10),
                rs.getString(11));
    }
}
