package dev.ownership.operator;

import dev.ownership.api.v1alpha1.DatabaseSpec;
import dev.ownership.api.v1alpha1.JobSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.PullPolicy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The desired Job is a pure function of the resource. */
class MigratorJobTest {
    static final OperatorSettings DEFAULTS = new OperatorSettings("img:1", PullPolicy.IfNotPresent, "ownership-migrator",
            List.of("registry/custom:2"), List.of("mine"), OperatorSettings.migratorResources(Optional.empty()));

    static OwnershipMigration om() {
        OwnershipMigration om = ProgressionTest.om();
        om.getMetadata().setNamespace("apps");
        om.getMetadata().setUid("uid-1");
        om.getSpec().database = new DatabaseSpec();
        om.getSpec().database.secretRef = new DatabaseSpec.SecretRef();
        om.getSpec().database.secretRef.name = "db";
        om.getSpec().database.secretRef.passwordKey = "pw";
        return om;
    }

    @Test
    void deterministicNameNoOwnerReferenceAndRestrictedPod() {
        Job job = MigratorJob.desired(om(), Action.APPLY, DEFAULTS, Optional.of("0123456789abcdef"));

        assertThat(job.getMetadata().getName()).isEqualTo("m-apply-g3");
        assertThat(job.getMetadata().getOwnerReferences()).as("garbage collection must never kill a migrator mid-step")
                .isEmpty();
        assertThat(job.getMetadata().getAnnotations()).containsEntry(MigratorJob.ANNOTATION_NAME, "m")
                .containsEntry(MigratorJob.ANNOTATION_NAMESPACE, "apps");
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .as("pods map back to the resource too").isEqualTo(job.getMetadata().getAnnotations());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getArgs()).containsExactly("migrate", "apply", "--spec-env", "OWNERSHIP_SPEC",
                "--termination-message-path", "/dev/termination-log", "--yes", "--lock-wait", "forever",
                "--report-status", "apps/m",
                "--plan-hash", "0123456789abcdef");
        assertThat(c.getImage()).isEqualTo("img:1");
        assertThat(pod.getServiceAccountName()).isEqualTo("ownership-migrator");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
    }

    @Test
    void onlyFailuresARetryCanCureAreRetried() {
        Job job = MigratorJob.desired(om(), Action.APPLY, DEFAULTS, Optional.empty());
        var rules = job.getSpec().getPodFailurePolicy().getRules();
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.getAction()).isEqualTo("FailJob");
            assertThat(r.getOnExitCodes().getValues()).containsExactlyInAnyOrder(2, 3, 4).doesNotContain(1);
            assertThat(r.getOnExitCodes().getContainerName()).isEqualTo(c(job).getName());
        });
    }

    private static Container c(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void thePasswordIsOnlyASecretKeyRef() {
        Job job = MigratorJob.desired(om(), Action.PLAN, DEFAULTS, Optional.empty());
        EnvVar password = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("PGPASSWORD")).findFirst().orElseThrow();
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("db");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("pw");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).doesNotContain("--yes");
    }

    @Test
    void jobSettingsOverrideTheDefaults() {
        OwnershipMigration om = om();
        om.getSpec().job = new JobSpec();
        om.getSpec().job.image = "registry/custom:2";
        om.getSpec().job.serviceAccountName = "mine";
        om.getSpec().job.backoffLimit = 0;
        om.getSpec().job.activeDeadlineSeconds = 600L;
        Job job = MigratorJob.desired(om, Action.VERIFY, DEFAULTS, Optional.empty());
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry/custom:2");
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("mine");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    }

    @Test
    void withoutResourcesInTheSpecTheContainerGetsTheDefaults() {
        Container c = c(MigratorJob.desired(om(), Action.PLAN, DEFAULTS, Optional.empty()));
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(c.getResources().getLimits()).containsOnlyKeys("memory").containsEntry("memory", new Quantity("512Mi"));

        OwnershipMigration om = om();
        om.getSpec().job = new JobSpec();
        om.getSpec().job.resources = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("1Gi")).build();
        assertThat(c(MigratorJob.desired(om, Action.PLAN, DEFAULTS, Optional.empty())).getResources())
                .as("the spec's resources replace the defaults").isEqualTo(om.getSpec().job.resources);
    }

    /** A resource name may have up to 253 characters; labels take at most 63, and must still tell resources apart. */
    @Test
    void aLongResourceNameGivesValidJobsThatItsLabelSelects() {
        OwnershipMigration om = om();
        om.getMetadata().setName("videos." + "owner".repeat(50));
        OwnershipMigration other = om();
        other.getMetadata().setName(om.getMetadata().getName() + "2");
        for (Action action : Action.values()) {
            Job job = MigratorJob.desired(om, action, DEFAULTS, Optional.empty());
            assertThat(job.getMetadata().getName()).hasSizeLessThanOrEqualTo(63);
            for (Map<String, String> labels : List.of(job.getMetadata().getLabels(),
                    job.getSpec().getTemplate().getMetadata().getLabels())) {
                assertThat(labels.values()).allSatisfy(v -> assertThat(v).hasSizeLessThanOrEqualTo(63)
                        .matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"));
                assertThat(labels).containsEntry("ownership.dev/migration", JobNames.label(om));
            }
            assertThat(MigratorJob.desired(other, action, DEFAULTS, Optional.empty()).getMetadata().getLabels()
                    .get("ownership.dev/migration")).isNotEqualTo(JobNames.label(om));
        }
    }
}
