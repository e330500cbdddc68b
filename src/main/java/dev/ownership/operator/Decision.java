package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;

import java.util.Optional;

/**
 * What the operator does next for a resource, and how its status reads.
 *
 * @param state     how kstatus should see it: PROGRESSING (Reconciling), WAITING (for a person), DONE (Ready),
 *                  STALLED (cannot proceed without a person)
 * @param reason    CamelCase reason of the conditions
 * @param start     a Job to create now
 * @param plan      the plan report of this generation, once there is one
 * @param job       the Job in charge
 */
public record Decision(State state, String phase, String reason, String message, Optional<Action> start,
                       Optional<MigratorReport> plan, Optional<String> job) {
    public enum State { PROGRESSING, WAITING, DONE, STALLED }

    /** The phase of a stalled decision. */
    static final String FAILED = "Failed";

    static Decision progressing(String phase, String reason, String message, Optional<Action> start,
                                Optional<MigratorReport> plan, Optional<String> job) {
        return new Decision(State.PROGRESSING, phase, reason, message, start, plan, job);
    }

    static Decision stalled(String reason, String message, Optional<MigratorReport> plan, Optional<String> job) {
        return new Decision(State.STALLED, FAILED, reason, message, Optional.empty(), plan, job);
    }
}
