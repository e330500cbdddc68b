package dev.ownership.engine.model;

import java.util.List;
import java.util.Optional;

/** What to migrate: the engine's immutable view of an OwnershipMigration. */
public record MigrationSpec(String name, OwnerRef owner, Optional<DefaultOwner> defaultOwner,
                            List<Target> targets, Settings settings) {
    public MigrationSpec {
        targets = List.copyOf(targets);
    }
}
