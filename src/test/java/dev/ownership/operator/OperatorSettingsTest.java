package dev.ownership.operator;

import dev.ownership.api.v1alpha1.PullPolicy;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A wrong setting stops the operator at start with a message naming it, rather than misbehaving later. */
class OperatorSettingsTest {
    static final ResourceRequirements DEFAULT_RESOURCES = OperatorSettings.migratorResources(Optional.empty());

    @Test
    void anImageSettingWithAStarInsideIsRefused() {
        assertThatThrownBy(() -> new OperatorSettings("img:1", PullPolicy.IfNotPresent, "ownership-migrator",
                List.of("registry.example.com/*/migrator:1"), List.of(), DEFAULT_RESOURCES))
                .hasMessageStartingWith("ownership.operator.allowed-images: 'registry.example.com/*/migrator:1'");
        assertThatThrownBy(() -> new OperatorSettings("img:1", PullPolicy.IfNotPresent, "ownership-migrator",
                List.of(" "), List.of(), DEFAULT_RESOURCES)).hasMessageStartingWith("ownership.operator.allowed-images");
    }

    @Test
    void migratorResourcesDefaultOrFromJson() {
        assertThat(DEFAULT_RESOURCES.getRequests()).containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(DEFAULT_RESOURCES.getLimits()).containsOnlyKeys("memory").containsEntry("memory", new Quantity("512Mi"));

        ResourceRequirements set = OperatorSettings.migratorResources(
                Optional.of("{\"requests\":{\"cpu\":\"50m\",\"memory\":\"384Mi\"},\"limits\":{\"memory\":\"1Gi\"}}"));
        assertThat(set.getRequests()).containsEntry("cpu", new Quantity("50m"));
        assertThat(set.getLimits()).containsEntry("memory", new Quantity("1Gi"));
    }

    @Test
    void migratorResourcesThatAreNotResourcesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> OperatorSettings.migratorResources(Optional.of("{\"request\":{\"cpu\":\"1\"}}")))
                .hasMessage("ownership.operator.migrator-resources: unknown field [request]; a container's "
                        + "resources have requests, limits and claims");
        assertThatThrownBy(() -> OperatorSettings.migratorResources(Optional.of("{\"requests\": [1]}")))
                .hasMessageStartingWith("ownership.operator.migrator-resources: not a container's resources in JSON");
    }
}
