package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;

import java.time.Instant;
import java.util.Optional;

/**
 * A migrator Job as the operator sees it: how far it is, and the report its pod left.
 *
 * @param created    when the Job was created
 * @param notStarted while no pod of the Job has started: why (a pod's waiting reason, or no pod at all)
 */
public record ObservedJob(String name, State state, Optional<MigratorReport> report, Instant created,
                          Optional<String> notStarted) {
    /** DELETING: on its way out (a retry deletes a failed Job before it runs again). */
    public enum State { RUNNING, SUCCEEDED, FAILED, DELETING }

    public ObservedJob(String name, State state, Optional<MigratorReport> report) {
        this(name, state, report, Instant.EPOCH, Optional.empty());
    }

    /** It ran to an end, successful or not (even on its way out). */
    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }
}
