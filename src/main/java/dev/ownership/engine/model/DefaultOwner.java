package dev.ownership.engine.model;

import java.util.Optional;

/** The owner row for orphaned rows: {@code owner.<column>::text = value}; no column means the owner key. */
public record DefaultOwner(Optional<String> column, String value) {
}
