package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.engine.model.Identifiers;

/**
 * Deterministic Job names (resource, action, generation): a restarted operator finds the Job it started
 * instead of starting a second one, and a new generation gets Jobs of its own.
 */
public final class JobNames {
    private JobNames() {
    }

    public static String of(OwnershipMigration om, Action action) {
        return Identifiers.derived(om.getMetadata().getName() + "-" + action.verb + "-g" + om.getMetadata().getGeneration());
    }
}
