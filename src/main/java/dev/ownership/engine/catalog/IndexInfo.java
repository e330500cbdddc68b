package dev.ownership.engine.catalog;

import java.util.List;

/** An index from pg_index; {@code columns} holds only plain columns, in key order. */
public record IndexInfo(long oid, String schema, String name, long tableOid, List<String> columns, boolean valid,
                        boolean partial, String method) {
    public boolean leadsWith(String column) {
        return !partial && "btree".equals(method) && !columns.isEmpty() && columns.get(0).equals(column);
    }
}
