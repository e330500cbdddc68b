package dev.ownership.engine.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A unique key of NOT NULL columns that batches walk in the order of its btree index: one column, or several
 * compared as a row. Each column keeps the collation of the index, so comparisons match the index's order.
 *
 * @param index   the unique index's name, for the plan
 * @param primary whether it is the primary key
 */
public record RowKey(String index, boolean primary, List<Column> columns) {
    public RowKey {
        columns = List.copyOf(columns);
    }

    /**
     * @param type      as format_type renders it, for CAST
     * @param collation the index's collation, qualified and quoted for SQL; empty for types without one
     */
    public record Column(String name, String type, Optional<String> collation) {
    }

    public boolean composite() {
        return columns.size() > 1;
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }
}
