package dev.ownership.engine.plan;

import dev.ownership.engine.PreflightException;
import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.catalog.ColumnInfo;
import dev.ownership.engine.catalog.ConstraintInfo;
import dev.ownership.engine.catalog.ForeignKeyInfo;
import dev.ownership.engine.catalog.IndexInfo;
import dev.ownership.engine.catalog.KeyColumn;
import dev.ownership.engine.catalog.PartitionInfo;
import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.SessionInfo;
import dev.ownership.engine.catalog.ServerVersion;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.model.ParentSource;
import dev.ownership.engine.model.Settings;
import dev.ownership.engine.model.Target;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.step.TargetStateReader;
import dev.ownership.engine.sql.Sql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Preflight: resolves every name of the spec against the catalog and checks that the migration can run,
 * reading only. Every problem is collected, with the spec field it comes from, before anything changes.
 * Strict checks (for plan and apply) also cover data: the default owner row, orphans, name conflicts.
 */
public class Resolver {
    static final int MIN_SERVER_VERSION = 120000;
    static final int CTID_RANGE_SCAN_VERSION = 140000;
    /** BEFORE row triggers on partitioned tables (the fill trigger) arrived in PostgreSQL 13. */
    static final int PARTITIONED_TARGET_VERSION = 130000;
    static final Duration LONG_TRANSACTION = Duration.ofSeconds(10);

    private final Catalog catalog;
    private final boolean strict;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private Resolver(Catalog catalog, boolean strict) {
        this.catalog = catalog;
        this.strict = strict;
    }

    /** For plan and apply: every check. */
    public static ResolvedMigration forApply(Catalog catalog, MigrationSpec spec) throws SQLException {
        return new Resolver(catalog, true).resolve(spec);
    }

    /** For verify and revert: names only; absent tables are skipped, data is not judged. */
    public static ResolvedMigration forInspection(Catalog catalog, MigrationSpec spec) throws SQLException {
        return new Resolver(catalog, false).resolve(spec);
    }

    private ResolvedMigration resolve(MigrationSpec spec) throws SQLException {
        int version = catalog.serverVersion();
        if (version < MIN_SERVER_VERSION) {
            throw new PreflightException(List.of("PostgreSQL 12 or newer is required; this server is "
                    + ServerVersion.text(version) + "."));
        }
        ResolvedOwner owner = owner(spec);
        Settings settings = spec.settings().withWalkOrder(spec.settings().walkOrder().resolve());
        List<ResolvedTarget> targets = new ArrayList<>();
        List<SkippedTarget> skipped = new ArrayList<>();
        if (owner != null) {
            for (int i = 0; i < spec.targets().size(); i++) {
                target(spec, settings, i, owner, version, skipped).ifPresent(targets::add);
            }
        }
        if (strict) {
            checkLedgerSchema(spec.settings().ledgerSchema());
            checkDirectConnection();
            checkReplicaPositionsVisible(spec.settings());
            reportLongTransactions();
        }
        checkChains(spec, targets);
        if (!problems.isEmpty()) {
            throw new PreflightException(problems);
        }
        return new ResolvedMigration(spec, version, owner,
                TargetOrder.parentsFirst(targets, TargetOrder.parentAmong(targets)), skipped, warnings);
    }

    /** A cycle of targets copying their owners from each other has no target to fill first. */
    private void checkChains(MigrationSpec spec, List<ResolvedTarget> targets) {
        Function<ResolvedTarget, String> path = rt -> "spec.targets[" + spec.targets().indexOf(rt.target()) + "]";
        for (List<ResolvedTarget> cycle : TargetOrder.cycles(targets, TargetOrder.parentAmong(targets))) {
            problems.add(path.apply(cycle.get(0)) + ".backfill.fromParent: these targets copy their owners from each"
                    + " other in a cycle, so none can be filled first: "
                    + TargetOrder.describe(cycle, path, ResolvedTarget::label));
        }
    }

