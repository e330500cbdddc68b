package dev.ownership.operator;

import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The flow of one generation, decided from the resource, its Jobs and its status alone (no I/O):
 * plan, then (with Manual approval) wait for that plan's hash, then apply, then verify, then Ready.
 * With {@code dryRun} it stops after the plan; with {@code revert} it runs the revert Job instead of apply
 * and verify (planned and approved first under Manual approval). The status is the record: a step it shows
 * finished never runs again, a failed one reruns only on a retry annotation.
 */
public final class Progression {
    public static final String APPROVE_ANNOTATION = "ownership.dev/approve";
    public static final String RETRY_ANNOTATION = "ownership.dev/retry";
    static final String READY = "Ready";
    static final String AWAITING_APPROVAL = "AwaitingApproval";
    static final String RETRYING = "Retrying";

    private final OwnershipMigration om;
    private final Observed seen;
    private final JobLimits limits;
    /** The steps this generation has finished, as recorded and as seen in this reconcile. */
    private final Set<Action> completed;

    private Progression(OwnershipMigration om, Observed seen, JobLimits limits) {
        this.om = om;
        this.seen = seen;
        this.limits = limits;
        this.completed = StatusRecord.completed(om);
    }

    public static Decision decide(OwnershipMigration om, Observed seen, JobLimits limits) {
        Progression p = new Progression(om, seen, limits);
        Decision d = p.retry().orElseGet(p::flow);
        return d.recording(p.completed);
    }

    /**
     * Deleting the resource. A Job that changes the database is never cut short: the finalizer holds until
     * it ends, so a table ends fully applied (or, with revertOnDelete, reverted), never half-way. Without
     * revertOnDelete the database is then left as it is, and a stalled apply is said plainly.
     *
     * @param blocked why a revert cannot start (invalid spec, Secret not ready)
     */
    public static Deletion onDelete(OwnershipMigration om, Function<Action, Optional<ObservedJob>> jobs,
                                    Optional<String> blocked) {
        boolean revertOnDelete = om.getSpec() != null && Boolean.TRUE.equals(om.getSpec().revertOnDelete);
        // with revertOnDelete a running revert is the one below; an apply always ends first. A Job whose pod never
        // started changes nothing and may go.
        Optional<ObservedJob> changing = Stream.of(Action.APPLY, Action.REVERT)
                .filter(a -> !(revertOnDelete && a == Action.REVERT)).map(jobs).flatMap(Optional::stream)
                .filter(j -> j.state() == ObservedJob.State.RUNNING && j.notStarted().isEmpty()).findFirst();
        if (changing.isPresent()) {
            return Deletion.hold("DeleteWaiting", "Job " + changing.get().name() + " is changing the database; the"
                    + " resource goes once it has finished" + (revertOnDelete ? " and a revert has run" : "")
                    + ", so no table is left half-way");
        }
        if (!revertOnDelete) {
            return StatusRecord.failedAction(om).filter(Action::changesDatabase)
                    .flatMap(a -> StatusRecord.condition(om.getStatus(), Conditions.STALLED))
                    .map(c -> Deletion.release("DeletedPartlyApplied", "deleted while stalled (" + c.getReason()
                            + "); the database keeps the steps that were done: run migrate apply to finish them or"
                            + " migrate revert to undo them, with this resource's document (metadata.namespace "
                            + om.getMetadata().getNamespace() + " included: the ledger knows it as "
                            + om.getMetadata().getNamespace() + "/" + om.getMetadata().getName() + ")", true))
                    .orElseGet(() -> Deletion.release("Deleted", "deleted; the database is left as it is"
                            + " (only revertOnDelete changes it)", false));
        }
        Optional<ObservedJob> revert = jobs.apply(Action.REVERT);
        if (revert.isEmpty()) {
            return blocked.map(why -> Deletion.blocked("RevertOnDeleteBlocked", why
                            + "; fix it, or set revertOnDelete: false to delete without reverting"))
                    .orElseGet(() -> new Deletion(false, Optional.of(Action.REVERT), "RevertOnDelete",
                            "revertOnDelete: reverting before the resource goes", false));
        }
        ObservedJob r = revert.get();
        return switch (r.state()) {
            case SUCCEEDED -> Deletion.release("Reverted", "revertOnDelete: reverted, the resource goes", false);
            case FAILED -> Deletion.blocked("RevertOnDeleteFailed", r.report().map(MigratorReport::message)
                    .orElse("the revert Job failed") + "; fix the cause and delete Job " + r.name()
                    + " to try again, or set revertOnDelete: false to delete without reverting");
            case RUNNING, DELETING -> Deletion.hold("RevertOnDelete", "revertOnDelete: Job " + r.name() + " is reverting");
        };
    }

