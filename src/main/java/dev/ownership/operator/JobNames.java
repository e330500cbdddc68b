package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.engine.model.Identifiers;

/**
 * Deterministic Job names (resource, action, generation): a restarted operator finds the Job it started
 * instead of starting a second one, and a new generation gets Jobs of its own. The same shortening gives the
 * value of the Jobs' label {@code ownership.dev/migration}, since resource names may be longer than a label value.
 */
public final class JobNames {
    /** The Job controller puts the name in a label of its pods, and label values stop at 63 characters. */
    static final int MAX = 63;

    private JobNames() {
    }

    public static String of(OwnershipMigration om, Action action) {
        return fit(om.getMetadata().getName(), "-" + action.verb + "-g" + om.getMetadata().getGeneration());
    }

    /** The value of the label that selects this resource's Jobs: its name, shortened when it does not fit. */
    public static String label(OwnershipMigration om) {
        return fit(om.getMetadata().getName(), "");
    }

    /**
     * name + tail when it fits; otherwise a long name keeps its start and gets a hash of the whole, so two long
     * names never meet.
     */
    private static String fit(String name, String tail) {
        if (name.length() + tail.length() <= MAX) {
            return name + tail;
        }
        String hash = "-" + Identifiers.shortHash(name);
        String start = name.substring(0, MAX - tail.length() - hash.length()).replaceAll("[.-]+$", "");
        return start + hash + tail;
    }
}
