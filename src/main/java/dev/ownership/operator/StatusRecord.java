package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the status says the current generation has already done. Jobs are cleaned up (TTL, kubectl, the
 * cluster's garbage collection); the status is the record, so a finished step never runs again because
 * its Job is gone, and a failed one never reruns without a retry.
 */
final class StatusRecord {
    /** How far each phase is in one generation's flow. */
    private static final Map<String, Integer> RANK = Map.of(Action.PLAN.phase, 0, Progression.AWAITING_APPROVAL, 1,
            Action.APPLY.phase, 2, Action.REVERT.phase, 2, Action.VERIFY.phase, 3, Progression.READY, 4);

    private StatusRecord() {
    }

    /** The generation ended Ready (applied, reverted or planned dry): how it reads, whatever became of its Jobs. */
    static Optional<Decision> ready(OwnershipMigration om) {
        return current(om).flatMap(s -> condition(s, Conditions.READY).filter(c -> "True".equals(c.getStatus()))
                .map(c -> Decision.done(s.phase, c.getReason(), c.getMessage(), plan(om))));
    }

    /** The status shows this generation past the action: it succeeded. */
    static boolean done(OwnershipMigration om, Action action) {
        return current(om).map(s -> rank(om, s)).orElse(-1) > RANK.get(action.phase);
    }

    /** The action's Job of this generation failed (Stalled, status.job names it). */
    static Optional<Condition> failure(OwnershipMigration om, Action action) {
        return failedAction(om).filter(action::equals).flatMap(a -> condition(om.getStatus(), Conditions.STALLED));
    }

    /** The action whose Job failed in this generation, when the generation is stalled on a Job. */
    static Optional<Action> failedAction(OwnershipMigration om) {
        return current(om).filter(s -> Decision.FAILED.equals(s.phase) && s.job != null)
                .flatMap(s -> Arrays.stream(Action.values()).filter(a -> JobNames.of(om, a).equals(s.job)).findFirst());
    }

    /** The plan this generation recorded. */
    static Optional<MigratorReport> plan(OwnershipMigration om) {
        return current(om).map(s -> s.plan).filter(p -> Objects.equals(p.generation, om.getMetadata().getGeneration()))
                .map(p -> new MigratorReport(Action.PLAN.verb, 0, "Succeeded", null, p.hash, p.pendingSteps,
                        p.rowsToBackfill, null, null, p.targets));
    }

    static Optional<Condition> condition(OwnershipMigrationStatus s, String type) {
        return Optional.ofNullable(s.conditions).flatMap(cs -> cs.stream().filter(c -> type.equals(c.getType()))
                .findFirst());
    }

    private static int rank(OwnershipMigration om, OwnershipMigrationStatus s) {
        if (Decision.FAILED.equals(s.phase)) {
            return failedAction(om).map(a -> RANK.get(a.phase)).orElse(-1);
        }
        return RANK.getOrDefault(s.phase, -1);
    }

    private static Optional<OwnershipMigrationStatus> current(OwnershipMigration om) {
        return Optional.ofNullable(om.getStatus())
                .filter(s -> Objects.equals(s.observedGeneration, om.getMetadata().getGeneration()));
    }
}
