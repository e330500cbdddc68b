package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import dev.ownership.api.v1alpha1.PullPolicy;
import dev.ownership.engine.InvalidSpecException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles an OwnershipMigration: validates it, makes sure its Secret can connect, and runs the Job the
 * {@link Progression} asks for. The decision and the status are pure functions of the resource and its
 * Jobs; this class only reads the cluster, creates what is missing and writes the status.
 */
// approvals arrive as annotations, which do not change the generation: every change must reconcile
@ControllerConfiguration(name = OwnershipMigrationReconciler.NAME, generationAwareEventProcessing = false)
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = {"get", "list", "watch", "create", "patch"})
@RBACRule(apiGroups = "", resources = "pods", verbs = {"get", "list", "watch"})
@RBACRule(apiGroups = "", resources = "secrets", verbs = {"get"})
@RBACRule(apiGroups = "", resources = "events", verbs = {"create", "patch"})
@RBACRule(apiGroups = "", resources = "serviceaccounts", verbs = {"get", "create", "patch"})
@RBACRule(apiGroups = "rbac.authorization.k8s.io", resources = {"roles", "rolebindings"},
        verbs = {"get", "create", "patch"})
public class OwnershipMigrationReconciler implements Reconciler<OwnershipMigration>, Cleaner<OwnershipMigration> {
    static final String NAME = "ownershipmigration";
    static final Duration SECRET_RECHECK = Duration.ofSeconds(15);
    static final Duration REVERT_RECHECK = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(OwnershipMigrationReconciler.class);

    private final OperatorSettings settings;
    private final MigrationMetrics metrics;

