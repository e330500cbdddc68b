package dev.ownership.engine.catalog;

import dev.ownership.engine.model.DeleteRule;

import java.util.List;

/** A foreign key constraint from pg_constraint. */
public record ForeignKeyInfo(String name, List<String> columns, long referencedOid, List<String> referencedColumns,
                             DeleteRule onDelete, boolean validated) {
}
