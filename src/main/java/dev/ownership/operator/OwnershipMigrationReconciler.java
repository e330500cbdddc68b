package dev.ownership.operator;

import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import dev.ownership.api.v1alpha1.PullPolicy;
import dev.ownership.engine.InvalidSpecException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles an OwnershipMigration: validates it, makes sure its Secret can connect, and runs the Job the
 * {@link Progression} asks for. The decisions and the status are pure functions of the resource, its Jobs
 * and its status; this class reads the informers' caches, creates and deletes Jobs and writes the status.
 */
// approvals and retries arrive as annotations, which do not change the generation: every change must reconcile
@ControllerConfiguration(name = OwnershipMigrationReconciler.NAME, generationAwareEventProcessing = false)
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = {"get", "list", "watch", "create", "patch", "delete"})
@RBACRule(apiGroups = "", resources = "pods", verbs = {"list", "watch"})
@RBACRule(apiGroups = "", resources = "secrets", verbs = {"list", "watch"})
@RBACRule(apiGroups = "", resources = "events", verbs = "create")
@RBACRule(apiGroups = "", resources = "serviceaccounts", verbs = {"get", "create", "patch"})
// only to grant it in the migrator's Role (RBAC grants no more than the granter holds): plan pods write plans' text
@RBACRule(apiGroups = "", resources = "configmaps", verbs = {"create", "patch"})
@RBACRule(apiGroups = "rbac.authorization.k8s.io", resources = {"roles", "rolebindings"},
        verbs = {"get", "create", "patch"})
public class OwnershipMigrationReconciler implements Reconciler<OwnershipMigration>, Cleaner<OwnershipMigration> {
    static final String NAME = "ownershipmigration";
    /** The index of the primary cache from a Secret to the migrations that name it. */
    static final String SECRET_INDEX = "secret";
    private static final Logger LOG = Logger.getLogger(OwnershipMigrationReconciler.class);

    private final OperatorSettings settings;
    private final JobLimits limits;
    private final MigrationMetrics metrics;
    private final MigratorSlots slots = new MigratorSlots();
    private InformerEventSource<Job, OwnershipMigration> jobs;

    @Inject
    public OwnershipMigrationReconciler(
            @ConfigProperty(name = "ownership.operator.migrator-image") String image,
            @ConfigProperty(name = OperatorSettings.PULL_POLICY) PullPolicy pullPolicy,
            @ConfigProperty(name = "ownership.operator.migrator-service-account") String serviceAccount,
            @ConfigProperty(name = OperatorSettings.ALLOWED_IMAGES) Optional<List<String>> allowedImages,
            @ConfigProperty(name = OperatorSettings.ALLOWED_SERVICE_ACCOUNTS) Optional<List<String>> accounts,
            @ConfigProperty(name = OperatorSettings.MIGRATOR_RESOURCES) Optional<String> resources,
            @ConfigProperty(name = "ownership.operator.max-running-jobs") int maxRunningJobs,
            @ConfigProperty(name = "ownership.operator.job-start-timeout") Duration jobStartTimeout,
            MigrationMetrics metrics) {
        this.settings = new OperatorSettings(image, pullPolicy, serviceAccount, allowedImages.orElse(List.of()),
                accounts.orElse(List.of()), OperatorSettings.migratorResources(resources));
        this.limits = new JobLimits(maxRunningJobs, jobStartTimeout);
        this.metrics = metrics;
    }

