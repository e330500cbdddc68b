package dev.ownership.operator;

import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The flow as a pure function of the resource and its Jobs. */
class ProgressionTest {
    static final String HASH = "0123456789abcdef";
    final Map<Action, ObservedJob> jobs = new EnumMap<>(Action.class);

    static OwnershipMigration om() {
        OwnershipMigration om = new OwnershipMigration();
        om.getMetadata().setName("m");
        om.getMetadata().setGeneration(3L);
        om.setSpec(new OwnershipMigrationSpec());
        return om;
    }

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final JobLimits LIMITS = new JobLimits(2, Duration.ofMinutes(5));
    long runningElsewhere;

    Decision decide(OwnershipMigration om) {
        return Progression.decide(om, new Observed(a -> Optional.ofNullable(jobs.get(a)), runningElsewhere, NOW),
                LIMITS);
    }

    /** Reconciles as the operator does: decide, then write the status the decision leads to. */
    Decision reconcile(OwnershipMigration om) {
        Decision d = decide(om);
        om.setStatus(StatusUpdate.next(om, d, NOW));
        return d;
    }

    static String name(Action action) {
        return JobNames.of(om(), action);
    }

    void done(Action action, int exitCode, String reason) {
        jobs.put(action, new ObservedJob(name(action), exitCode == 0 ? ObservedJob.State.SUCCEEDED
                : ObservedJob.State.FAILED, Optional.of(new MigratorReport(action.verb, exitCode, reason, "msg " + reason,
                HASH, 4L, 100L, null, null, null, null))));
    }

    @Test
    void plansThenAppliesThenVerifiesThenIsReady() {
        OwnershipMigration om = om();
        assertThat(decide(om).start()).contains(Action.PLAN);
        jobs.put(Action.PLAN, new ObservedJob("m-plan", ObservedJob.State.RUNNING, Optional.empty()));
        assertThat(decide(om)).satisfies(d -> {
            assertThat(d.start()).isEmpty();
            assertThat(d.state()).isEqualTo(Decision.State.PROGRESSING);
            assertThat(d.job()).contains("m-plan");
        });
        done(Action.PLAN, 0, "Succeeded");
        assertThat(decide(om).start()).contains(Action.APPLY);
        done(Action.APPLY, 0, "Succeeded");
        assertThat(decide(om).start()).contains(Action.VERIFY);
        done(Action.VERIFY, 0, "Succeeded");
        Decision ready = decide(om);
        assertThat(ready.state()).isEqualTo(Decision.State.DONE);
        assertThat(ready.reason()).isEqualTo("Applied");
        assertThat(ready.plan().map(MigratorReport::planHash)).contains(HASH);
    }

    @Test
    void manualApprovalWaitsForThatPlansHash() {
        OwnershipMigration om = om();
        om.getSpec().approval = Approval.Manual;
        done(Action.PLAN, 0, "Succeeded");
        assertThat(decide(om)).satisfies(d -> {
            assertThat(d.state()).isEqualTo(Decision.State.WAITING);
            assertThat(d.reason()).isEqualTo("ApprovalRequired");
            assertThat(d.message()).contains("kubectl annotate om m ownership.dev/approve=" + HASH);
            assertThat(d.start()).isEmpty();
        });
        om.getSpec().approvedPlan = "fedcba9876543210";
        assertThat(decide(om).reason()).isEqualTo("ApprovalStale");
        om.getMetadata().setAnnotations(Map.of(Progression.APPROVE_ANNOTATION, HASH));
        assertThat(decide(om).start()).as("the annotation wins over a stale spec field").contains(Action.APPLY);
    }

