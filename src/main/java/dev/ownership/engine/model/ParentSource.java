package dev.ownership.engine.model;

/** Owner taken from a parent row: {@code target.foreignKey = parent.<key>}, owner in {@code parent.column}. */
public record ParentSource(String foreignKey, TableName table, String column) {
}
