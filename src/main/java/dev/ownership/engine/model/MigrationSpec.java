package dev.ownership.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * What to migrate: the engine's immutable view of an OwnershipMigration.
 *
 * @param namespace metadata.namespace, when the document has one (the operator's always do)
 */
public record MigrationSpec(String name, OwnerRef owner, Optional<DefaultOwner> defaultOwner,
                            List<Target> targets, Settings settings, Optional<String> namespace) {
    public MigrationSpec {
        targets = List.copyOf(targets);
    }

    public MigrationSpec(String name, OwnerRef owner, Optional<DefaultOwner> defaultOwner, List<Target> targets,
                         Settings settings) {
        this(name, owner, defaultOwner, targets, settings, Optional.empty());
    }

    /** How the ledger names this migration: namespace/name, or the name alone without a namespace. */
    public String identity() {
        return namespace.map(ns -> ns + "/" + name).orElse(name);
    }
}
