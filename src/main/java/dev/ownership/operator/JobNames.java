package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.engine.model.Identifiers;

/**
 * Deterministic Job names (resource, action, generation): a restarted operator finds the Job it started
 * instead of starting a second one, and a new generation gets Jobs of its own.
 */
public final class JobNames {
    /** The Job controller puts the name in a label of its pods, and label values stop at 63 characters. */
    static final int MAX = 63;

    private JobNames() {
    }

    public static String of(OwnershipMigration om, Action action) {
        String tail = "-" + action.verb + "-g" + om.getMetadata().getGeneration();
        String name = om.getMetadata().getName();
        if (name.length() + tail.length() <= MAX) {
            return name + tail;
        }
        // a long resource name keeps its start and gets a hash of the whole, so two long names never meet
        String hash = "-" + Identifiers.shortHash(name);
        String start = name.substring(0, MAX - tail.length() - hash.length()).replaceAll("[.-]+$", "");
        return start + hash + tail;
    }
}
