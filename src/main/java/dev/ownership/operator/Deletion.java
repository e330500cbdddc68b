package dev.ownership.operator;

import java.util.Optional;

/**
 * What deleting a resource does now: hold the finalizer (a Job that changes the database runs, or
 * revertOnDelete has not reverted yet) or let the resource go, and what to tell (an Event, the log).
 *
 * @param release  remove the finalizer (the operator deletes the resource's Jobs first)
 * @param start    a Job to create now (the revert of revertOnDelete)
 * @param warning  the Event is a Warning: something is left for a person
 */
public record Deletion(boolean release, Optional<Action> start, String reason, String message, boolean warning) {
    static Deletion hold(String reason, String message) {
        return new Deletion(false, Optional.empty(), reason, message, false);
    }

    static Deletion blocked(String reason, String message) {
        return new Deletion(false, Optional.empty(), reason, message, true);
    }

    static Deletion release(String reason, String message, boolean warning) {
        return new Deletion(true, Optional.empty(), reason, message, warning);
    }
}
