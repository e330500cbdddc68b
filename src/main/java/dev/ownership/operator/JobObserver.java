package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads a Job's state from its conditions and the report from its newest finished pod. */
final class JobObserver {
    private JobObserver() {
    }

    static ObservedJob observe(Job job, List<Pod> pods) {
        return new ObservedJob(job.getMetadata().getName(), state(job), report(pods));
    }

    private static ObservedJob.State state(Job job) {
        List<JobCondition> conditions = job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
        if (has(conditions, "Complete")) {
            return ObservedJob.State.SUCCEEDED;
        }
        return has(conditions, "Failed") ? ObservedJob.State.FAILED : ObservedJob.State.RUNNING;
    }

    private static boolean has(List<JobCondition> conditions, String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
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
