package dev.ownership.engine.model;

import java.util.Optional;

/** The owner table and its key column; without a column, the primary key. */
public record OwnerRef(TableName table, Optional<String> column) {
}
