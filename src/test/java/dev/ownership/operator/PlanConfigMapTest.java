package dev.ownership.operator;

import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan's ConfigMap: its name, metadata and data are pure functions; the plan Job carries its metadata. */
class PlanConfigMapTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void oneConfigMapPerGenerationOwnedByTheResource() {
        OwnershipMigration om = MigratorJobTest.om();
        ConfigMap cm = PlanConfigMap.withPlan(PlanConfigMap.metadata(om), "Plan 0123456789abcdef ...\n",
                "0123456789abcdef");

        assertThat(cm.getMetadata().getName()).isEqualTo("m-plan-g3").isEqualTo(PlanConfigMap.name(om));
        assertThat(cm.getMetadata().getNamespace()).isEqualTo("apps");
        assertThat(cm.getMetadata().getLabels()).containsEntry("ownership.dev/migration", "m");
        OwnerReference owner = cm.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind()).isEqualTo("OwnershipMigration");
        assertThat(owner.getApiVersion()).isEqualTo("ownership.dev/v1alpha1");
        assertThat(owner.getName()).isEqualTo("m");
        assertThat(owner.getUid()).isEqualTo("uid-1");
        assertThat(owner.getBlockOwnerDeletion()).as("the pod may not set it (no update on the finalizers)").isNull();
        assertThat(cm.getData()).containsExactly(Map.entry("plan.txt", "Plan 0123456789abcdef ...\n"),
                Map.entry("hash", "0123456789abcdef"));

        om.getMetadata().setGeneration(4L);
        assertThat(PlanConfigMap.name(om)).isEqualTo("m-plan-g4");
    }

    @Test
    void onlyThePlanJobGetsTheConfigMapItWrites() {
        OwnershipMigration om = MigratorJobTest.om();
        Container plan = container(om, Action.PLAN);
        assertThat(plan.getArgs()).containsSequence("--plan-config-map-env", PlanConfigMap.ENV);
        EnvVar env = plan.getEnv().stream().filter(e -> e.getName().equals(PlanConfigMap.ENV)).findFirst().orElseThrow();
        assertThat(Serialization.unmarshal(env.getValue(), ConfigMap.class)).isEqualTo(PlanConfigMap.metadata(om));

        for (Action other : new Action[]{Action.APPLY, Action.VERIFY, Action.REVERT}) {
            Container c = container(om, other);
            assertThat(c.getArgs()).doesNotContain("--plan-config-map-env");
            assertThat(c.getEnv()).extracting(EnvVar::getName).doesNotContain(PlanConfigMap.ENV);
        }
    }

    @Test
    void theStatusNamesItAndTheApproverIsToldHowToReadIt() {
        OwnershipMigration om = ProgressionTest.om();
        om.getSpec().approval = Approval.Manual;
        Map<Action, ObservedJob> jobs = new EnumMap<>(Action.class);
        jobs.put(Action.PLAN, new ObservedJob("m-plan-g3", ObservedJob.State.SUCCEEDED, Optional.of(new MigratorReport(
                "plan", 0, "Succeeded", null, ProgressionTest.HASH, 4L, 100L, null, null, null, "m-plan-g3"))));
        Decision waiting = decide(om, jobs);
        om.setStatus(StatusUpdate.next(om, waiting, NOW));

        String read = "kubectl get configmap m-plan-g3 -o jsonpath='{.data.plan\\.txt}'";
        assertThat(om.getStatus().plan.configMap).isEqualTo("m-plan-g3");
        assertThat(waiting.message()).contains("read it with: " + read + "; approve with: kubectl annotate om m");
        assertThat(StatusRecord.condition(om.getStatus(), Conditions.PLANNED).orElseThrow().getMessage())
                .isEqualTo("plan " + ProgressionTest.HASH + ", its text in ConfigMap m-plan-g3: " + read);

        jobs.clear(); // the plan Job expired: the status is the record, the name stays
        om.setStatus(StatusUpdate.next(om, decide(om, jobs), NOW));
        assertThat(om.getStatus().plan.configMap).isEqualTo("m-plan-g3");
    }

    @Test
    void aPlanWhoseTextWasNotKeptNamesNoConfigMap() {
        MigratorReport report = new MigratorReport("plan", 0, "Succeeded", null, ProgressionTest.HASH, 4L, 100L, null,
                null, null, null);
        assertThat(StatusUpdate.planned(report)).isEqualTo("plan " + ProgressionTest.HASH);
    }

    private static Decision decide(OwnershipMigration om, Map<Action, ObservedJob> jobs) {
        return Progression.decide(om, new Observed(a -> Optional.ofNullable(jobs.get(a)), 0, NOW),
                ProgressionTest.LIMITS);
    }

    private static Container container(OwnershipMigration om, Action action) {
        return MigratorJob.desired(om, action, MigratorJobTest.DEFAULTS, Optional.empty()).getSpec().getTemplate()
                .getSpec().getContainers().get(0);
    }
}
