package dev.ownership.operator;

import dev.ownership.api.v1alpha1.PullPolicy;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.List;
import java.util.Optional;

/**
 * Defaults of the migrator Jobs, and what a resource may choose instead, from the operator's configuration.
 *
 * @param migratorImage          image of the Job pods when the resource names none: the operator's own
 * @param imagePullPolicy        pull policy when the resource names none
 * @param migratorServiceAccount ServiceAccount of the Job pods when the resource names none
 * @param allowedImages          images a resource may name besides the default; an entry ending in {@code *}
 *                               allows every image that starts with the rest
 * @param allowedServiceAccounts ServiceAccounts a resource may name besides the default
 * @param migratorResources      resources of the migrator container when the resource names none
 */
public record OperatorSettings(String migratorImage, PullPolicy imagePullPolicy, String migratorServiceAccount,
                               List<String> allowedImages, List<String> allowedServiceAccounts,
                               ResourceRequirements migratorResources) {
    static final String ALLOWED_IMAGES = "ownership.operator.allowed-images";
    static final String ALLOWED_SERVICE_ACCOUNTS = "ownership.operator.allowed-service-accounts";
    static final String PULL_POLICY = "ownership.operator.migrator-image-pull-policy";
    static final String MIGRATOR_RESOURCES = "ownership.operator.migrator-resources";

    public OperatorSettings {
        allowedImages = List.copyOf(allowedImages);
        allowedServiceAccounts = List.copyOf(allowedServiceAccounts);
        for (String image : allowedImages) {
            // a * inside would silently never match: the operator refuses to start instead
            if (image.isBlank() || image.indexOf('*') >= 0 && image.indexOf('*') != image.length() - 1) {
                throw new IllegalArgumentException(ALLOWED_IMAGES + ": '" + image + "' is not an image; write an "
                        + "exact image or a prefix ending in *, like registry.example.com/ownership-operator:*");
            }
        }
    }

    /**
     * The setting (ResourceRequirements as JSON), else requests the scheduler and a namespace's LimitRange or
     * ResourceQuota can count on. The JVM's default heap, a quarter of the memory limit, leaves the rest to
     * metaspace, code and threads.
     */
    static ResourceRequirements migratorResources(Optional<String> json) {
        if (json.isEmpty()) {
            return new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("256Mi"))
                    .addToLimits("memory", new Quantity("512Mi")).build();
        }
        ResourceRequirements resources;
        try {
            resources = Serialization.unmarshal(json.get(), ResourceRequirements.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(MIGRATOR_RESOURCES + ": not a container's resources in JSON, like "
                    + "{\"requests\":{\"cpu\":\"100m\",\"memory\":\"256Mi\"},\"limits\":{\"memory\":\"512Mi\"}}", e);
        }
        if (!resources.getAdditionalProperties().isEmpty()) {
            throw new IllegalArgumentException(MIGRATOR_RESOURCES + ": unknown field " + resources
                    .getAdditionalProperties().keySet() + "; a container's resources have requests, limits and claims");
        }
        return resources;
    }
}