    @Test
    void failuresStallWithTheReportsReason() {
        OwnershipMigration om = om();
        done(Action.PLAN, 3, "PreflightFailed");
        assertThat(decide(om)).satisfies(d -> {
            assertThat(d.state()).isEqualTo(Decision.State.STALLED);
            assertThat(d.reason()).isEqualTo("PreflightFailed");
            assertThat(d.message()).isEqualTo("msg PreflightFailed");
        });
        jobs.put(Action.PLAN, new ObservedJob("m-plan", ObservedJob.State.FAILED, Optional.empty()));
        assertThat(decide(om).reason()).as("a pod that died before its report").isEqualTo("JobFailed");
    }

    @Test
    void dryRunStopsAfterThePlanAndRevertRunsAlone() {
        OwnershipMigration om = om();
        om.getSpec().dryRun = true;
        done(Action.PLAN, 0, "Succeeded");
        assertThat(decide(om)).satisfies(d -> {
            assertThat(d.state()).isEqualTo(Decision.State.DONE);
            assertThat(d.reason()).isEqualTo("DryRun");
        });
        om.getSpec().revert = true;
        assertThat(decide(om)).as("a dry run of a revert plans the revert").satisfies(d -> {
            assertThat(d.reason()).isEqualTo("DryRun");
            assertThat(d.message()).startsWith("revert plan ");
        });
        om.getSpec().dryRun = false;
        jobs.clear();
        assertThat(decide(om).start()).as("automatic approval: the revert runs alone").contains(Action.REVERT);
        done(Action.REVERT, 0, "Succeeded");
        assertThat(decide(om).reason()).isEqualTo("Reverted");
    }

    @Test
    void aReadyGenerationStaysReadyWhenItsJobsAreCleanedUp() {
        OwnershipMigration om = om();
        om.getSpec().approval = Approval.Manual;
        om.getMetadata().setAnnotations(Map.of(Progression.APPROVE_ANNOTATION, HASH));
        done(Action.PLAN, 0, "Succeeded");
        reconcile(om);
        done(Action.APPLY, 0, "Succeeded");
        reconcile(om);
        done(Action.VERIFY, 0, "Succeeded");
        assertThat(reconcile(om).reason()).isEqualTo("Applied");

        jobs.clear(); // ttlSecondsAfterFinished, kubectl delete job, the cluster's Job garbage collection
        om.getMetadata().setAnnotations(Map.of());
        Decision after = reconcile(om);
        assertThat(after.state()).as("the status is the record").isEqualTo(Decision.State.DONE);
        assertThat(after.reason()).isEqualTo("Applied");
        assertThat(after.start()).isEmpty();
        assertThat(after.plan().map(MigratorReport::planHash)).contains(HASH);
    }

    @Test
    void stepsTheStatusShowsFinishedNeverRunAgain() {
        OwnershipMigration om = om();
        om.getSpec().approval = Approval.Manual;
        done(Action.PLAN, 0, "Succeeded");
        assertThat(reconcile(om).state()).isEqualTo(Decision.State.WAITING);
        jobs.clear(); // the plan Job expired while a person took their time
        Decision waiting = reconcile(om);
        assertThat(waiting.start()).as("no second plan").isEmpty();
        assertThat(waiting.reason()).isEqualTo("ApprovalRequired");
        om.getMetadata().setAnnotations(Map.of(Progression.APPROVE_ANNOTATION, HASH));
        assertThat(reconcile(om).start()).contains(Action.APPLY);
        jobs.put(Action.APPLY, new ObservedJob(name(Action.APPLY), ObservedJob.State.RUNNING, Optional.empty()));
        reconcile(om);
        jobs.put(Action.APPLY, new ObservedJob(name(Action.APPLY), ObservedJob.State.SUCCEEDED, Optional.empty()));
        assertThat(reconcile(om).start()).contains(Action.VERIFY);
        jobs.remove(Action.APPLY);
        om.getMetadata().setAnnotations(Map.of());
        assertThat(reconcile(om).start()).as("apply is recorded; approval is not asked again").contains(Action.VERIFY);
    }

