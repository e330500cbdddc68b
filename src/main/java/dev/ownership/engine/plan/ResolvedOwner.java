package dev.ownership.engine.plan;

import dev.ownership.engine.catalog.KeyColumn;
import dev.ownership.engine.catalog.TableInfo;

import java.util.Optional;

/**
 * The owner table, its key, and the default owner's key value (as text) when one was asked for.
 *
 * @param defaultRow the default owner row, described for people (key columns and the matched column)
 */
public record ResolvedOwner(TableInfo table, KeyColumn key, Optional<String> defaultKey, Optional<String> defaultRow) {
}
