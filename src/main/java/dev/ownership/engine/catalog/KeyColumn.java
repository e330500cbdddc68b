package dev.ownership.engine.catalog;

/** A single-column key (primary key or unique index) of a table. */
public record KeyColumn(String name, String type, boolean primary, boolean notNull) {
}
