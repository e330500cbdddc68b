package dev.ownership.operator;

import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The flow of one generation, decided from the resource and its Jobs alone (no I/O):
 * plan, then (with Manual approval) wait for that plan's hash, then apply, then verify, then Ready.
 * With {@code dryRun} it stops after the plan; with {@code revert} it runs the revert Job instead.
 */
public final class Progression {
    public static final String APPROVE_ANNOTATION = "ownership.dev/approve";

    private Progression() {
    }

    public static Decision decide(OwnershipMigration om, Function<Action, Optional<ObservedJob>> jobs) {
        if (Boolean.TRUE.equals(om.getSpec().revert)) {
            return step(Action.REVERT, jobs, Optional.empty(),
                    () -> done("Reverted", "Reverted", "what apply created is undone", Optional.empty()));
        }
        return step(Action.PLAN, jobs, Optional.empty(), () -> afterPlan(om, jobs));
    }

    private static Decision afterPlan(OwnershipMigration om, Function<Action, Optional<ObservedJob>> jobs) {
        Optional<MigratorReport> plan = jobs.apply(Action.PLAN).flatMap(ObservedJob::report);
        String hash = plan.map(MigratorReport::planHash).orElse("");
        String summary = "plan " + hash + ": " + plan.map(MigratorReport::pendingSteps).orElse(0L) + " steps pending, "
                + plan.map(MigratorReport::rowsToBackfill).orElse(0L) + " rows without owner";
        if (Boolean.TRUE.equals(om.getSpec().dryRun)) {
            return done("Planned", "DryRun", summary + " (dry run: nothing is applied)", plan);
        }
        if (om.getSpec().approval == Approval.Manual) {
            Optional<String> approved = approvedHash(om);
            if (approved.isEmpty() || !approved.get().equals(hash)) {
                String reason = approved.isEmpty() ? "ApprovalRequired" : "ApprovalStale";
                String how = "approve with: kubectl annotate om " + om.getMetadata().getName() + " "
                        + APPROVE_ANNOTATION + "=" + hash + " --overwrite";
                return new Decision(Decision.State.WAITING, "AwaitingApproval", reason,
                        summary + (approved.isPresent() ? "; the approved " + approved.get() + " is not this plan" : "")
                                + "; " + how, Optional.empty(), plan, Optional.empty());
            }
        }
        return step(Action.APPLY, jobs, plan, () -> step(Action.VERIFY, jobs, plan,
                () -> done("Ready", "Applied", "ownership is in force and verified", plan)));
    }

    /** The hash a person approved: the annotation, else the spec field (GitOps). */
    public static Optional<String> approvedHash(OwnershipMigration om) {
        return Optional.ofNullable(om.getMetadata().getAnnotations()).map(a -> a.get(APPROVE_ANNOTATION))
                .or(() -> Optional.ofNullable(om.getSpec().approvedPlan)).filter(h -> !h.isBlank());
    }

    /** Runs the Job of this action if it has not run, waits while it runs, stalls if it failed, else goes on. */
    private static Decision step(Action action, Function<Action, Optional<ObservedJob>> jobs,
                                 Optional<MigratorReport> plan, Supplier<Decision> next) {
        String phase = action.phase;
        Optional<ObservedJob> job = jobs.apply(action);
        if (job.isEmpty()) {
            return Decision.progressing(phase, phase, "starting the " + action.verb + " Job", Optional.of(action),
                    plan, Optional.empty());
        }
        ObservedJob j = job.get();
        return switch (j.state()) {
            case RUNNING -> Decision.progressing(phase, phase, "Job " + j.name() + " is running", Optional.empty(),
                    plan, Optional.of(j.name()));
            case FAILED -> Decision.stalled(j.report().map(MigratorReport::reason).orElse("JobFailed"),
                    j.report().map(MigratorReport::message).orElse("Job " + j.name() + " failed; see its pod's log"),
                    plan, Optional.of(j.name()));
            case SUCCEEDED -> next.get();
        };
    }

    private static Decision done(String phase, String reason, String message, Optional<MigratorReport> plan) {
        return new Decision(Decision.State.DONE, phase, reason, message, Optional.empty(), plan, Optional.empty());
    }
}
