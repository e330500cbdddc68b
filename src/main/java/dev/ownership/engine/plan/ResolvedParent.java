package dev.ownership.engine.plan;

import dev.ownership.engine.catalog.TableInfo;

/** Parent lookup for a from-parent backfill: {@code target.foreignKey = parent.parentKey}, owner in {@code ownerColumn}. */
public record ResolvedParent(TableInfo table, String foreignKey, String parentKey, String ownerColumn) {
}
