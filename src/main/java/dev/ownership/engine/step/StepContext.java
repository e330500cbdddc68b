package dev.ownership.engine.step;

import dev.ownership.engine.DatabaseConnector;
import dev.ownership.engine.MigrationListener;
import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.ledger.Ledger;
import dev.ownership.engine.ledger.TargetRecord;

import java.sql.Connection;

/**
 * What a step works with: the migrator's session, the catalog, the lock-aware executor, the ledger record
 * of its target, the progress listener, and the connector that opens more sessions (parallel backfill).
 */
public record StepContext(Connection connection, Catalog catalog, LockingExecutor executor, Ledger ledger,
                          TargetRecord target, MigrationListener listener, DatabaseConnector db) {
}