    /** The hash a person approved: the annotation, else the spec field (GitOps). */
    public static Optional<String> approvedHash(OwnershipMigration om) {
        return annotation(om, APPROVE_ANNOTATION).or(() -> Optional.ofNullable(om.getSpec().approvedPlan))
                .filter(h -> !h.isBlank());
    }

    /** The retry annotation's value; a value the status has not recorded yet asks for a retry. */
    public static Optional<String> retryToken(OwnershipMigration om) {
        return annotation(om, RETRY_ANNOTATION).filter(t -> !t.isBlank());
    }

    private static Optional<String> annotation(OwnershipMigration om, String key) {
        return Optional.ofNullable(om.getMetadata().getAnnotations()).map(a -> a.get(key));
    }

    private Decision flow() {
        Optional<Decision> finished = StatusRecord.ready(om);
        if (finished.isPresent()) {
            return finished.get();
        }
        boolean revert = Boolean.TRUE.equals(om.getSpec().revert);
        boolean manual = om.getSpec().approval == Approval.Manual;
        if (revert && !manual && !Boolean.TRUE.equals(om.getSpec().dryRun)) {
            return step(Action.REVERT, Optional.empty(), () -> reverted(Optional.empty()));
        }
        return step(Action.PLAN, Optional.empty(), () -> afterPlan(revert ? Action.REVERT : Action.APPLY));
    }

    private Decision afterPlan(Action change) {
        Optional<MigratorReport> plan = seen.jobs().apply(Action.PLAN).flatMap(ObservedJob::report)
                .or(() -> StatusRecord.plan(om));
        String hash = plan.map(MigratorReport::planHash).orElse("");
        String summary = (change == Action.REVERT ? "revert plan " : "plan ") + hash + ": "
                + plan.map(MigratorReport::pendingSteps).orElse(0L) + " steps pending"
                + (change == Action.APPLY ? ", " + plan.map(MigratorReport::rowsToBackfill).orElse(0L)
                + " rows without owner" : "");
        if (Boolean.TRUE.equals(om.getSpec().dryRun)) {
            return Decision.done("Planned", "DryRun", summary + " (dry run: nothing is "
                    + (change == Action.REVERT ? "reverted" : "applied") + ")", plan);
        }
        boolean started = seen.jobs().apply(change).isPresent() || completed.contains(change);
        if (om.getSpec().approval == Approval.Manual && !started) {
            Optional<String> approved = approvedHash(om);
            if (approved.isEmpty() || !approved.get().equals(hash)) {
                String reason = approved.isEmpty() ? "ApprovalRequired" : "ApprovalStale";
                String read = plan.map(MigratorReport::planConfigMap)
                        .map(cm -> "read it with: " + PlanConfigMap.readCommand(cm) + "; ").orElse("");
                String how = read + "approve with: kubectl annotate om " + om.getMetadata().getName() + " "
                        + APPROVE_ANNOTATION + "=" + hash + " --overwrite";
                return new Decision(Decision.State.WAITING, AWAITING_APPROVAL, reason,
                        summary + (approved.isPresent() ? "; the approved " + approved.get() + " is not this plan" : "")
                                + "; " + how, Optional.empty(), plan, Optional.empty());
            }
        }
        return change == Action.REVERT ? step(Action.REVERT, plan, () -> reverted(plan))
                : step(Action.APPLY, plan, () -> step(Action.VERIFY, plan,
                () -> Decision.done(READY, "Applied", "ownership is in force and verified", plan)));
    }

    private static Decision reverted(Optional<MigratorReport> plan) {
        return Decision.done(READY, "Reverted", "what apply created is undone", plan);
    }

