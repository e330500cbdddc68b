package dev.ownership.engine.ledger;

/** What existed on a target before the migrator first touched it; revert undoes only the rest. */
public record TargetRecord(long id, String schema, String table, String column, boolean columnExisted,
                           boolean columnWasNotNull, boolean foreignKeyExisted, boolean indexExisted,
                           String foreignKeyName, String indexName) {
}
