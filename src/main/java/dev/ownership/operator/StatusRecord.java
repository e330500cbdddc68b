package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the status says the current generation has already done. Jobs are cleaned up (TTL, kubectl, the
 * cluster's garbage collection); the status is the record, so a finished step never runs again because
 * its Job is gone, and a failed one never reruns without a retry.
 */
final class StatusRecord {
    private StatusRecord() {
    }

    /** The generation ended Ready (applied, reverted or planned dry): how it reads, whatever became of its Jobs. */
    static Optional<Decision> ready(OwnershipMigration om) {
        return current(om).flatMap(s -> condition(s, Conditions.READY).filter(c -> "True".equals(c.getStatus()))
                .map(c -> Decision.done(s.phase, c.getReason(), c.getMessage(), plan(om))));
    }

    /** The steps of this generation the status records as succeeded. */
    static Set<Action> completed(OwnershipMigration om) {
        List<String> verbs = current(om).map(s -> s.completed).orElse(List.of());
        return Arrays.stream(Action.values()).filter(a -> verbs.contains(a.verb))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Action.class)));
    }

    /** The generation is retrying: a Job the retry deleted may still show in the cache as failed. */
    static boolean retrying(OwnershipMigration om) {
        return current(om).flatMap(s -> condition(s, Conditions.RECONCILING))
                .filter(c -> "True".equals(c.getStatus()) && Progression.RETRYING.equals(c.getReason())).isPresent();
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

    /** The status holds this finished Job's outcome, or the Job belongs to an older generation: it may go. */
    static boolean holds(OwnershipMigration om, Action action, ObservedJob job) {
        if (!JobNames.of(om, action).equals(job.name())) {
            return true;
        }
        return job.state() == ObservedJob.State.SUCCEEDED ? completed(om).contains(action)
                : failedAction(om).filter(action::equals).isPresent();
    }

    /** The plan this generation recorded. */
    static Optional<MigratorReport> plan(OwnershipMigration om) {
        return current(om).map(s -> s.plan).filter(p -> Objects.equals(p.generation, om.getMetadata().getGeneration()))
                .map(p -> new MigratorReport(Action.PLAN.verb, 0, "Succeeded", null, p.hash, p.pendingSteps,
                        p.rowsToBackfill, null, null, p.targets, p.configMap));
    }

    static Optional<Condition> condition(OwnershipMigrationStatus s, String type) {
        return Optional.ofNullable(s.conditions).flatMap(cs -> cs.stream().filter(c -> type.equals(c.getType()))
                .findFirst());
    }

    private static Optional<OwnershipMigrationStatus> current(OwnershipMigration om) {
        return Optional.ofNullable(om.getStatus())
                .filter(s -> Objects.equals(s.observedGeneration, om.getMetadata().getGeneration()));
    }
}