    private ResolvedOwner owner(MigrationSpec spec) throws SQLException {
        Optional<TableInfo> table = catalog.table(spec.owner().table());
        if (table.isEmpty()) {
            problems.add("spec.owner.table: table " + spec.owner().table() + " does not exist");
            return null;
        }
        List<KeyColumn> keys = catalog.singleColumnKeys(table.get().oid());
        Optional<KeyColumn> key = spec.owner().column()
                .map(c -> keys.stream().filter(k -> k.name().equals(c)).findFirst())
                .orElseGet(() -> keys.stream().filter(KeyColumn::primary).findFirst());
        if (key.isEmpty()) {
            // a partitioned table's unique keys all include its partition key
            String partitioned = table.get().relkind() != 'p' ? "" : " (" + table.get() + " is partitioned: a foreign"
                    + " key can reference it only through a unique key, and PostgreSQL requires every unique key of a"
                    + " partitioned table to include the partition key, so the table must be partitioned by that"
                    + " one column)";
            problems.add(spec.owner().column()
                    .map(c -> "spec.owner.column: " + table.get() + "." + c
                            + " is not the primary key or a single-column unique key of " + table.get() + partitioned)
                    .orElse("spec.owner.table: " + table.get() + " has no single-column primary key; set"
                            + " spec.owner.column to a unique column" + partitioned));
            return null;
        }
        if (spec.defaultOwner().isEmpty()) {
            return new ResolvedOwner(table.get(), key.get(), Optional.empty(), Optional.empty());
        }
        String column = spec.defaultOwner().get().column().orElse(key.get().name());
        String value = spec.defaultOwner().get().value();
        if (catalog.column(table.get().oid(), column).isEmpty()) {
            problems.add("spec.defaultOwner.column: column " + table.get() + "." + column + " does not exist");
            return null;
        }
        List<String> matches = Jdbc.list(catalog.connection(), "SELECT " + Sql.ident(key.get().name()) + "::text FROM "
                + table.get().sql() + " WHERE " + Sql.ident(column) + "::text = ? LIMIT 2", rs -> rs.getString(1), value);
        if (matches.size() != 1 && strict) {
            problems.add("spec.defaultOwner: " + (matches.isEmpty() ? "no row" : "more than one row") + " of "
                    + table.get() + " has " + column + " = '" + value + "'; exactly one must");
            return null;
        }
        Optional<String> defaultKey = matches.stream().findFirst();
        return new ResolvedOwner(table.get(), key.get(), defaultKey,
                defaultKey.map(k -> key.get().name() + " = " + k + (column.equals(key.get().name()) ? ""
                        : " (" + column + " = " + value + ")")));
    }

    private Optional<ResolvedTarget> target(MigrationSpec spec, Settings settings, int i, ResolvedOwner owner,
                                            int version, List<SkippedTarget> skipped) throws SQLException {
        String path = "spec.targets[" + i + "]";
        Target t = spec.targets().get(i);
        Optional<TableInfo> found = catalog.table(t.table());
        if (found.isEmpty()) {
            if (t.ifExists() || !strict) {
                skipped.add(new SkippedTarget(t, "table " + t.table() + " does not exist"));
            } else {
                problems.add(path + ".table: table " + t.table() + " does not exist (set ifExists: true to skip it)");
            }
            return Optional.empty();
        }
        TableInfo table = found.get();
        if (table.relkind() == 'p' && version < PARTITIONED_TARGET_VERSION) {
            problems.add(path + ".table: " + table + " is a partitioned table; PostgreSQL 13 or newer is needed for"
                    + " it (the fill trigger is a BEFORE row trigger on the partitioned table)");
            return Optional.empty();
        }
        if (table.relkind() != 'r' && table.relkind() != 'p') {
            problems.add(path + ".table: " + table + " is not a table (relkind " + table.relkind()
                    + "); views, materialized views and foreign tables are not supported");
            return Optional.empty();
        }
        int before = problems.size();
        String ownerType = owner.key().type();
        Optional<ColumnInfo> column = catalog.column(table.oid(), t.column());
        column.filter(c -> !c.type().equals(ownerType)).ifPresent(c -> problems.add(path + ".column: " + table + "."
                + c.name() + " has type " + c.type() + " but the owner key " + owner.table() + "." + owner.key().name()
                + " has type " + ownerType));
        Optional<RowKey> rowKey = catalog.rowKeys(table.oid()).stream().findFirst();
        if (rowKey.isEmpty() && table.relkind() == 'r') {
            checkWalkable(path, table, settings, version);
        }
        Optional<ResolvedParent> parent = t.fromParent().isEmpty() ? Optional.empty()
                : parent(path + ".backfill.fromParent", spec, table, t.fromParent().get(), ownerType);
        ObjectNames names = ObjectNames.of(table.schema(), table.name(), t.column(), t.foreignKeyName(), t.indexName());
        List<Partition> partitions = table.relkind() == 'p'
                ? partitions(path, table, t.column(), names, settings, version) : List.of();
        ResolvedTarget rt = new ResolvedTarget(t, table, ownerType, owner, parent, rowKey, names, settings,
                version, partitions);
        if (strict && problems.size() == before) {
            checkNames(path, rt);
            checkData(path, rt, column.isPresent());
        }
        return problems.size() == before ? Optional.of(rt) : Optional.empty();
    }

