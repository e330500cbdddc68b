package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Reads a Job's state from its conditions, whether a pod ever started, and the report of its newest pod. */
final class JobObserver {
    private static final Set<String> STARTED = Set.of("Running", "Succeeded", "Failed");

    private JobObserver() {
    }

    static ObservedJob observe(Job job, List<Pod> pods) {
        ObservedJob.State state = state(job);
        Optional<String> notStarted = state == ObservedJob.State.RUNNING ? notStarted(job, pods) : Optional.empty();
        return new ObservedJob(job.getMetadata().getName(), state, report(pods),
                Instant.parse(job.getMetadata().getCreationTimestamp()), notStarted);
    }

    /** A finished Job is finished even on its way out: the TTL controller deletes Jobs in the foreground. */
    private static ObservedJob.State state(Job job) {
        List<JobCondition> conditions = job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
        if (has(conditions, "Complete")) {
            return ObservedJob.State.SUCCEEDED;
        }
        if (has(conditions, "Failed")) {
            return ObservedJob.State.FAILED;
        }
        return job.getMetadata().getDeletionTimestamp() != null ? ObservedJob.State.DELETING
                : ObservedJob.State.RUNNING;
    }

    private static boolean has(List<JobCondition> conditions, String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Why no pod of the Job has started yet; empty once one has (a pod that ran and failed counts). */
    private static Optional<String> notStarted(Job job, List<Pod> pods) {
        if (pods.stream().anyMatch(p -> p.getStatus() != null && STARTED.contains(p.getStatus().getPhase()))) {
            return Optional.empty();
        }
        return Optional.of(pods.stream().map(JobObserver::waiting).flatMap(Optional::stream).findFirst()
                .orElse(pods.isEmpty() ? "no pod was created (kubectl describe job " + job.getMetadata().getName()
                        + " says why: an unknown ServiceAccount, a quota, an admission policy)" : "its pod is pending"));
    }

    /** What a pending pod waits for: a container's waiting reason (ImagePullBackOff...) or why it is not scheduled. */
    private static Optional<String> waiting(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        Optional<String> container = Optional.ofNullable(pod.getStatus().getContainerStatuses()).stream()
                .flatMap(List::stream)
                .filter(cs -> cs.getState() != null && cs.getState().getWaiting() != null)
                .map(cs -> cs.getState().getWaiting())
                .map(w -> w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage()))
                .findFirst();
        return container.or(() -> Optional.ofNullable(pod.getStatus().getConditions()).stream().flatMap(List::stream)
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .map(JobObserver::describe).findFirst());
    }

    private static String describe(PodCondition c) {
        return "not scheduled: " + c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    private static Optional<MigratorReport> report(List<Pod> pods) {
        return pods.stream()
                .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).reversed())
                .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .filter(cs -> MigratorJob.CONTAINER.equals(cs.getName()))
                .map(JobObserver::terminationMessage)
                .filter(Objects::nonNull)
                .map(MigratorReport::parse)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static String terminationMessage(ContainerStatus cs) {
        return cs.getState() == null || cs.getState().getTerminated() == null ? null
                : cs.getState().getTerminated().getMessage();
    }
}
