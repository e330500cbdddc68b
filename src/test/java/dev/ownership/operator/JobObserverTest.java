package dev.ownership.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A Job's state from its conditions and its pods. */
class JobObserverTest {
    static Job job(String condition, boolean deleting) {
        JobBuilder job = new JobBuilder().withNewMetadata().withName("m-apply-g1")
                .withCreationTimestamp("2026-11-30T12:00:00Z")
                .withDeletionTimestamp(deleting ? "2026-11-30T12:05:00Z" : null).endMetadata();
        return condition == null ? job.build() : job.withNewStatus().addNewCondition().withType(condition)
                .withStatus("True").endCondition().endStatus().build();
    }

    @Test
    void aFinishedJobOnItsWayOutIsStillFinished() {
        // the TTL controller deletes finished Jobs in the foreground: they show a deletionTimestamp first
        assertThat(JobObserver.observe(job("Complete", true), List.of()).state()).isEqualTo(ObservedJob.State.SUCCEEDED);
        assertThat(JobObserver.observe(job("Failed", true), List.of()).state()).isEqualTo(ObservedJob.State.FAILED);
        assertThat(JobObserver.observe(job(null, true), List.of()).state()).isEqualTo(ObservedJob.State.DELETING);
    }

    @Test
    void aJobWithoutPodsHasNotStartedAndSaysWhereToLook() {
        ObservedJob observed = JobObserver.observe(job(null, false), List.of());
        assertThat(observed.state()).isEqualTo(ObservedJob.State.RUNNING);
        assertThat(observed.notStarted()).hasValueSatisfying(why -> assertThat(why).contains("kubectl describe job m-apply-g1"));
    }
}
