package dev.ownership.operator;

import dev.ownership.api.v1alpha1.JobSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;

import java.util.Optional;

/**
 * Whether a resource's {@code spec.job} asks the operator for more than creating the resource grants. The
 * operator creates the Jobs with its own rights, so an image or ServiceAccount taken from the spec as is would
 * let anyone who may create an OwnershipMigration run any image as any ServiceAccount of the namespace, with
 * any of its Secrets. Only the operator's settings widen that.
 */
final class JobOverrides {
    static final String REFUSED = "JobOverrideRefused";

    private JobOverrides() {
    }

    /** Why the operator will not run this resource's Jobs, naming the field and the setting; empty when it may. */
    static Optional<String> refusal(OwnershipMigration om, OperatorSettings settings) {
        JobSpec job = om.getSpec().job;
        if (job == null) {
            return Optional.empty();
        }
        if (job.image != null && !imageAllowed(job.image, settings)) {
            return Optional.of("spec.job.image: " + job.image + " is not allowed; the operator's setting "
                    + OperatorSettings.ALLOWED_IMAGES + " (chart value migrator.allowedImages) lists the images a spec "
                    + "may pick besides the default " + settings.migratorImage());
        }
        if (job.serviceAccountName != null && !job.serviceAccountName.equals(settings.migratorServiceAccount())
                && !settings.allowedServiceAccounts().contains(job.serviceAccountName)) {
            return Optional.of("spec.job.serviceAccountName: " + job.serviceAccountName + " is not allowed; the "
                    + "operator's setting " + OperatorSettings.ALLOWED_SERVICE_ACCOUNTS
                    + " (chart value migrator.allowedServiceAccounts) lists the ServiceAccounts a spec may pick "
                    + "besides the default " + settings.migratorServiceAccount());
        }
        // pulling less often than the operator would could run an image left on the node instead of the registry's
        if (job.imagePullPolicy != null && job.imagePullPolicy.compareTo(settings.imagePullPolicy()) < 0) {
            return Optional.of("spec.job.imagePullPolicy: " + job.imagePullPolicy + " pulls less often than the "
                    + "operator's " + settings.imagePullPolicy() + " (setting " + OperatorSettings.PULL_POLICY
                    + ", chart value image.pullPolicy); a spec may only pull as often or more often");
        }
        return Optional.empty();
    }

    private static boolean imageAllowed(String image, OperatorSettings settings) {
        return image.equals(settings.migratorImage()) || settings.allowedImages().stream().anyMatch(allowed ->
                allowed.endsWith("*") ? image.startsWith(allowed.substring(0, allowed.length() - 1))
                        : image.equals(allowed));
    }
}