    @Test
    void aStalledStepStaysStalledUntilARetryRerunsItOnce() {
        OwnershipMigration om = om();
        done(Action.PLAN, 0, "Succeeded");
        reconcile(om);
        done(Action.APPLY, 1, "LockTimeout");
        assertThat(reconcile(om).reason()).isEqualTo("LockTimeout");
        jobs.remove(Action.APPLY); // deleting the failed Job is no longer a way to go on
        assertThat(reconcile(om)).satisfies(d -> {
            assertThat(d.state()).isEqualTo(Decision.State.STALLED);
            assertThat(d.reason()).isEqualTo("LockTimeout");
            assertThat(d.start()).isEmpty();
        });

        om.getMetadata().setAnnotations(Map.of(Progression.RETRY_ANNOTATION, "1"));
        Decision retry = reconcile(om);
        assertThat(retry.reason()).isEqualTo("Retrying");
        assertThat(retry.delete()).containsExactly(name(Action.APPLY));
        assertThat(om.getStatus().lastRetry).isEqualTo("1");
        assertThat(reconcile(om).start()).as("the failed step runs again").contains(Action.APPLY);
        done(Action.APPLY, 1, "LockTimeout");
        assertThat(reconcile(om).state()).as("the spent value does not retry twice").isEqualTo(Decision.State.STALLED);
        assertThat(decide(om).delete()).isEmpty();
    }

    @Test
    void aRetryOfAChangedPlanPlansAgain() {
        OwnershipMigration om = om();
        om.getSpec().approval = Approval.Manual;
        om.getMetadata().setAnnotations(Map.of(Progression.APPROVE_ANNOTATION, HASH));
        done(Action.PLAN, 0, "Succeeded");
        reconcile(om);
        done(Action.APPLY, 3, "PlanChanged");
        reconcile(om);
        om.getMetadata().setAnnotations(Map.of(Progression.APPROVE_ANNOTATION, HASH, Progression.RETRY_ANNOTATION, "a"));
        assertThat(reconcile(om).delete()).containsExactly(name(Action.PLAN), name(Action.APPLY));
        jobs.put(Action.PLAN, new ObservedJob(name(Action.PLAN), ObservedJob.State.DELETING, Optional.empty()));
        jobs.remove(Action.APPLY);
        assertThat(reconcile(om).start()).as("waits for the old plan Job to go").isEmpty();
        jobs.clear();
        assertThat(reconcile(om).start()).contains(Action.PLAN);
    }

    @Test
    void underManualApprovalARevertIsPlannedAndApprovedFirst() {
        OwnershipMigration om = om();
        om.getSpec().approval = Approval.Manual;
        om.getSpec().revert = true;
        assertThat(decide(om).start()).contains(Action.PLAN);
        done(Action.PLAN, 0, "Succeeded");
        assertThat(decide(om)).satisfies(d -> {
            assertThat(d.state()).isEqualTo(Decision.State.WAITING);
            assertThat(d.message()).startsWith("revert plan " + HASH);
            assertThat(d.start()).isEmpty();
        });
        om.getMetadata().setAnnotations(Map.of(Progression.APPROVE_ANNOTATION, HASH));
        assertThat(decide(om).start()).contains(Action.REVERT);
        done(Action.REVERT, 0, "Succeeded");
        assertThat(decide(om).reason()).isEqualTo("Reverted");
    }

    @Test
    void jobsWaitForAFreeSlot() {
        OwnershipMigration om = om();
        runningElsewhere = 2;
        Decision waiting = reconcile(om);
        assertThat(waiting.start()).isEmpty();
        assertThat(waiting.reason()).isEqualTo("WaitingForSlot");
        assertThat(waiting.recheckAfter()).isPresent();
        assertThat(om.getStatus().progressSummary).isEqualTo("waiting for a migrator slot");
        runningElsewhere = 1;
        assertThat(decide(om).start()).contains(Action.PLAN);
    }

