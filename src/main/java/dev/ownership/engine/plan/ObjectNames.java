package dev.ownership.engine.plan;

import dev.ownership.engine.model.Identifiers;

/** Names of what the engine creates for one target; all fit PostgreSQL's 63-byte limit. */
public record ObjectNames(String foreignKey, String index, String trigger, String function, String notNullCheck) {

    /** Trigger, function and check carry a hash of the target so two targets never share them. */
    public static ObjectNames of(String schema, String table, String column, String foreignKey, String index) {
        String hash = Identifiers.shortHash(schema + "\u0000" + table + "\u0000" + column);
        return new ObjectNames(foreignKey, index, "ownership_fill_" + hash, "fill_" + hash,
                Identifiers.derived("chk_" + table + "_" + column + "_not_null"));
    }

    /**
     * The owner-column index's partition on one partition: the index name and the partition's, so names on
     * different partitions, and of different targets, never collide; hashed when longer than 63 bytes.
     */
    public String partitionIndex(String partition) {
        return Identifiers.derived(index + "_" + partition);
    }
}
