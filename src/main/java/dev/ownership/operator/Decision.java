package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator does next for a resource, and how its status reads.
 *
 * @param state       how kstatus should see it: PROGRESSING (Reconciling), WAITING (for a person), DONE (Ready),
 *                    STALLED (cannot proceed without a person)
 * @param reason      CamelCase reason of the conditions
 * @param start       a Job to create now
 * @param plan        the plan report of this generation, once there is one
 * @param job         the Job in charge
 * @param delete      Jobs to delete now (a retry reruns a failed step under the same name)
 * @param recheckAfter look again after this long even if nothing changes (a timeout that may expire)
 * @param completed   the steps of this generation known to have succeeded; empty: as the status says
 */
public record Decision(State state, String phase, String reason, String message, Optional<Action> start,
                       Optional<MigratorReport> plan, Optional<String> job, List<String> delete,
                       Optional<Duration> recheckAfter, Optional<Set<Action>> completed) {
    public enum State {
        PROGRESSING(Conditions.RECONCILING), WAITING(Conditions.AWAITING_APPROVAL), DONE(Conditions.READY),
        STALLED(Conditions.STALLED);

        /** The condition that is True in this state, and only in it. */
        final String condition;

        State(String condition) {
            this.condition = condition;
        }
    }

    /** The phase of a stalled decision. */
    static final String FAILED = "Failed";

    public Decision(State state, String phase, String reason, String message, Optional<Action> start,
                    Optional<MigratorReport> plan, Optional<String> job) {
        this(state, phase, reason, message, start, plan, job, List.of(), Optional.empty(), Optional.empty());
    }

    static Decision progressing(String phase, String reason, String message, Optional<Action> start,
                                Optional<MigratorReport> plan, Optional<String> job) {
        return new Decision(State.PROGRESSING, phase, reason, message, start, plan, job);
    }

    static Decision stalled(String reason, String message, Optional<MigratorReport> plan, Optional<String> job) {
        return new Decision(State.STALLED, FAILED, reason, message, Optional.empty(), plan, job);
    }

    static Decision done(String phase, String reason, String message, Optional<MigratorReport> plan) {
        return new Decision(State.DONE, phase, reason, message, Optional.empty(), plan, Optional.empty());
    }

    Decision deleting(List<String> jobs) {
        return new Decision(state, phase, reason, message, start, plan, job, jobs, recheckAfter, completed);
    }

    Decision recheckingAfter(Duration after) {
        return new Decision(state, phase, reason, message, start, plan, job, delete, Optional.of(after), completed);
    }

    Decision recording(Set<Action> steps) {
        return new Decision(state, phase, reason, message, start, plan, job, delete, recheckAfter,
                Optional.of(Set.copyOf(steps)));
    }
}