    /**
     * A table (or partition) without a key to walk is walked in ctid ranges online; without TID Range Scan
     * (before PostgreSQL 14) each batch of those would read the whole table: see docs/engine.md.
     */
    private void checkWalkable(String path, TableInfo table, Settings settings, int version) {
        if (version < CTID_RANGE_SCAN_VERSION && settings.mode() == Mode.ONLINE) {
            problems.add(path + ".table: " + table + " has no primary key or plain unique index on NOT NULL columns"
                    + " to walk in batches, and ctid ranges need PostgreSQL 14 or newer; add a primary key (or a unique"
                    + " index on NOT NULL columns) to " + table + ", upgrade to PostgreSQL 14+, or set"
                    + " spec.execution.mode: Offline");
        }
    }

    /** The partitions of a partitioned target, each able to take an index and constraints and to be walked. */
    private List<Partition> partitions(String path, TableInfo table, String column, ObjectNames names,
                                       Settings settings, int version) throws SQLException {
        List<PartitionInfo> tree = catalog.partitions(table.oid());
        Map<Long, TableInfo> tables = new HashMap<>(Map.of(table.oid(), table));
        tree.forEach(p -> tables.put(p.table().oid(), p.table()));
        List<Long> partitioned = new ArrayList<>(List.of(table.oid()));
        List<Partition> partitions = new ArrayList<>();
        for (PartitionInfo p : tree) {
            Optional<RowKey> walkKey = p.leaf() ? catalog.rowKeys(p.table().oid()).stream().findFirst()
                    : Optional.empty();
            if (p.leaf() && walkKey.isEmpty()) {
                checkWalkable(path, p.table(), settings, version);
            }
            if (!p.leaf()) {
                partitioned.add(p.table().oid());
            }
            partitions.add(new Partition(p.table(), tables.get(p.parentOid()), p.leaf(), walkKey,
                    names.partitionIndex(p.table().name())));
        }
        if (catalog.inPartitionKey(partitioned, column)) {
            problems.add(path + ".column: " + column + " is in the partition key of " + table + " or of a partition"
                    + " of it; giving rows an owner would move them between partitions");
        }
        return partitions;
    }

