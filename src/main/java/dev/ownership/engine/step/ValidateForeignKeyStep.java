package dev.ownership.engine.step;

import dev.ownership.engine.MigrationException;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** Validates the NOT VALID foreign key: one scan under a lock that lets reads and writes go on. */
public class ValidateForeignKeyStep extends DdlStep implements ApplyStep {
    static final String FOREIGN_KEY_VIOLATION = "23503";

    public ValidateForeignKeyStep(ResolvedTarget rt) {
        super(rt);
    }

    @Override
    public String name() {
        return "validate-foreign-key";
    }

    @Override
    public String lock() {
        return "SHARE UPDATE EXCLUSIVE on " + rt.table() + ", ROW SHARE on " + rt.owner().table()
                + " for one scan (reads and writes go on)";
    }

    @Override
    public List<String> statements() {
        return List.of(validate(rt.names().foreignKey()));
    }

    private String validate(String constraint) {
        return alterTable() + " VALIDATE CONSTRAINT " + Sql.ident(constraint);
    }

    @Override
    protected Duration lockTimeout() {
        return rt.settings().backgroundLockTimeout();
    }

    @Override
    protected List<TableInfo> lockedTables() {
        return List.of(rt.table(), rt.owner().table());
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.foreignKeyValidated();
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        // the key may be an equivalent one the table already had, under another name
        String name = TargetStateReader.read(ctx.catalog(), rt).foreignKey().orElseThrow().name();
        try {
            ctx.executor().execute(lockTimeout(), lockedTables(), validate(name));
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw new MigrationException("Foreign key " + name + " cannot be validated: rows of " + rt.table()
                        + " name owners that do not exist in " + rt.owner().table() + ", for example "
                        + String.join(", ", missingOwners(ctx)) + ".", e);
            }
            throw e;
        }
        return 0;
    }

    /** A validated key is dropped whole by the undo of {@link AddForeignKeyStep}. */
    @Override
    public List<Step> undo(TargetRecord before) {
        return List.of();
    }

    private List<String> missingOwners(StepContext ctx) throws SQLException {
        String key = Sql.ident(rt.owner().key().name());
        return Jdbc.list(ctx.connection(), "SELECT DISTINCT t." + rt.columnSql() + "::text FROM " + rt.table().sql()
                + " t WHERE t." + rt.columnSql() + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                + rt.owner().table().sql() + " o WHERE o." + key + " = t." + rt.columnSql() + ") LIMIT 5",
                rs -> rs.getString(1));
    }
}
