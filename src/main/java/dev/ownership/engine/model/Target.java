package dev.ownership.engine.model;

import java.util.Optional;

/** One table that gains the owner column, and how. */
public record Target(TableName table, String column, DeleteRule onDelete, boolean index,
                     Optional<ParentSource> fromParent, boolean ifExists,
                     String foreignKeyName, String indexName) {

    /** Default constraint and index names, as the hand-written migrations name them. */
    public static String defaultForeignKeyName(TableName table, String column) {
        return Identifiers.derived("fk_" + table.name() + "_" + column);
    }

    public static String defaultIndexName(TableName table, String column) {
        return Identifiers.derived("idx_" + table.name() + "_" + column);
    }
}
