package dev.ownership.operator;

/**
 * Defaults of the migrator Jobs, from the operator's configuration.
 *
 * @param migratorImage          image of the Job pods when the resource names none: the operator's own
 * @param imagePullPolicy        pull policy when the resource names none
 * @param migratorServiceAccount ServiceAccount of the Job pods when the resource names none
 */
public record OperatorSettings(String migratorImage, String imagePullPolicy, String migratorServiceAccount) {
}