    private Optional<ResolvedParent> parent(String path, MigrationSpec spec, TableInfo table, ParentSource p,
                                            String ownerType) throws SQLException {
        Optional<TableInfo> parentTable = catalog.table(p.table());
        if (parentTable.isEmpty()) {
            problems.add(path + ".table: table " + p.table() + " does not exist");
            return Optional.empty();
        }
        TableInfo pt = parentTable.get();
        Optional<ColumnInfo> fk = catalog.column(table.oid(), p.foreignKey());
        Optional<ColumnInfo> ownerColumn = catalog.column(pt.oid(), p.column());
        boolean chained = isTarget(spec, pt, p.column()); // added (with the owner type) and filled before this one
        if (fk.isEmpty()) {
            problems.add(path + ".foreignKey: column " + table + "." + p.foreignKey() + " does not exist");
        }
        if (ownerColumn.isEmpty() && !chained) {
            problems.add(path + ".column: column " + pt + "." + p.column() + " does not exist");
        } else if (ownerColumn.isPresent() && !ownerColumn.get().type().equals(ownerType)) {
            problems.add(path + ".column: " + pt + "." + p.column() + " has type " + ownerColumn.get().type()
                    + " but owners have type " + ownerType);
        }
        if (fk.isEmpty() || (ownerColumn.isEmpty() && !chained)) {
            return Optional.empty();
        }
        Optional<String> primaryKey = catalog.singleColumnKeys(pt.oid()).stream().filter(KeyColumn::primary)
                .map(KeyColumn::name).findFirst();
        Optional<String> parentKey = catalog.foreignKeys(table.oid()).stream()
                .filter(c -> c.columns().equals(List.of(p.foreignKey())) && c.referencedOid() == pt.oid()
                        && c.referencedColumns().size() == 1)
                .map(c -> c.referencedColumns().get(0)).findFirst()
                .or(() -> primaryKey);
        if (parentKey.isEmpty()) {
            problems.add(path + ".foreignKey: no foreign key leads from " + table + "." + p.foreignKey() + " to " + pt
                    + ", and " + pt + " has no single-column primary key to join on");
            return Optional.empty();
        }
        String keyType = catalog.column(pt.oid(), parentKey.get()).orElseThrow().type();
        if (!keyType.equals(fk.get().type())) {
            problems.add(path + ".foreignKey: " + table + "." + p.foreignKey() + " has type " + fk.get().type()
                    + " but " + pt + "." + parentKey.get() + " has type " + keyType);
            return Optional.empty();
        }
        return Optional.of(new ResolvedParent(pt, p.foreignKey(), parentKey.get(), p.column(), chained));
    }

