package dev.ownership.operator;

import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationSpec;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
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

    Decision decide(OwnershipMigration om) {
        return Progression.decide(om, a -> Optional.ofNullable(jobs.get(a)));
    }

    void done(Action action, int exitCode, String reason) {
        jobs.put(action, new ObservedJob("m-" + action.verb, exitCode == 0 ? ObservedJob.State.SUCCEEDED
                : ObservedJob.State.FAILED, Optional.of(new MigratorReport(action.verb, exitCode, reason, "msg " + reason,
                HASH, 4L, 100L, null, null, null))));
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
        assertThat(decide(om).start()).contains(Action.REVERT);
        done(Action.REVERT, 0, "Succeeded");
        assertThat(decide(om).reason()).isEqualTo("Reverted");
    }
}
