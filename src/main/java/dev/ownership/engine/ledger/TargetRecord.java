package dev.ownership.engine.ledger;

/**
 * What existed on a target before the migrator first touched it; revert undoes only the rest.
 *
 * @param migration the migration that made it ({@code MigrationSpec.identity()}); only that one may change it
 */
public record TargetRecord(long id, String schema, String table, String column, boolean columnExisted,
                           boolean columnWasNotNull, boolean foreignKeyExisted, boolean indexExisted,
                           String foreignKeyName, String indexName, String migration) {

    /**
     * Whether this migration made it. A record without namespace (the CLI's, or the operator's before V2 when
     * the ledger knew names only) belongs to the migration of that name in any namespace, so an upgraded
     * operator keeps its own columns.
     */
    public boolean madeBy(String identity) {
        return migration.equals(identity) || !migration.contains("/") && identity.endsWith("/" + migration);
    }
}
