package dev.ownership.engine.step;

import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.catalog.ColumnInfo;
import dev.ownership.engine.catalog.ConstraintInfo;
import dev.ownership.engine.catalog.ForeignKeyInfo;
import dev.ownership.engine.catalog.IndexInfo;
import dev.ownership.engine.plan.ResolvedTarget;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads a {@link TargetState} from the catalog. */
public final class TargetStateReader {
    /** PostgreSQL 18 records NOT NULL in pg_constraint and can add it NOT VALID. */
    public static final int PG18 = 180000;

    private TargetStateReader() {
    }

    public static TargetState read(Catalog catalog, ResolvedTarget rt) throws SQLException {
        long oid = rt.table().oid();
        Optional<ColumnInfo> column = catalog.column(oid, rt.column());
        // a partitioned table's temporary CHECKs are on its partitions
        Optional<ConstraintInfo> check = catalog.constraintInTree(oid, rt.names().notNullCheck());
        boolean notNull = column.map(ColumnInfo::notNull).orElse(false);
        if (notNull && rt.serverVersion() >= PG18) {
            // attnotnull is also true for a NOT VALID not-null constraint there
            List<ConstraintInfo> nn = catalog.notNullConstraints(oid, rt.column());
            notNull = nn.isEmpty() || nn.stream().allMatch(ConstraintInfo::validated);
        }
        List<IndexInfo> indexes = catalog.indexes(oid);
        return new TargetState(column, notNull, catalog.triggerExists(oid, rt.names().trigger()),
                indexes.stream().filter(i -> i.valid() && i.leadsWith(rt.column())).findFirst(),
                catalog.index(rt.table().schema(), rt.names().index()),
                ownerForeignKey(catalog.foreignKeys(oid), rt), check);
    }

    /** Our foreign key by name, else any foreign key of the column to the owner key. */
    public static Optional<ForeignKeyInfo> ownerForeignKey(List<ForeignKeyInfo> fks, ResolvedTarget rt) {
        return fks.stream().filter(fk -> fk.name().equals(rt.names().foreignKey())).findFirst()
                .or(() -> fks.stream().filter(fk -> fk.columns().equals(List.of(rt.column()))
                        && fk.referencedOid() == rt.owner().table().oid()
                        && fk.referencedColumns().equals(List.of(rt.owner().key().name()))).findFirst());
    }
}
