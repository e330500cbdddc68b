package dev.ownership.engine.step;

import dev.ownership.engine.MigrationException;
import dev.ownership.engine.catalog.ForeignKeyInfo;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates the NOT VALID foreign key: one scan under a lock that lets reads and writes go on. A partitioned
 * table's key is validated partition by partition, so a crash resumes with the partitions left; then on
 * PostgreSQL 13 to 17 the partitioned table's own key is added, which adopts the validated keys of its
 * partitions without a scan, and on 18 its NOT VALID key is validated, with nothing left to scan.
 */
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
        if (rt.partitioned()) {
            return "SHARE UPDATE EXCLUSIVE on one partition at a time, ROW SHARE on " + rt.owner().table()
                    + ", for its scan (reads and writes go on); then " + (AddForeignKeyStep.perPartition(rt)
                    ? "SHARE ROW EXCLUSIVE on " + rt.table() + " and its partitions, ACCESS EXCLUSIVE on "
                    + rt.owner().table() + ", for milliseconds (the key adopts the partitions' keys, no scan)"
                    : "SHARE UPDATE EXCLUSIVE on " + rt.table() + " (no scan left)");
        }
        return "SHARE UPDATE EXCLUSIVE on " + rt.table() + ", ROW SHARE on " + rt.owner().table()
                + " for one scan (reads and writes go on)";
    }

    @Override
    public List<String> statements() {
        String fk = rt.names().foreignKey();
        if (!rt.partitioned()) {
            return List.of(validate(rt.table(), fk));
        }
        List<String> sql = new ArrayList<>(rt.leaves().stream().map(p -> validate(p.table(), fk)).toList());
        sql.add(AddForeignKeyStep.perPartition(rt) ? AddForeignKeyStep.add(rt, rt.table(), false)
                : validate(rt.table(), fk));
        return sql;
    }

    private static String validate(TableInfo table, String constraint) {
        return "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + Sql.ident(constraint);
    }

    @Override
    protected LockWait lockWait() {
        return LockWait.background(rt.settings());
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
        Optional<ForeignKeyInfo> key = TargetStateReader.read(ctx.catalog(), rt).foreignKey();
        String name = key.map(ForeignKeyInfo::name).orElse(rt.names().foreignKey());
        if (rt.partitioned()) {
            for (TableInfo leaf : CurrentPartitions.leaves(ctx.catalog(), rt)) {
                if (AddForeignKeyStep.perPartition(rt)) {
                    AddForeignKeyStep.addToPartition(ctx, rt, leaf); // a partition attached since
                }
                if (ctx.catalog().constraint(leaf.oid(), name).filter(c -> !c.validated()).isPresent()) {
                    validate(ctx, leaf, name);
                }
            }
            if (key.isEmpty()) {
                // adopts the partitions' validated keys: no scan, SHARE ROW EXCLUSIVE on the tree (and ACCESS
                // EXCLUSIVE on the owner table, whose triggers for the partitions' keys go) for milliseconds
                ctx.executor().execute(LockWait.brief(rt.settings()), lockedTables(), AddForeignKeyStep.add(rt,
                        rt.table(), false));
                return 0;
            }
        }
        validate(ctx, rt.table(), name);
        return 0;
    }

    private void validate(StepContext ctx, TableInfo table, String name) throws SQLException {
        try {
            ctx.executor().execute(lockWait(), List.of(table, rt.owner().table()), validate(table, name));
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw new MigrationException("Foreign key " + name + " cannot be validated: rows of " + rt.table()
                        + " name owners that do not exist in " + rt.owner().table() + ", for example "
                        + String.join(", ", missingOwners(ctx)) + ".", e);
            }
            throw e;
        }
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