    /**
     * Informers on the migrator Jobs and their pods (only those: a label selector) and on Secrets (key names
     * only, see {@link SecretKeyNamesStore}), so a Job's progress, a pod that cannot start or a Secret that
     * appears wakes the resource it belongs to.
     */
    @Override
    public List<EventSource<?, OwnershipMigration>> prepareEventSources(EventSourceContext<OwnershipMigration> context) {
        jobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, OwnershipMigration.class)
                .withLabelSelector(MigratorJob.SELECTOR)
                .withSecondaryToPrimaryMapper(OwnershipMigrationReconciler::migrationOf)
                .build(), context);
        var pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, OwnershipMigration.class)
                .withLabelSelector(MigratorJob.SELECTOR)
                .withSecondaryToPrimaryMapper(OwnershipMigrationReconciler::migrationOf)
                .build(), context);
        context.getPrimaryCache().addIndexer(SECRET_INDEX, om -> secretName(om)
                .map(name -> List.of(om.getMetadata().getNamespace() + "/" + name)).orElse(List.of()));
        var secrets = new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class,
                        OwnershipMigration.class)
                .withItemStore(new SecretKeyNamesStore())
                .withPrimaryToSecondaryMapper((OwnershipMigration om) -> secretName(om)
                        .map(name -> Set.of(new ResourceID(name, om.getMetadata().getNamespace()))).orElse(Set.of()))
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache().byIndex(SECRET_INDEX,
                                secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName()).stream()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        return List.of(jobs, pods, secrets);
    }

    /**
     * The migration a migrator Job or pod belongs to, from the annotations {@link MigratorJob} puts on both; Jobs
     * an earlier version started carry an owner reference instead, and their pods the migration label.
     */
    static Set<ResourceID> migrationOf(HasMetadata jobOrPod) {
        var metadata = jobOrPod.getMetadata();
        Map<String, String> a = Optional.ofNullable(metadata.getAnnotations()).orElse(Map.of());
        if (a.containsKey(MigratorJob.ANNOTATION_NAME)) {
            return Set.of(new ResourceID(a.get(MigratorJob.ANNOTATION_NAME), a.get(MigratorJob.ANNOTATION_NAMESPACE)));
        }
        Optional<String> owner = metadata.getOwnerReferences().stream()
                .filter(o -> HasMetadata.getKind(OwnershipMigration.class).equals(o.getKind())).map(o -> o.getName())
                .findFirst()
                .or(() -> Optional.ofNullable(metadata.getLabels()).map(l -> l.get(MigratorJob.LABEL_MIGRATION)));
        return owner.map(name -> Set.of(new ResourceID(name, metadata.getNamespace()))).orElse(Set.of());
    }

    private static Optional<String> secretName(OwnershipMigration om) {
        return Optional.ofNullable(om.getSpec()).map(s -> s.database).map(d -> d.secretRef).map(r -> r.name)
                .filter(n -> !n.isBlank());
    }

    @Override
    public UpdateControl<OwnershipMigration> reconcile(OwnershipMigration om, Context<OwnershipMigration> context) {
        KubernetesClient client = context.getClient();
        Decision decision;
        synchronized (slots) { // the cap holds only if counting and starting are one step
            Instant now = Instant.now();
            Observed seen = new Observed(action -> job(context, om, action), runningJobs(now), now);
            // a finished generation stays finished, even if a stricter operator would now refuse its spec
            decision = StatusRecord.ready(om).or(() -> invalidSpec(om))
                    .orElseGet(() -> Progression.decide(om, seen, limits));
            if (decision.start().isPresent()) { // only a Job to start needs a Job the settings allow, and the Secret
                decision = cannotStart(context, om, decision.plan()).orElse(decision);
            }
            decision.delete().forEach(name -> ownedJob(context, name).ifPresent(j -> deleteJob(client, j)));
            decision.start().ifPresent(action -> start(client, om, action, now));
        }
        releaseRecordedJobs(context, om); // by the status as it stands, before this reconcile's change
        OwnershipMigrationStatus before = om.getStatus();
        om.setStatus(StatusUpdate.next(om, decision, Instant.now()));
        if (before == null || !Objects.equals(before.phase, decision.phase())
                || !Objects.equals(StatusUpdate.reason(before), Optional.of(decision.reason()))
                || !Objects.equals(before.observedGeneration, om.getStatus().observedGeneration)) {
            MigrationEvents.record(client, om, decision.phase(), decision.reason(), decision.message(),
                    decision.state() == Decision.State.STALLED);
        }
        metrics.decided(om, decision);
        metrics.backfillRate(om, decision.state() == Decision.State.PROGRESSING && decision.job().isPresent());
        if (before != null && before.job != null && !Objects.equals(before.phase, decision.phase())
                && !Decision.FAILED.equals(before.phase)) {
            recordFinished(context, before.job); // the Job of the phase that just ended
        }
        UpdateControl<OwnershipMigration> control = StatusUpdate.unchanged(before, om.getStatus())
                ? UpdateControl.noUpdate() : UpdateControl.patchStatus(om);
        return decision.recheckAfter().map(control::rescheduleAfter).orElse(control);
    }

    /** Whatever a reconcile throws ends in a status that says so, instead of a silent retry loop. */
    @Override
    public ErrorStatusUpdateControl<OwnershipMigration> updateErrorStatus(OwnershipMigration om,
                                                                          Context<OwnershipMigration> context,
                                                                          Exception e) {
        if (conflict(e)) {
            return ErrorStatusUpdateControl.noStatusUpdate(); // the status changed under us (the pod's progress): retry
        }
        String message = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
        LOG.warnf("%s/%s: reconcile failed: %s", om.getMetadata().getNamespace(), om.getMetadata().getName(), message);
        Decision stalled = Decision.stalled("ReconcileError", "the operator could not reconcile: "
                + (message.length() > 1000 ? message.substring(0, 1000) + " [...]" : message)
                + " (it retries with back-off)", Optional.empty(), Optional.empty());
        om.setStatus(StatusUpdate.next(om, stalled, Instant.now()));
        metrics.decided(om, stalled);
        return ErrorStatusUpdateControl.patchStatus(om);
    }

    /**
     * Deleting a resource never cuts a Job that changes the database short, and never touches the database
     * unless {@code revertOnDelete} asks for a revert first ({@link Progression#onDelete}). The resource's Jobs
     * go with it: they carry no owner reference, so garbage collection (foreground deletion included) never
     * kills one mid-step.
     */
    @Override
    public DeleteControl cleanup(OwnershipMigration om, Context<OwnershipMigration> context) {
        KubernetesClient client = context.getClient();
        Optional<String> blocked = om.getSpec() == null ? Optional.of("the resource has no spec")
                : invalidSpec(om).or(() -> cannotStart(context, om, Optional.empty())).map(Decision::message);
        Deletion deletion = Progression.onDelete(om, action -> running(context, action).or(() -> job(context, om, action)),
                blocked);
        try {
            deletion.start().ifPresent(action -> start(client, om, action, Instant.now()));
        } catch (KubernetesClientException e) {
            if (!namespaceTerminating(e)) {
                throw e;
            }
            // nothing can start in a namespace that is going (nor does its Secret stay): let the resource go
            deletion = Deletion.release("RevertOnDeleteSkipped", "revertOnDelete skipped: the namespace is being"
                    + " deleted; the database keeps the ownership", true);
        }
        if (deletion.release() || deletion.start().isPresent()) { // holds are said by their (deduplicated) Event
            LOG.infof("%s/%s: %s: %s", om.getMetadata().getNamespace(), om.getMetadata().getName(), deletion.reason(),
                    deletion.message());
        }
        MigrationEvents.record(client, om, "Deleting", deletion.reason(), deletion.message(), deletion.warning());
        if (!deletion.release()) {
            return DeleteControl.noFinalizerRemoval();
        }
        metrics.forget(om);
        context.getSecondaryResources(Job.class).forEach(j -> deleteJob(client, j));
        return DeleteControl.defaultDelete();
    }

    private static boolean conflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return true;
            }
        }
        return false;
    }

    private static boolean namespaceTerminating(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getDetails() != null && e.getStatus().getDetails().getCauses()
                .stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }

    private void recordFinished(Context<OwnershipMigration> context, String jobName) {
        ownedJob(context, jobName).ifPresent(j -> {
            ObservedJob observed = JobObserver.observe(j, pods(context, j));
            if (observed.finished()) {
                Action.of(j.getMetadata().getLabels().get(MigratorJob.LABEL_ACTION))
                        .ifPresent(action -> metrics.jobFinished(action, j, observed));
            }
        });
    }

    /** What the CRD schema could not catch: the engine's own validation of the spec. */
    private static Optional<Decision> invalidSpec(OwnershipMigration om) {
        try {
            MigrationDocumentReader.read(SpecDocument.of(om));
            if (secretName(om).isEmpty()) {
                throw new InvalidSpecException("spec.database.secretRef.name: required");
            }
            return Optional.empty();
        } catch (InvalidSpecException e) {
            return Optional.of(Decision.stalled("InvalidSpec", e.getMessage(), Optional.empty(), Optional.empty()));
        }
    }

    /**
     * Why no Job may start: the operator's settings refuse what {@code spec.job} asks for, or the Secret is not
     * ready (it may still be created: its informer wakes the resource when it appears).
     */
    private Optional<Decision> cannotStart(Context<OwnershipMigration> context, OwnershipMigration om,
                                           Optional<MigratorReport> plan) {
        return JobOverrides.refusal(om, settings)
                .map(refusal -> Decision.stalled(JobOverrides.REFUSED, refusal, plan, Optional.empty()))
                .or(() -> secretProblem(context, om)
                        .map(problem -> Decision.stalled("SecretNotReady", problem, plan, Optional.empty())));
    }

    private static Optional<String> secretProblem(Context<OwnershipMigration> context, OwnershipMigration om) {
        String name = om.getSpec().database.secretRef.name;
        return SecretKeys.of(om.getSpec().database).problem(name, context.getSecondaryResource(Secret.class).orElse(null));
    }

    private static Optional<ObservedJob> job(Context<OwnershipMigration> context, OwnershipMigration om,
                                             Action action) {
        return ownedJob(context, JobNames.of(om, action)).map(j -> JobObserver.observe(j, pods(context, j)));
    }

    /** A Job of this action running for any generation: after a spec change an older one may still run. */
    private static Optional<ObservedJob> running(Context<OwnershipMigration> context, Action action) {
        return context.getSecondaryResources(Job.class).stream()
                .filter(j -> action.verb.equals(j.getMetadata().getLabels().get(MigratorJob.LABEL_ACTION)))
                .map(j -> JobObserver.observe(j, pods(context, j)))
                .filter(j -> j.state() == ObservedJob.State.RUNNING).findFirst();
    }

    private static Optional<Job> ownedJob(Context<OwnershipMigration> context, String name) {
        return context.getSecondaryResources(Job.class).stream().filter(j -> j.getMetadata().getName().equals(name))
                .findFirst();
    }

    /** The pods of this very Job: a retry's Job has the name of the failed one, whose pods may linger. */
    private static List<Pod> pods(Context<OwnershipMigration> context, Job job) {
        String uid = job.getMetadata().getUid();
        return context.getSecondaryResources(Pod.class).stream()
                .filter(p -> p.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
                .toList();
    }

    private long runningJobs(Instant now) {
        Set<String> running = jobs.list(j -> !JobObserver.observe(j, List.of()).finished())
                .map(j -> j.getMetadata().getNamespace() + "/" + j.getMetadata().getName())
                .collect(Collectors.toSet());
        return slots.running(running, now);
    }

    /**
     * Lets finished Jobs go (their finalizer) once the status as read holds their outcome: from then on the
     * status is the record, and a Job's cleanup cannot make a step run again. A Job deleted while it ran goes at once.
     */
    private static void releaseRecordedJobs(Context<OwnershipMigration> context, OwnershipMigration om) {
        for (Job j : context.getSecondaryResources(Job.class)) {
            Optional<Action> action = Action.of(j.getMetadata().getLabels().get(MigratorJob.LABEL_ACTION));
            ObservedJob observed = JobObserver.observe(j, List.of());
            // a Job deleted before it finished has no outcome to keep (its step runs again)
            if (observed.state() == ObservedJob.State.DELETING
                    || observed.finished() && action.isPresent() && StatusRecord.holds(om, action.get(), observed)) {
                releaseJob(context.getClient(), j);
            }
        }
    }

    /** Removes the operator's finalizer, if the Job still has it (a JSON patch that tests before it removes). */
    private static void releaseJob(KubernetesClient client, Job job) {
        int at = job.getMetadata().getFinalizers().indexOf(MigratorJob.FINALIZER);
        if (at < 0) {
            return;
        }
        String path = "/metadata/finalizers/" + at;
        try {
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON),
                            "[{\"op\":\"test\",\"path\":\"" + path + "\",\"value\":\"" + MigratorJob.FINALIZER
                                    + "\"},{\"op\":\"remove\",\"path\":\"" + path + "\"}]");
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != 422) {
                throw e; // 422: the list changed since the cache saw it; the next event tries again
            }
        }
    }

    private static void deleteJob(KubernetesClient client, Job job) {
        releaseJob(client, job);
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    private void start(KubernetesClient client, OwnershipMigration om, Action action, Instant now) {
        // a spec that names the ServiceAccount, even the default one, brings its own (the chart's migratorAccess)
        if (om.getSpec().job == null || om.getSpec().job.serviceAccountName == null) {
            for (HasMetadata access : MigratorAccess.desired(om.getMetadata().getNamespace(),
                    settings.migratorServiceAccount())) {
                client.resource(access).forceConflicts().serverSideApply();
            }
        }
        Optional<String> approved = action.changesDatabase() && om.getSpec().approval == Approval.Manual
                && !om.isMarkedForDeletion() ? Progression.approvedHash(om) : Optional.empty();
        Job job = client.resource(MigratorJob.desired(om, action, settings, approved)).forceConflicts()
                .serverSideApply();
        slots.started(job.getMetadata().getNamespace() + "/" + job.getMetadata().getName(), now);
    }
}
