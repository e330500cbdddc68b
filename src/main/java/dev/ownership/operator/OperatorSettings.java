package dev.ownership.operator;

import dev.ownership.api.v1alpha1.PullPolicy;

import java.util.List;

/**
 * Defaults of the migrator Jobs, and what a resource may choose instead, from the operator's configuration.
 *
 * @param migratorImage          image of the Job pods when the resource names none: the operator's own
 * @param imagePullPolicy        pull policy when the resource names none
 * @param migratorServiceAccount ServiceAccount of the Job pods when the resource names none
 * @param allowedImages          images a resource may name besides the default; an entry ending in {@code *}
 *                               allows every image that starts with the rest
 * @param allowedServiceAccounts ServiceAccounts a resource may name besides the default
 */
public record OperatorSettings(String migratorImage, PullPolicy imagePullPolicy, String migratorServiceAccount,
                               List<String> allowedImages, List<String> allowedServiceAccounts) {
    static final String ALLOWED_IMAGES = "ownership.operator.allowed-images";
    static final String ALLOWED_SERVICE_ACCOUNTS = "ownership.operator.allowed-service-accounts";
    static final String PULL_POLICY = "ownership.operator.migrator-image-pull-policy";

    public OperatorSettings {
        allowedImages = List.copyOf(allowedImages);
        allowedServiceAccounts = List.copyOf(allowedServiceAccounts);
        for (String image : allowedImages) {
            // a * inside would silently never match: the operator refuses to start instead
            if (image.isBlank() || image.indexOf('*') >= 0 && image.indexOf('*') != image.length() - 1) {
                throw new IllegalArgumentException(ALLOWED_IMAGES + ": '" + image
                        + "' is not an image; write an exact image or a prefix ending in *, like registry.example.com/ownership-operator:*");
            }
        }
    }
}
