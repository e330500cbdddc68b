package dev.ownership.engine.catalog;

/**
 * One partition below a partitioned table, from pg_partition_tree.
 *
 * @param parentOid the partitioned table it is attached to
 * @param leaf      whether it holds rows itself (not partitioned again)
 * @param level     1 for a direct partition, 2 for a sub-partition, ...
 */
public record PartitionInfo(TableInfo table, long parentOid, boolean leaf, int level) {
}
