package dev.ownership.engine.step;

import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.catalog.PartitionInfo;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.plan.ResolvedTarget;

import java.sql.SQLException;
import java.util.List;

/**
 * The partitions of a partitioned target as the catalog has them now, not as preflight saw them: a partition
 * attached during the run gets its index, constraints and owner like the others.
 */
final class CurrentPartitions {
    private CurrentPartitions() {
    }

    static List<PartitionInfo> all(Catalog catalog, ResolvedTarget rt) throws SQLException {
        return catalog.partitions(rt.table().oid());
    }

    static List<TableInfo> leaves(Catalog catalog, ResolvedTarget rt) throws SQLException {
        return all(catalog, rt).stream().filter(PartitionInfo::leaf).map(PartitionInfo::table).toList();
    }

    /** Our index on a table of the tree: the target's own name on the target, a derived one on a partition. */
    static String indexName(ResolvedTarget rt, TableInfo table) {
        return table.oid() == rt.table().oid() ? rt.names().index() : rt.names().partitionIndex(table.name());
    }
}
