package dev.ownership.cli.kubectl;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import dev.ownership.cli.ExitCodes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CurrentPlanTest {
    static final ConfigMap CM = new ConfigMapBuilder().withNewMetadata().withName("videos-owner-plan-g2").endMetadata()
            .withData(Map.of("plan.txt", "Plan abc ...\n", "hash", "abc")).build();

    static OwnershipMigration om(long generation, String hash, Long planGeneration, String configMap) {
        OwnershipMigration om = new OwnershipMigration();
        om.setMetadata(new ObjectMetaBuilder().withName("videos-owner").withNamespace("shop")
                .withGeneration(generation).build());
        om.setStatus(new OwnershipMigrationStatus());
        if (hash != null) {
            om.getStatus().plan = new OwnershipMigrationStatus.PlanStatus();
            om.getStatus().plan.hash = hash;
            om.getStatus().plan.generation = planGeneration;
            om.getStatus().plan.configMap = configMap;
        }
        return om;
    }

    @Test
    void thePlanOfTheCurrentGenerationIsItsConfigMapsText() {
        CurrentPlan plan = CurrentPlan.of(om(2, "abc", 2L, CM.getMetadata().getName()), n -> CM);

        assertThat(plan).isEqualTo(new CurrentPlan("shop", "videos-owner", 2, "abc", "videos-owner-plan-g2",
                "Plan abc ...\n"));
    }

    @Test
    void noPlanAStaleOneAMissingConfigMapOrAnotherHashAreRefused() {
        refused(om(2, null, null, null), CM, "has no plan yet");
        refused(om(3, "abc", 2L, "videos-owner-plan-g2"), CM, "status.plan is of generation 2, the resource is at"
                + " generation 3");
        refused(om(2, "abc", 2L, "videos-owner-plan-g2"), null, "ConfigMap shop/videos-owner-plan-g2"
                + " (status.plan.configMap) does not exist");
        refused(om(2, "def", 2L, "videos-owner-plan-g2"), CM, "holds plan abc but status.plan.hash is def");
    }

    private static void refused(OwnershipMigration om, ConfigMap cm, String message) {
        assertThatThrownBy(() -> CurrentPlan.of(om, n -> cm)).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.exitCode).isEqualTo(ExitCodes.PREFLIGHT)).hasMessageContaining(message);
    }
}
