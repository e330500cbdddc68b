package dev.ownership.engine.step;

import dev.ownership.engine.catalog.ColumnInfo;
import dev.ownership.engine.catalog.ConstraintInfo;
import dev.ownership.engine.catalog.ForeignKeyInfo;
import dev.ownership.engine.catalog.IndexInfo;

import java.util.Optional;

/**
 * What the catalog says about one target right now; every step decides from this whether it is done.
 *
 * @param notNull      a validated NOT NULL is in force on the column
 * @param validIndex   a valid btree index leading with the column (ours or the application's)
 * @param namedIndex   the relation with our index name, valid or not
 * @param foreignKey   our foreign key, by name or an equivalent one on the column
 * @param notNullCheck the temporary CHECK (column IS NOT NULL), or on PostgreSQL 18 our NOT NULL NOT VALID
 */
public record TargetState(Optional<ColumnInfo> column, boolean notNull, boolean triggerExists,
                          Optional<IndexInfo> validIndex, Optional<IndexInfo> namedIndex,
                          Optional<ForeignKeyInfo> foreignKey, Optional<ConstraintInfo> notNullCheck) {

    public boolean columnExists() {
        return column.isPresent();
    }

    public boolean foreignKeyValidated() {
        return foreignKey.map(ForeignKeyInfo::validated).orElse(false);
    }
}