    @Inject
    public OwnershipMigrationReconciler(
            @ConfigProperty(name = "ownership.operator.migrator-image") String image,
            @ConfigProperty(name = "ownership.operator.migrator-image-pull-policy") PullPolicy pullPolicy,
            @ConfigProperty(name = "ownership.operator.migrator-service-account") String serviceAccount,
            @ConfigProperty(name = "ownership.operator.allowed-images") Optional<List<String>> allowedImages,
            @ConfigProperty(name = "ownership.operator.allowed-service-accounts") Optional<List<String>> accounts,
            @ConfigProperty(name = "ownership.operator.migrator-resources") Optional<String> resources,
            MigrationMetrics metrics) {
        this.settings = new OperatorSettings(image, pullPolicy, serviceAccount, allowedImages.orElse(List.of()),
                accounts.orElse(List.of()), OperatorSettings.migratorResources(resources));
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, OwnershipMigration>> prepareEventSources(EventSourceContext<OwnershipMigration> context) {
        return List.of(new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Job.class, OwnershipMigration.class).build(), context));
    }

    @Override
    public UpdateControl<OwnershipMigration> reconcile(OwnershipMigration om, Context<OwnershipMigration> context) {
        KubernetesClient client = context.getClient();
        Optional<Decision> blocked = invalidSpec(om).or(() -> secretProblem(client, om));
        blocked = blocked.or(() -> JobOverrides.stalled(om, settings));
        Decision decision = blocked.orElseGet(() -> Progression.decide(om, action -> job(client, context, om, action)));
        decision.start().ifPresent(action -> start(client, om, action));
        OwnershipMigrationStatus before = om.getStatus();
        om.setStatus(StatusUpdate.next(om, decision, Instant.now()));
        if (before == null || !Objects.equals(before.phase, decision.phase())
                || !Objects.equals(before.observedGeneration, om.getStatus().observedGeneration)) {
            MigrationEvents.record(client, om, decision);
        }
        metrics.phase(om, decision.phase());
        if (before != null && before.job != null && !Objects.equals(before.phase, decision.phase())
                && !Decision.FAILED.equals(before.phase)) {
            recordFinished(client, context, om, before.job); // the Job of the phase that just ended
        }
        UpdateControl<OwnershipMigration> control = UpdateControl.patchStatus(om);
        return blocked.isPresent() && "SecretNotReady".equals(decision.reason())
                ? control.rescheduleAfter(SECRET_RECHECK) : control;
    }

    /**
     * Deleting a resource never touches the database, unless {@code revertOnDelete} asks for a revert Job
     * first; the finalizer stays until it succeeded (a failed revert keeps the resource, with a Warning).
     */
    @Override
    public DeleteControl cleanup(OwnershipMigration om, Context<OwnershipMigration> context) {
        metrics.forget(om);
        if (om.getSpec() == null || !Boolean.TRUE.equals(om.getSpec().revertOnDelete)) {
            return DeleteControl.defaultDelete();
        }
        try {
            return revertBeforeDelete(om, context);
        } catch (KubernetesClientException e) {
            if (!namespaceTerminating(e)) {
                throw e;
            }
            // nothing can start in a namespace that is going (nor does its Secret stay): let the resource go
            LOG.warnf("%s/%s: revertOnDelete skipped, its namespace is being deleted; the database keeps the ownership",
                    om.getMetadata().getNamespace(), om.getMetadata().getName());
            return DeleteControl.defaultDelete();
        }
    }

    private static boolean namespaceTerminating(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getDetails() != null && e.getStatus().getDetails().getCauses()
                .stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }

    private DeleteControl revertBeforeDelete(OwnershipMigration om, Context<OwnershipMigration> context) {
        KubernetesClient client = context.getClient();
        Optional<Decision> blocked = invalidSpec(om).or(() -> secretProblem(client, om));
        if (blocked.isPresent()) {
            MigrationEvents.record(client, om, Decision.stalled("RevertOnDeleteBlocked", blocked.get().message()
                    + "; fix it, or set revertOnDelete: false to delete without reverting", Optional.empty(),
                    Optional.empty()));
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(SECRET_RECHECK);
        }
        boolean applying = job(client, context, om, Action.APPLY).filter(j -> j.state() == ObservedJob.State.RUNNING)
                .isPresent();
        Optional<ObservedJob> revert = job(client, context, om, Action.REVERT);
        if (revert.isEmpty() && !applying) {
            start(client, om, Action.REVERT);
            MigrationEvents.record(client, om, Decision.progressing("Deleting", "RevertOnDelete",
                    "revertOnDelete: reverting before the resource goes", Optional.empty(), Optional.empty(),
                    Optional.of(JobNames.of(om, Action.REVERT))));
        } else if (revert.isPresent() && revert.get().state() == ObservedJob.State.SUCCEEDED) {
            return DeleteControl.defaultDelete();
        } else if (revert.isPresent() && revert.get().state() == ObservedJob.State.FAILED) {
            MigrationEvents.record(client, om, Decision.stalled("RevertOnDeleteFailed", revert.get().report()
                    .map(MigratorReport::message).orElse("the revert Job failed") + "; fix the cause and delete Job "
                    + revert.get().name() + " to try again, or set revertOnDelete: false to delete without reverting",
                    Optional.empty(), revert.map(ObservedJob::name)));
            return DeleteControl.noFinalizerRemoval();
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(REVERT_RECHECK); // a running apply ends first
    }

    private void recordFinished(KubernetesClient client, Context<OwnershipMigration> context, OwnershipMigration om,
                                String jobName) {
        ownedJob(context, jobName).ifPresent(j -> {
                    ObservedJob observed = JobObserver.observe(j, pods(client, om, jobName));
                    if (observed.state() != ObservedJob.State.RUNNING) {
                        Action.of(j.getMetadata().getLabels().get(MigratorJob.LABEL_ACTION))
                                .ifPresent(action -> metrics.jobFinished(action, j, observed));
                    }
                });
    }

    /** What the CRD schema could not catch: the engine's own validation of the spec. */
    private static Optional<Decision> invalidSpec(OwnershipMigration om) {
        try {
            MigrationDocumentReader.read(SpecDocument.of(om));
            if (om.getSpec().database == null || om.getSpec().database.secretRef == null) {
                throw new InvalidSpecException("spec.database.secretRef: required");
            }
            return Optional.empty();
        } catch (InvalidSpecException e) {
            return Optional.of(Decision.stalled("InvalidSpec", e.getMessage(), Optional.empty(), Optional.empty()));
        }
    }

    /** A missing Secret may still be created: not stalled for good, checked again after a while. */
    private static Optional<Decision> secretProblem(KubernetesClient client, OwnershipMigration om) {
        String name = om.getSpec().database.secretRef.name;
        return SecretKeys.of(om.getSpec().database)
                .problem(name, client.secrets().inNamespace(om.getMetadata().getNamespace()).withName(name).get())
                .map(problem -> Decision.stalled("SecretNotReady", problem, Optional.empty(), Optional.empty()));
    }

    private static Optional<ObservedJob> job(KubernetesClient client, Context<OwnershipMigration> context,
                                             OwnershipMigration om, Action action) {
        String name = JobNames.of(om, action);
        return ownedJob(context, name).map(j -> JobObserver.observe(j, pods(client, om, name)));
    }

    private static Optional<Job> ownedJob(Context<OwnershipMigration> context, String name) {
        return context.getSecondaryResources(Job.class).stream().filter(j -> j.getMetadata().getName().equals(name))
                .findFirst();
    }

    private static List<Pod> pods(KubernetesClient client, OwnershipMigration om, String job) {
        return client.pods().inNamespace(om.getMetadata().getNamespace()).withLabel("job-name", job).list().getItems();
    }

    private void start(KubernetesClient client, OwnershipMigration om, Action action) {
        if (om.getSpec().job == null || om.getSpec().job.serviceAccountName == null) {
            for (HasMetadata access : MigratorAccess.desired(om.getMetadata().getNamespace(),
                    settings.migratorServiceAccount())) {
                client.resource(access).forceConflicts().serverSideApply();
            }
        }
        Optional<String> approved = action == Action.APPLY && om.getSpec().approval != null
                && om.getSpec().approval == dev.ownership.api.v1alpha1.Approval.Manual
                ? Progression.approvedHash(om) : Optional.empty();
        client.resource(MigratorJob.desired(om, action, settings, approved)).forceConflicts().serverSideApply();
    }
}