    private boolean isTarget(MigrationSpec spec, TableInfo table, String column) throws SQLException {
        for (Target t : spec.targets()) {
            if (t.column().equals(column) && catalog.table(t.table()).filter(o -> o.oid() == table.oid()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Names we would create must be free, or already be exactly what we would create. */
    private void checkNames(String path, ResolvedTarget rt) throws SQLException {
        String fkName = rt.names().foreignKey();
        Optional<ConstraintInfo> sameName = catalog.constraint(rt.table().oid(), fkName);
        Optional<ForeignKeyInfo> ownerFk = TargetStateReader.ownerForeignKey(catalog.foreignKeys(rt.table().oid()), rt);
        if (sameName.isPresent() && (ownerFk.isEmpty() || !ownerFk.get().name().equals(fkName))) {
            problems.add(path + ".foreignKeyName: " + rt.table() + " already has a constraint named " + fkName
                    + " that is not a foreign key of " + rt.column() + " to " + rt.owner().table());
        }
        ownerFk.filter(fk -> fk.onDelete() != rt.target().onDelete()).ifPresent(fk -> problems.add(path
                + ".onDelete: " + rt.table() + " already has foreign key " + fk.name() + " with ON DELETE "
                + fk.onDelete().sql + "; the spec asks for " + rt.target().onDelete().sql));
        if (rt.target().index()) {
            checkIndexName(path, rt.table(), rt.names().index(), rt.column());
            for (Partition p : rt.partitions()) {
                checkIndexName(path, p.table(), p.indexName(), rt.column());
            }
        }
    }

    private void checkIndexName(String path, TableInfo table, String name, String column) throws SQLException {
        if (catalog.relationKind(table.schema(), name).isEmpty()) {
            return;
        }
        Optional<IndexInfo> index = catalog.index(table.schema(), name);
        if (index.filter(i -> i.tableOid() == table.oid() && i.leadsWith(column)).isEmpty()) {
            problems.add(path + ".indexName: schema " + table.schema() + " already has a relation named " + name
                    + " that is not an index on " + table + " (" + column + ")");
        }
    }

    private void checkData(String path, ResolvedTarget rt, boolean columnExists) throws SQLException {
        String t = rt.table().sql();
        String c = Sql.ident(rt.column());
        if (columnExists && !TargetStateReader.ownerForeignKey(catalog.foreignKeys(rt.table().oid()), rt).map(ForeignKeyInfo::validated)
                .orElse(false)) {
            // a count and the query that finds them, not the values: the message reaches status and Events
            String dangling = " FROM " + t + " r WHERE r." + c + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                    + rt.owner().table().sql() + " o WHERE o." + Sql.ident(rt.owner().key().name()) + " = r." + c + ")";
            long rows = Jdbc.count(catalog.connection(), "SELECT count(*)" + dangling);
            if (rows > 0) {
                problems.add(path + ".column: " + rows + " rows of " + rt.table() + " name owners that do not exist in "
                        + rt.owner().table() + "; fix or clear them first (SELECT r.*" + dangling + ")");
            }
        }
        if (rt.owner().defaultKey().isPresent()) {
            return;
        }
        String nullRows = columnExists ? " WHERE r." + c + " IS NULL" : " WHERE true";
        String noOwner = rt.parent().isEmpty() ? "" : " AND " + (rt.parent().get().chained() ? noParentRow(rt)
                : rt.ownerExpression("r") + " IS NULL");
        long orphans = Jdbc.count(catalog.connection(), "SELECT count(*) FROM " + t + " r" + nullRows + noOwner);
        if (orphans > 0) {
            problems.add(path + ": " + orphans + " rows of " + rt.table() + " would have no owner"
                    + (rt.parent().isPresent() ? " (no parent, or a parent without owner)" : "")
                    + " and spec.defaultOwner is not set");
        }
    }

    /**
     * A row whose parent column is filled first gets its parent's owner when its parent row exists: whether every
     * parent row gets one is the parent target's own check, so one join here, whatever the length of the chain.
     */
    private static String noParentRow(ResolvedTarget rt) {
        ResolvedParent p = rt.parent().orElseThrow();
        return "NOT EXISTS (SELECT 1 FROM " + p.table().sql() + " p WHERE p." + Sql.ident(p.parentKey()) + " = r."
                + Sql.ident(p.foreignKey()) + ")";
    }

    private void checkLedgerSchema(String schema) throws SQLException {
        List<String> relations = catalog.relationsIn(schema);
        if (!relations.isEmpty() && !relations.contains("flyway_schema_history")) {
            problems.add("spec.execution.ledgerSchema: schema " + schema + " already exists and holds other tables ("
                    + String.join(", ", relations.subList(0, Math.min(3, relations.size()))) + "); choose another name");
        }
    }

    /** A transaction-mode pooler hands each statement to any server session: advisory locks mean nothing there. */
    private void checkDirectConnection() throws SQLException {
        String pid = "SELECT pg_backend_pid()";
        long first = Jdbc.count(catalog.connection(), pid);
        long second = Jdbc.count(catalog.connection(), pid);
        if (first != second) {
            problems.add("The connection goes through a pooler in transaction mode (the server session changed"
                    + " between two statements); connect to PostgreSQL directly");
        }
    }

    /** Without pg_read_all_stats, pg_stat_replication hides every position: the lag limit could never hold. */
    private void checkReplicaPositionsVisible(Settings settings) throws SQLException {
        if (settings.pace().maxReplicaLag().isPresent() && !Jdbc.one(catalog.connection(),
                "SELECT pg_has_role('pg_read_all_stats', 'USAGE')", rs -> rs.getBoolean(1)).orElse(false)) {
            String role = Jdbc.one(catalog.connection(), "SELECT current_user", rs -> rs.getString(1)).orElseThrow();
            problems.add("spec.execution.maxReplicaLag: role " + role + " cannot see the replicas' positions in"
                    + " pg_stat_replication; GRANT pg_monitor TO " + Sql.ident(role) + ", or leave maxReplicaLag out");
        }
    }

    private void reportLongTransactions() throws SQLException {
        for (SessionInfo s : catalog.longTransactions(LONG_TRANSACTION)) {
            warnings.add("Long-running transaction may delay locks and index builds: " + s.describe());
        }
    }
}
