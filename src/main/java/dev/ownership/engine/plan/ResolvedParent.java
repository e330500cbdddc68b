package dev.ownership.engine.plan;

import dev.ownership.engine.catalog.TableInfo;

/**
 * Parent lookup for a from-parent backfill: {@code target.foreignKey = parent.parentKey}, owner in {@code ownerColumn}.
 *
 * @param chained the owner column is itself a target of the same migration, filled before this target: it may not
 *                exist yet, or still hold NULLs, while preflight runs
 */
public record ResolvedParent(TableInfo table, String foreignKey, String parentKey, String ownerColumn,
                             boolean chained) {
}
