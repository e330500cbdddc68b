package dev.ownership.operator;

import dev.ownership.api.v1alpha1.JobSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.PullPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A spec may pick only what the operator's settings allow for its Jobs. */
class JobOverridesTest {
    static final OperatorSettings SETTINGS = new OperatorSettings("img:1", PullPolicy.IfNotPresent,
            "ownership-migrator", List.of("mirror.example.com/migrator:2", "registry.example.com/ownership-operator:*"),
            List.of("db-migrator"), OperatorSettings.migratorResources(Optional.empty()));

    static OwnershipMigration withJob(JobSpec job) {
        OwnershipMigration om = MigratorJobTest.om();
        om.getSpec().job = job;
        return om;
    }

    static JobSpec image(String image) {
        JobSpec job = new JobSpec();
        job.image = image;
        return job;
    }

    static JobSpec serviceAccount(String name) {
        JobSpec job = new JobSpec();
        job.serviceAccountName = name;
        return job;
    }

    static JobSpec pullPolicy(PullPolicy policy) {
        JobSpec job = new JobSpec();
        job.imagePullPolicy = policy;
        return job;
    }

    @Test
    void noOverrideAndTheDefaultsAreAlwaysAllowed() {
        assertThat(JobOverrides.refusal(withJob(null), SETTINGS)).isEmpty();
        assertThat(JobOverrides.refusal(withJob(new JobSpec()), SETTINGS)).isEmpty();
        OperatorSettings nothingListed = new OperatorSettings("img:1", PullPolicy.IfNotPresent, "ownership-migrator",
                List.of(), List.of(), SETTINGS.migratorResources());
        assertThat(JobOverrides.refusal(withJob(image("img:1")), nothingListed)).isEmpty();
        assertThat(JobOverrides.refusal(withJob(serviceAccount("ownership-migrator")), nothingListed)).isEmpty();
    }

    @Test
    void anImageNotListedIsRefusedNamingTheFieldAndTheSetting() {
        assertThat(JobOverrides.refusal(withJob(image("registry.evil/x:1")), SETTINGS)).hasValue(
                "spec.job.image: registry.evil/x:1 is not allowed; the operator's setting "
                        + "ownership.operator.allowed-images (chart value migrator.allowedImages) lists the images a "
                        + "spec may pick besides the default img:1");
    }

    @Test
    void listedImagesExactlyOrByPrefix() {
        assertThat(JobOverrides.refusal(withJob(image("mirror.example.com/migrator:2")), SETTINGS)).isEmpty();
        assertThat(JobOverrides.refusal(withJob(image("mirror.example.com/migrator:3")), SETTINGS)).isPresent();
        assertThat(JobOverrides.refusal(withJob(image("registry.example.com/ownership-operator:0.2.0")), SETTINGS))
                .isEmpty();
        assertThat(JobOverrides.refusal(withJob(image("registry.example.com/ownership-operator-evil:1")), SETTINGS))
                .as("the prefix includes the colon").isPresent();
    }

    @Test
    void aServiceAccountNotListedIsRefused() {
        assertThat(JobOverrides.refusal(withJob(serviceAccount("db-migrator")), SETTINGS)).isEmpty();
        assertThat(JobOverrides.refusal(withJob(serviceAccount("default")), SETTINGS)).hasValueSatisfying(m ->
                assertThat(m).startsWith("spec.job.serviceAccountName: default is not allowed")
                        .contains("ownership.operator.allowed-service-accounts", "migrator.allowedServiceAccounts"));
    }

    @Test
    void aSpecMayPullMoreOftenThanTheOperatorNeverLess() {
        assertThat(JobOverrides.refusal(withJob(pullPolicy(PullPolicy.Always)), SETTINGS)).isEmpty();
        assertThat(JobOverrides.refusal(withJob(pullPolicy(PullPolicy.IfNotPresent)), SETTINGS)).isEmpty();
        assertThat(JobOverrides.refusal(withJob(pullPolicy(PullPolicy.Never)), SETTINGS)).hasValueSatisfying(m ->
                assertThat(m).startsWith("spec.job.imagePullPolicy: Never pulls less often than the operator's "
                        + "IfNotPresent").contains("ownership.operator.migrator-image-pull-policy", "image.pullPolicy"));
    }

    @Test
    void theJobItselfIsNeverBuiltWithARefusedOverride() {
        assertThatThrownBy(() -> MigratorJob.desired(withJob(image("registry.evil/x:1")), Action.REVERT, SETTINGS,
                Optional.empty())).hasMessageStartingWith("spec.job.image: registry.evil/x:1 is not allowed");
    }
}