    @Test
    void aJobWhosePodNeverStartsStallsAfterTheTimeout() {
        OwnershipMigration om = om();
        String why = "ImagePullBackOff: Back-off pulling image";
        jobs.put(Action.PLAN, new ObservedJob(name(Action.PLAN), ObservedJob.State.RUNNING, Optional.empty(),
                NOW.minusSeconds(60), Optional.of(why)));
        Decision starting = decide(om);
        assertThat(starting.state()).isEqualTo(Decision.State.PROGRESSING);
        assertThat(starting.recheckAfter()).contains(Duration.ofSeconds(241));
        jobs.put(Action.PLAN, new ObservedJob(name(Action.PLAN), ObservedJob.State.RUNNING, Optional.empty(),
                NOW.minus(LIMITS.startTimeout()), Optional.of(why)));
        assertThat(decide(om)).satisfies(d -> {
            assertThat(d.state()).isEqualTo(Decision.State.STALLED);
            assertThat(d.reason()).isEqualTo("JobNotStarted");
            assertThat(d.message()).contains(why).contains(Progression.RETRY_ANNOTATION);
        });
    }

    @Test
    void deletionWaitsForARunningApplyAndThenLeavesTheDatabaseAlone() {
        OwnershipMigration om = om();
        jobs.put(Action.APPLY, new ObservedJob(name(Action.APPLY), ObservedJob.State.RUNNING, Optional.empty()));
        Deletion waiting = Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.empty());
        assertThat(waiting.release()).isFalse();
        assertThat(waiting.reason()).isEqualTo("DeleteWaiting");
        done(Action.APPLY, 0, "Succeeded");
        Deletion gone = Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.empty());
        assertThat(gone.release()).isTrue();
        assertThat(gone.start()).isEmpty();
        assertThat(gone.warning()).isFalse();
    }

    @Test
    void deletingAStalledApplySaysWhatIsLeft() {
        OwnershipMigration om = om();
        done(Action.PLAN, 0, "Succeeded");
        reconcile(om);
        done(Action.APPLY, 1, "LockTimeout");
        reconcile(om);
        Deletion gone = Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.empty());
        assertThat(gone.release()).isTrue();
        assertThat(gone.warning()).isTrue();
        assertThat(gone.reason()).isEqualTo("DeletedPartlyApplied");
        assertThat(gone.message()).contains("LockTimeout").contains("migrate revert");
    }

    @Test
    void revertOnDeleteRevertsAfterARunningApplyAndHoldsWhileItCannot() {
        OwnershipMigration om = om();
        om.getSpec().revertOnDelete = true;
        jobs.put(Action.APPLY, new ObservedJob(name(Action.APPLY), ObservedJob.State.RUNNING, Optional.empty()));
        assertThat(Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.empty()).start()).isEmpty();
        done(Action.APPLY, 0, "Succeeded");
        assertThat(Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.of("Secret db does not exist")))
                .satisfies(d -> {
                    assertThat(d.release()).isFalse();
                    assertThat(d.warning()).isTrue();
                    assertThat(d.reason()).isEqualTo("RevertOnDeleteBlocked");
                });
        assertThat(Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.empty()).start())
                .contains(Action.REVERT);
        done(Action.REVERT, 1, "LockTimeout");
        assertThat(Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.empty()).reason())
                .isEqualTo("RevertOnDeleteFailed");
        done(Action.REVERT, 0, "Succeeded");
        assertThat(Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.empty()).release()).isTrue();
    }

    @Test
    void aStallWithoutAJobKeepsTheRecordOfFinishedSteps() {
        OwnershipMigration om = om();
        done(Action.PLAN, 0, "Succeeded");
        reconcile(om);
        done(Action.APPLY, 0, "Succeeded");
        assertThat(reconcile(om).start()).contains(Action.VERIFY);
        // the Secret went before verify could start (the reconciler stalls SecretNotReady, without a Job)
        om.setStatus(StatusUpdate.next(om, Decision.stalled("SecretNotReady", "Secret db does not exist",
                Optional.empty(), Optional.empty()), NOW));
        jobs.clear();
        assertThat(reconcile(om).start()).as("plan and apply stay done").contains(Action.VERIFY);
        assertThat(om.getStatus().completed).containsExactly("plan", "apply");
    }

    @Test
    void aRetryWaitsWhileTheCacheStillShowsTheFailedJob() {
        OwnershipMigration om = om();
        done(Action.PLAN, 0, "Succeeded");
        reconcile(om);
        done(Action.APPLY, 1, "LockTimeout");
        reconcile(om);
        om.getMetadata().setAnnotations(Map.of(Progression.RETRY_ANNOTATION, "1"));
        assertThat(reconcile(om).delete()).containsExactly(name(Action.APPLY));
        Decision lagging = reconcile(om); // the informer has not seen the deletion yet
        assertThat(lagging.state()).isEqualTo(Decision.State.PROGRESSING);
        assertThat(lagging.reason()).isEqualTo("Retrying");
        jobs.remove(Action.APPLY);
        assertThat(reconcile(om).start()).contains(Action.APPLY);
    }

    @Test
    void aRetryNeverCutsShortAJobWhosePodStartedAfterAll() {
        OwnershipMigration om = om();
        jobs.put(Action.PLAN, new ObservedJob(name(Action.PLAN), ObservedJob.State.RUNNING, Optional.empty(),
                NOW.minus(Duration.ofHours(1)), Optional.of("ErrImagePull: no such image")));
        assertThat(reconcile(om).reason()).isEqualTo("JobNotStarted");
        jobs.put(Action.PLAN, new ObservedJob(name(Action.PLAN), ObservedJob.State.RUNNING, Optional.empty()));
        om.getMetadata().setAnnotations(Map.of(Progression.RETRY_ANNOTATION, "1"));
        Decision d = reconcile(om);
        assertThat(d.delete()).isEmpty();
        assertThat(d.state()).isEqualTo(Decision.State.PROGRESSING);
    }

    @Test
    void deletionDoesNotWaitForAJobWhosePodNeverStarted() {
        OwnershipMigration om = om();
        jobs.put(Action.APPLY, new ObservedJob(name(Action.APPLY), ObservedJob.State.RUNNING, Optional.empty(),
                NOW.minus(Duration.ofHours(1)), Optional.of("ErrImagePull: no such image")));
        assertThat(Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.empty()).release()).isTrue();
    }

    @Test
    void aRevertOnDeleteThatSucceededLetsGoEvenIfTheSecretIsGoneByThen() {
        OwnershipMigration om = om();
        om.getSpec().revertOnDelete = true;
        done(Action.REVERT, 0, "Succeeded");
        assertThat(Progression.onDelete(om, a -> Optional.ofNullable(jobs.get(a)), Optional.of("Secret db does not exist"))
                .release()).as("a GitOps prune deletes the Secret with the resource").isTrue();
    }

    @Test
    void aFinishedJobMayGoOnceTheStatusHoldsItsOutcome() {
        OwnershipMigration om = om();
        done(Action.PLAN, 0, "Succeeded");
        ObservedJob plan = jobs.get(Action.PLAN);
        assertThat(StatusRecord.holds(om, Action.PLAN, plan)).as("not recorded yet").isFalse();
        reconcile(om);
        assertThat(StatusRecord.holds(om, Action.PLAN, plan)).isTrue();
        done(Action.APPLY, 1, "LockTimeout");
        ObservedJob apply = jobs.get(Action.APPLY);
        assertThat(StatusRecord.holds(om, Action.APPLY, apply)).isFalse();
        reconcile(om);
        assertThat(StatusRecord.holds(om, Action.APPLY, apply)).as("the stall names it").isTrue();
        assertThat(StatusRecord.holds(om, Action.APPLY, new ObservedJob("m-apply-g2", ObservedJob.State.SUCCEEDED,
                Optional.empty()))).as("an older generation's Job").isTrue();
    }
}