    /**
     * Runs the Job of this action unless the status shows it ran, waits while it runs, stalls if it failed
     * or its pod never started, else goes on.
     */
    private Decision step(Action action, Optional<MigratorReport> plan, Supplier<Decision> next) {
        String phase = action.phase;
        Optional<ObservedJob> job = seen.jobs().apply(action);
        if (job.isEmpty()) {
            if (completed.contains(action)) {
                return next.get();
            }
            Optional<Decision> failed = StatusRecord.failure(om, action).map(c -> Decision.stalled(c.getReason(),
                    c.getMessage(), plan, Optional.of(JobNames.of(om, action))));
            if (failed.isPresent()) {
                return failed.get();
            }
            if (seen.runningJobs() >= limits.maxRunning()) {
                return Decision.progressing(phase, "WaitingForSlot", "waiting for a free migrator slot: "
                        + seen.runningJobs() + " migrator Jobs run, at most " + limits.maxRunning()
                        + " at once (setting ownership.operator.max-running-jobs)", Optional.empty(), plan,
                        Optional.empty()).recheckingAfter(JobLimits.SLOT_RECHECK);
            }
            return Decision.progressing(phase, phase, "starting the " + action.verb + " Job", Optional.of(action),
                    plan, Optional.empty());
        }
        ObservedJob j = job.get();
        return switch (j.state()) {
            case DELETING -> deleted(j, phase, plan);
            case RUNNING -> running(j, phase, plan);
            // the failed Job a retry just deleted may still be in the cache
            case FAILED -> StatusRecord.retrying(om) ? deleted(j, phase, plan)
                    : Decision.stalled(j.report().map(MigratorReport::reason).orElse("JobFailed"),
                    j.report().map(MigratorReport::message).orElse("Job " + j.name() + " failed; see its pod's log"),
                    plan, Optional.of(j.name()));
            case SUCCEEDED -> {
                completed.add(action);
                yield next.get();
            }
        };
    }

    private static Decision deleted(ObservedJob j, String phase, Optional<MigratorReport> plan) {
        return Decision.progressing(phase, RETRYING, "waiting for the old Job " + j.name() + " to be deleted",
                Optional.empty(), plan, Optional.of(j.name()));
    }

    private Decision running(ObservedJob j, String phase, Optional<MigratorReport> plan) {
        if (j.notStarted().isEmpty()) {
            return Decision.progressing(phase, phase, "Job " + j.name() + " is running", Optional.empty(), plan,
                    Optional.of(j.name()));
        }
        Instant deadline = j.created().plus(limits.startTimeout());
        if (!seen.now().isBefore(deadline)) {
            return Decision.stalled("JobNotStarted", "Job " + j.name() + " has had no running pod for "
                    + limits.startTimeout().toSeconds() + " s: " + j.notStarted().get()
                    + "; fix the cause and the Job goes on, or retry with: kubectl annotate om "
                    + om.getMetadata().getName() + " " + RETRY_ANNOTATION + "=<any new value> --overwrite",
                    plan, Optional.of(j.name()));
        }
        return Decision.progressing(phase, phase, "Job " + j.name() + " is starting: " + j.notStarted().get(),
                Optional.empty(), plan, Optional.of(j.name())).recheckingAfter(Duration.between(seen.now(), deadline)
                .plusSeconds(1));
    }

    /**
     * A retry annotation with a value the status has not recorded, on a generation stalled on a Job: delete
     * the failed Job so it runs again (a changed plan is planned again first). The status records the value,
     * so each new value retries once.
     */
    private Optional<Decision> retry() {
        Optional<String> token = retryToken(om);
        if (token.isEmpty() || om.getStatus() == null || token.get().equals(om.getStatus().lastRetry)) {
            return Optional.empty();
        }
        return StatusRecord.failedAction(om)
                // a Job whose pod has started since it stalled (JobNotStarted) is running: never cut it short
                .filter(failed -> seen.jobs().apply(failed).filter(j -> j.state() == ObservedJob.State.RUNNING
                        && j.notStarted().isEmpty()).isEmpty())
                .map(failed -> {
                    boolean replan = StatusRecord.failure(om, failed).map(c -> "PlanChanged".equals(c.getReason()))
                            .orElse(false);
                    Action rerun = replan ? Action.PLAN : failed;
                    if (replan) {
                        completed.remove(Action.PLAN);
                    }
                    List<String> delete = replan ? List.of(JobNames.of(om, Action.PLAN), JobNames.of(om, failed))
                            : List.of(JobNames.of(om, failed));
                    return Decision.progressing(rerun.phase, RETRYING, "retrying the " + rerun.verb + " ("
                            + RETRY_ANNOTATION + "=" + token.get() + ")", Optional.empty(),
                            replan ? Optional.empty() : StatusRecord.plan(om), Optional.empty()).deleting(delete);
                });
    }
}
