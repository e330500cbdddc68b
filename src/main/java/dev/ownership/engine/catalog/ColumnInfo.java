package dev.ownership.engine.catalog;

/** A column as pg_attribute describes it; {@code type} is format_type's text. */
public record ColumnInfo(String name, String type, boolean notNull, boolean hasDefault) {
}
