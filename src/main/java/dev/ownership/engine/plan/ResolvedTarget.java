package dev.ownership.engine.plan;

import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.model.Settings;
import dev.ownership.engine.model.Target;
import dev.ownership.engine.sql.Sql;

import java.util.List;
import java.util.Optional;

/**
 * One target after preflight: every name resolved against the catalog. Steps render their SQL from this
 * alone, so the SQL is a pure function of it.
 *
 * @param ownerType the owner key's type, which the owner column gets
 * @param rowKey    the key batches walk along (one column or several); empty means ctid ranges
 * @param serverVersion server_version_num, for version-dependent SQL
 * @param partitions    of a partitioned table: every partition below it, parents first; empty for a plain table
 */
public record ResolvedTarget(Target target, TableInfo table, String ownerType, ResolvedOwner owner,
                             Optional<ResolvedParent> parent, Optional<RowKey> rowKey, ObjectNames names,
                             Settings settings, int serverVersion, List<Partition> partitions) {

    /** A plain table. */
    public ResolvedTarget(Target target, TableInfo table, String ownerType, ResolvedOwner owner,
                          Optional<ResolvedParent> parent, Optional<RowKey> rowKey, ObjectNames names,
                          Settings settings, int serverVersion) {
        this(target, table, ownerType, owner, parent, rowKey, names, settings, serverVersion, List.of());
    }

    public boolean partitioned() {
        return table.relkind() == 'p';
    }

    /** The partitions that hold rows, in a stable order. */
    public List<Partition> leaves() {
        return partitions.stream().filter(Partition::leaf).toList();
    }

    /** Partitions that are partitioned again, parents before their own partitions. */
    public List<Partition> branches() {
        return partitions.stream().filter(p -> !p.leaf()).toList();
    }

    public String column() {
        return target.column();
    }

    public String columnSql() {
        return Sql.ident(target.column());
    }

    /** Label used in messages and the ledger: schema.table.column. */
    public String label() {
        return table + "." + target.column();
    }

    public String functionSql() {
        return Sql.qualified(settings.ledgerSchema(), names.function());
    }

    /** Whether rows can get an owner without the application: from a parent or the default owner. */
    public boolean canFill() {
        return parent.isPresent() || owner.defaultKey().isPresent();
    }

    /**
     * The owner of one row, where {@code row} is the alias (or NEW in the trigger): the parent's owner, falling
     * back to the default owner; the default owner alone without a parent.
     */
    public String ownerExpression(String row) {
        Optional<String> fallback = owner.defaultKey().map(k -> Sql.literal(k) + "::" + ownerType);
        if (parent.isEmpty()) {
            return fallback.orElseThrow();
        }
        ResolvedParent p = parent.get();
        String lookup = "(SELECT ownership_parent." + Sql.ident(p.ownerColumn()) + " FROM " + p.table().sql()
                + " AS ownership_parent WHERE ownership_parent." + Sql.ident(p.parentKey()) + " = " + row + "."
                + Sql.ident(p.foreignKey()) + ")";
        return fallback.map(f -> "COALESCE(" + lookup + ", " + f + ")").orElse(lookup);
    }
}
