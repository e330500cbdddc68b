package dev.ownership.operator;

import dev.ownership.api.v1alpha1.DatabaseSpec;
import dev.ownership.api.v1alpha1.JobSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.cli.ExitCodes;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Job a resource wants for an action: a pure function of the resource and the operator's defaults.
 * The password reaches the pod only as a secretKeyRef; the pod passes PodSecurity "restricted". It never holds
 * an image, ServiceAccount or pull policy that {@link JobOverrides} refuses, whichever path asks for it.
 */
public final class MigratorJob {
    public static final String SPEC_ENV = "OWNERSHIP_SPEC";
    public static final String TERMINATION_LOG = "/dev/termination-log";
    static final String CONTAINER = "migrator";
    static final int DEFAULT_BACKOFF_LIMIT = 3;
    static final String LABEL_MIGRATION = "ownership.dev/migration";
    static final String LABEL_ACTION = "ownership.dev/action";
    /** The migration a Job or pod belongs to; annotations, since names may be longer than label values. */
    static final String ANNOTATION_NAME = "ownership.dev/migration-name";
    static final String ANNOTATION_NAMESPACE = "ownership.dev/migration-namespace";
    /**
     * Keeps a finished Job (its outcome, the pod's report) until the resource's status has recorded it: the TTL
     * controller, kubectl or the cluster's garbage collection may delete it at once, even while the operator is down.
     */
    static final String FINALIZER = "ownership.dev/outcome";
    /** Selects every migrator Job and pod and nothing else: the operator's informers cache only those. */
    static final String SELECTOR = "app.kubernetes.io/name=ownership-operator,app.kubernetes.io/component=migrator";

    private MigratorJob() {
    }

    /**
     * @param approvedPlan the plan hash an apply must still have (manual approval)
     * @throws IllegalArgumentException when the resource asks for an override the settings refuse
     */
    public static Job desired(OwnershipMigration om, Action action, OperatorSettings defaults,
                              Optional<String> approvedPlan) {
        JobOverrides.refusal(om, defaults).ifPresent(refusal -> {
            throw new IllegalArgumentException(refusal);
        });
        JobSpec job = Optional.ofNullable(om.getSpec().job).orElseGet(JobSpec::new);
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "ownership-operator",
                "app.kubernetes.io/component", "migrator", LABEL_MIGRATION, JobNames.label(om),
                LABEL_ACTION, action.verb);
        // no owner reference: garbage collection (foreground deletion included) must never kill a Job mid-step;
        // the operator deletes a resource's Jobs itself once they may go
        Map<String, String> owner = Map.of(ANNOTATION_NAME, om.getMetadata().getName(), ANNOTATION_NAMESPACE,
                om.getMetadata().getNamespace());
        return new JobBuilder()
                .withNewMetadata()
                    .withName(JobNames.of(om, action))
                    .withNamespace(om.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(owner)
                    .withFinalizers(FINALIZER)
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(Optional.ofNullable(job.backoffLimit).orElse(DEFAULT_BACKOFF_LIMIT))
                    .withPodFailurePolicy(failurePolicy())
                    .withActiveDeadlineSeconds(job.activeDeadlineSeconds)
                    // the revert of a deletion is the record the finalizer waits for: it must not expire
                    .withTtlSecondsAfterFinished(om.isMarkedForDeletion() ? null : job.ttlSecondsAfterFinished)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(owner).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(Optional.ofNullable(job.serviceAccountName)
                                    .orElse(defaults.migratorServiceAccount()))
                            .withNodeSelector(job.nodeSelector)
                            .withTolerations(job.tolerations)
                            .withAffinity(job.affinity)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .addNewContainer()
                                .withName(CONTAINER)
                                .withImage(Optional.ofNullable(job.image).orElse(defaults.migratorImage()))
                                .withImagePullPolicy(Optional.ofNullable(job.imagePullPolicy)
                                        .orElse(defaults.imagePullPolicy()).name())
                                .withArgs(args(om, action, approvedPlan))
                                .withEnv(env(om, action))
                                .withResources(Optional.ofNullable(job.resources)
                                        .orElse(defaults.migratorResources()))
                                .withTerminationMessagePath(TERMINATION_LOG)
                                .withTerminationMessagePolicy("FallbackToLogsOnError")
                                .withNewSecurityContext()
                                    .withAllowPrivilegeEscalation(false)
                                    .withReadOnlyRootFilesystem(true)
                                    .withRunAsNonRoot(true)
                                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                                .endSecurityContext()
                                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * A failed pod is retried (the Job controller's exponential back-off) only when retrying can help: a lock
     * that stayed taken or a database that did not answer (exit 1). An invalid spec, a failed preflight, a
     * changed plan or verify problems (exit 2, 3, 4) fail the Job at once; a disrupted pod does not count.
     */
    static PodFailurePolicy failurePolicy() {
        return new PodFailurePolicyBuilder()
                .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName(CONTAINER)
                        .withOperator("In").withValues(ExitCodes.INVALID, ExitCodes.PREFLIGHT, ExitCodes.VERIFY_PROBLEMS)
                        .endOnExitCodes().endRule()
                .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget")
                        .withStatus("True").endOnPodCondition().endRule()
                .build();
    }

    static List<String> args(OwnershipMigration om, Action action, Optional<String> approvedPlan) {
        List<String> args = new ArrayList<>(List.of("migrate", action.verb, "--spec-env", SPEC_ENV,
                "--termination-message-path", TERMINATION_LOG));
        if (action == Action.PLAN) {
            args.addAll(List.of("--plan-config-map-env", PlanConfigMap.ENV));
            if (Boolean.TRUE.equals(om.getSpec().revert)) {
                args.add("--revert"); // the plan a person approves before a revert
            }
        }
        if (action.changesDatabase()) {
            // another migration of the same database holds the migrator lock: wait for it, however long it takes
            args.addAll(List.of("--yes", "--lock-wait", "forever", "--report-status",
                    om.getMetadata().getNamespace() + "/" + om.getMetadata().getName()));
            approvedPlan.ifPresent(hash -> args.addAll(List.of("--plan-hash", hash)));
        }
        return args;
    }

    /**
     * The document, a plan's ConfigMap as the operator wants it (without the text), and every connection key as an
     * optional secretKeyRef: absent keys are simply unset.
     */
    static List<EnvVar> env(OwnershipMigration om, Action action) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName(SPEC_ENV).withValue(SpecDocument.json(om)).build());
        if (action == Action.PLAN) {
            env.add(new EnvVarBuilder().withName(PlanConfigMap.ENV)
                    .withValue(Serialization.asJson(PlanConfigMap.metadata(om))).build());
        }
        SecretKeys keys = SecretKeys.of(om.getSpec().database);
        DatabaseSpec.SecretRef ref = om.getSpec().database.secretRef;
        keys.byVariable().forEach((variable, key) -> env.add(new EnvVarBuilder().withName(variable)
                .withNewValueFrom().withNewSecretKeyRef(key, ref.name, true).endValueFrom().build()));
        return env;
    }
}
