package dev.ownership.engine.catalog;

import dev.ownership.engine.model.DeleteRule;
import dev.ownership.engine.model.TableName;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.sql.Sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Read-only questions to the system catalogs; every step asks these before acting. */
public class Catalog {
    private static final String INDEX_COLUMNS = """
            SELECT ic.oid, n.nspname, ic.relname, i.indrelid, i.indisvalid, i.indpred IS NOT NULL, am.amname,
                   ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = ic.relnamespace
              JOIN pg_am am ON am.oid = ic.relam
            """;

    private final Connection connection;

    public Catalog(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    public int serverVersion() throws SQLException {
        return Integer.parseInt(Jdbc.one(connection, "SHOW server_version_num", rs -> rs.getString(1)).orElseThrow());
    }

    public Optional<TableInfo> table(TableName name) throws SQLException {
        String regclass = name.schema().map(s -> Sql.qualified(s, name.name())).orElse(Sql.ident(name.name()));
        return Jdbc.one(connection, """
                SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.oid = to_regclass(?)""",
                rs -> new TableInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0)),
                regclass);
    }

    public Optional<ColumnInfo> column(long tableOid, String column) throws SQLException {
        return Jdbc.one(connection, """
                SELECT attname, format_type(atttypid, atttypmod), attnotnull, atthasdef FROM pg_attribute
                 WHERE attrelid = ? AND attname = ? AND attnum > 0 AND NOT attisdropped""",
                rs -> new ColumnInfo(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)),
                tableOid, column);
    }

    /** Single-column unique keys usable to walk the table: the primary key first, then unique NOT NULL columns. */
    public List<KeyColumn> singleColumnKeys(long tableOid) throws SQLException {
        return Jdbc.list(connection, """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), i.indisprimary, a.attnotnull
                  FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                 WHERE i.indrelid = ? AND i.indisunique AND i.indnkeyatts = 1 AND i.indisvalid
                   AND i.indpred IS NULL AND i.indexprs IS NULL
                 ORDER BY i.indisprimary DESC, a.attnotnull DESC, a.attnum""",
                rs -> new KeyColumn(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)),
                tableOid);
    }

    /**
     * Unique keys whose columns are all NOT NULL, in the order batches prefer them: a single column first (as
     * before composite keys were walked), then the primary key, then the fewest columns. A key of several
     * columns needs ascending columns, and every key default operator classes, so {@code <} and {@code >} (and
     * a row comparison) scan its index.
     */
    public List<RowKey> rowKeys(long tableOid) throws SQLException {
        return Jdbc.list(connection, """
                SELECT ic.relname, i.indisprimary,
                       array_agg(a.attname ORDER BY k.ord), array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord),
                       array_agg(coalesce(cn.nspname, '') ORDER BY k.ord), array_agg(coalesce(co.collname, '') ORDER BY k.ord)
                  FROM pg_index i
                  JOIN pg_class ic ON ic.oid = i.indexrelid
                  CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indcollation::oid[], i.indclass::oid[],
                                            i.indoption::int2[]) WITH ORDINALITY k(attnum, coll, opclass, opt, ord)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                  JOIN pg_opclass oc ON oc.oid = k.opclass
                  LEFT JOIN pg_collation co ON co.oid = k.coll
                  LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                 WHERE i.indrelid = ? AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
                   AND k.ord <= i.indnkeyatts
                 GROUP BY ic.relname, i.indisprimary, i.indnkeyatts
                HAVING bool_and(a.attnotnull) AND bool_and(oc.opcdefault) AND (i.indnkeyatts = 1 OR bool_and(k.opt = 0))
                 ORDER BY i.indnkeyatts = 1 DESC, i.indisprimary DESC, i.indnkeyatts, ic.relname""",
                rs -> {
                    List<String> names = strings(rs.getArray(3));
                    List<String> types = strings(rs.getArray(4));
                    List<String> schemas = strings(rs.getArray(5));
                    List<String> collations = strings(rs.getArray(6));
                    List<RowKey.Column> columns = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        columns.add(new RowKey.Column(names.get(i), types.get(i), collations.get(i).isEmpty()
                                ? Optional.empty() : Optional.of(Sql.qualified(schemas.get(i), collations.get(i)))));
                    }
                    return new RowKey(rs.getString(1), rs.getBoolean(2), columns);
                }, tableOid);
    }

    /** Every partition below a partitioned table, any depth, parents before their partitions. */
    public List<PartitionInfo> partitions(long tableOid) throws SQLException {
        return Jdbc.list(connection, """
                SELECT c.oid, n.nspname, c.relname, c.relkind, t.parentrelid::oid, t.isleaf, t.level
                  FROM pg_partition_tree(?::oid::regclass) t
                  JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE t.level > 0 ORDER BY t.level, n.nspname, c.relname""",
                rs -> new PartitionInfo(new TableInfo(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4).charAt(0)), rs.getLong(5), rs.getBoolean(6), rs.getInt(7)),
                tableOid);
    }

    /** Whether the column is part of the partition key of any of these partitioned tables. */
    public boolean inPartitionKey(List<Long> partitionedOids, String column) throws SQLException {
        return Jdbc.count(connection, """
                SELECT count(*) FROM pg_partitioned_table p
                  JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = ANY (p.partattrs::int2[])
                 WHERE p.partrelid = ANY (?) AND a.attname = ?""",
                connection.createArrayOf("oid", partitionedOids.toArray()), column) > 0;
    }

    /** The index on this table attached to a partitioned index (the partitioned index's partition there). */
    public Optional<IndexInfo> attachedIndex(long parentIndexOid, long tableOid) throws SQLException {
        return Jdbc.one(connection, INDEX_COLUMNS + """
                 WHERE i.indrelid = ? AND i.indexrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = ?)""",
                Catalog::indexInfo, tableOid, parentIndexOid);
    }

    public List<ForeignKeyInfo> foreignKeys(long tableOid) throws SQLException {
        return Jdbc.list(connection, """
                SELECT con.conname, con.confrelid, con.confdeltype, con.convalidated,
                       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
                  FROM pg_constraint con WHERE con.contype = 'f' AND con.conrelid = ? ORDER BY con.conname""",
                rs -> new ForeignKeyInfo(rs.getString(1), strings(rs.getArray(5)), rs.getLong(2),
                        strings(rs.getArray(6)), DeleteRule.fromCatalog(rs.getString(3).charAt(0)), rs.getBoolean(4)),
                tableOid);
    }

    public Optional<ConstraintInfo> constraint(long tableOid, String name) throws SQLException {
        return Jdbc.one(connection,
                "SELECT conname, contype, convalidated FROM pg_constraint WHERE conrelid = ? AND conname = ?",
                rs -> new ConstraintInfo(rs.getString(1), rs.getString(2).charAt(0), rs.getBoolean(3)),
                tableOid, name);
    }

    /** A constraint by name on the table or any partition below it, one that is not validated first. */
    public Optional<ConstraintInfo> constraintInTree(long tableOid, String name) throws SQLException {
        return Jdbc.one(connection, """
                SELECT conname, contype, convalidated FROM pg_constraint
                 WHERE conname = ? AND conrelid IN (SELECT relid FROM pg_partition_tree(?::oid::regclass))
                 ORDER BY convalidated LIMIT 1""",
                rs -> new ConstraintInfo(rs.getString(1), rs.getString(2).charAt(0), rs.getBoolean(3)),
                name, tableOid);
    }

    /** Not-null constraints of a column as PostgreSQL 18+ records them in pg_constraint (contype 'n'). */
    public List<ConstraintInfo> notNullConstraints(long tableOid, String column) throws SQLException {
        return Jdbc.list(connection, """
                SELECT con.conname, con.contype, con.convalidated FROM pg_constraint con
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
                 WHERE con.contype = 'n' AND con.conrelid = ? AND a.attname = ?""",
                rs -> new ConstraintInfo(rs.getString(1), rs.getString(2).charAt(0), rs.getBoolean(3)),
                tableOid, column);
    }

    public Optional<IndexInfo> index(String schema, String name) throws SQLException {
        return Jdbc.one(connection, INDEX_COLUMNS + " WHERE n.nspname = ? AND ic.relname = ?", Catalog::indexInfo,
                schema, name);
    }

    public List<IndexInfo> indexes(long tableOid) throws SQLException {
        return Jdbc.list(connection, INDEX_COLUMNS + " WHERE i.indrelid = ? ORDER BY ic.relname", Catalog::indexInfo,
                tableOid);
    }

    /** Any relation (table, index, sequence, view...) with this name in this schema. */
    public Optional<Character> relationKind(String schema, String name) throws SQLException {
        return Jdbc.one(connection, """
                SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ? AND c.relname = ?""", rs -> rs.getString(1).charAt(0), schema, name);
    }

    public boolean indexBuildRunning(long indexOid) throws SQLException {
        return Jdbc.count(connection, "SELECT count(*) FROM pg_stat_progress_create_index WHERE index_relid = ?",
                indexOid) > 0;
    }

    public boolean triggerExists(long tableOid, String name) throws SQLException {
        return Jdbc.count(connection,
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = ? AND tgname = ? AND NOT tgisinternal",
                tableOid, name) > 0;
    }

    public boolean schemaExists(String schema) throws SQLException {
        return Jdbc.count(connection, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", schema) > 0;
    }

    /** Relations in a schema other than Flyway's history: tells a foreign schema from our ledger. */
    public List<String> relationsIn(String schema) throws SQLException {
        return Jdbc.list(connection, """
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname""",
                rs -> rs.getString(1), schema);
    }

    /** Other sessions holding a granted lock on any of these tables. */
    public List<SessionInfo> lockHolders(long... tableOids) throws SQLException {
        return sessions("""
                 WHERE a.pid IN (SELECT l.pid FROM pg_locks l WHERE l.locktype = 'relation' AND l.granted
                                    AND l.relation = ANY (?))
                   AND a.pid <> pg_backend_pid()""", Arrays.stream(tableOids).boxed().toArray(Long[]::new));
    }

    /** Transactions of this database open for longer than {@code age}. */
    public List<SessionInfo> longTransactions(Duration age) throws SQLException {
        return sessions("""
                 WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
                   AND a.xact_start < now() - make_interval(secs => ?)""", (double) age.toSeconds());
    }

    private List<SessionInfo> sessions(String where, Object param) throws SQLException {
        Object bound = param instanceof Long[] oids ? connection.createArrayOf("oid", oids) : param;
        return Jdbc.list(connection, """
                SELECT a.pid, a.usename, a.application_name, a.state,
                       a.wait_event_type || ': ' || a.wait_event, extract(epoch FROM now() - a.xact_start)::bigint
                  FROM pg_stat_activity a""" + " " + where + " ORDER BY a.xact_start NULLS LAST",
                rs -> new SessionInfo(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6) == null ? null : Duration.ofSeconds(rs.getLong(6))),
                bound);
    }

    private static IndexInfo indexInfo(ResultSet rs) throws SQLException {
        return new IndexInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                strings(rs.getArray(8)), rs.getBoolean(5), rs.getBoolean(6), rs.getString(7));
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
