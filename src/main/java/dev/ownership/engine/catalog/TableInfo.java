package dev.ownership.engine.catalog;

import dev.ownership.engine.sql.Sql;

/** A resolved table: its oid and where it really lives. */
public record TableInfo(long oid, String schema, String name, char relkind) {
    /** The quoted, schema-qualified name for SQL text. */
    public String sql() {
        return Sql.qualified(schema, name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
