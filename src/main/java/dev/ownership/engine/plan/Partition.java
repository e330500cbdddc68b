package dev.ownership.engine.plan;

import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;

import java.util.Optional;

/**
 * A partition of a partitioned target, resolved: steps index, constrain and fill a partitioned table one
 * partition at a time, so each statement's lock covers one partition and a crash resumes with the rest.
 *
 * @param parent    the partitioned table it is attached to (the target or a partition of it)
 * @param leaf      whether it holds rows (else it is partitioned again)
 * @param walkKey   for a leaf: the key its backfill walks (empty: ctid ranges)
 * @param indexName its partition of the owner-column index
 */
public record Partition(TableInfo table, TableInfo parent, boolean leaf, Optional<RowKey> walkKey,
                        String indexName) {
}
