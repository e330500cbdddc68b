package dev.ownership.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Jobs created through the API run to completion through the real Job controller and the node. */
@ClusterTest
class JobClusterIT {

  @Test
  void jobOfAShortCommandCompletes(TestNamespace namespace) {
    create(namespace, shellJob("hello", "echo hello"));

    Job job = awaitCondition(namespace, "hello", "Complete");

    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(terminatedStates(namespace, "hello")).singleElement()
        .satisfies(state -> assertThat(state.getExitCode()).isZero());
  }

  @Test
  void failingJobIsRetriedUpToItsBackoffLimitThenFails(TestNamespace namespace) {
    create(namespace, new JobBuilder(shellJob("failing", "exit 3")).editSpec().withBackoffLimit(1).endSpec().build());

    Job job = awaitCondition(namespace, "failing", "Failed");

    assertThat(condition(job, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(job.getStatus().getFailed()).isEqualTo(2);
    assertThat(terminatedStates(namespace, "failing")).hasSize(2)
        .allSatisfy(state -> assertThat(state.getExitCode()).isEqualTo(3));
  }

  @Test
  void terminationMessageReachesThePodStatus(TestNamespace namespace) {
    create(namespace, shellJob("message", "printf 'migrated 42 rows' > /dev/termination-log"));

    awaitCondition(namespace, "message", "Complete");

    assertThat(terminatedStates(namespace, "message")).singleElement()
        .satisfies(state -> assertThat(state.getMessage()).isEqualTo("migrated 42 rows"));
  }

  @Test
  void containersGetTheirEnvironmentFromSecretsConfigMapsAndThePod(TestNamespace namespace) {
    namespace.client().secrets().resource(new SecretBuilder()
        .withNewMetadata().withName("db").endMetadata().addToStringData("password", "s3cret").build()).create();
    namespace.client().configMaps().resource(new ConfigMapBuilder()
        .withNewMetadata().withName("settings").endMetadata().addToData("table", "orders").build()).create();
    List<EnvVar> env = List.of(
        new EnvVarBuilder().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "db", false)
            .endValueFrom().build(),
        new EnvVarBuilder().withName("TABLE").withNewValueFrom().withNewConfigMapKeyRef("table", "settings", false)
            .endValueFrom().build(),
        new EnvVarBuilder().withName("NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
            .endFieldRef().endValueFrom().build(),
        new EnvVarBuilder().withName("TARGET").withValue("$(NAMESPACE).$(TABLE)").build());
    create(namespace, new JobBuilder(shellJob("env", "printf '%s %s' \"$PASSWORD\" \"$TARGET\" > /dev/termination-log"))
        .editSpec().editTemplate().editSpec().editFirstContainer().withEnv(env).endContainer().endSpec().endTemplate()
        .endSpec().build());

    awaitCondition(namespace, "env", "Complete");

    assertThat(terminatedStates(namespace, "env")).singleElement()
        .satisfies(state -> assertThat(state.getMessage()).isEqualTo("s3cret " + namespace.name() + ".orders"));
  }

  @Test
  void activeDeadlineStopsARunningJob(TestNamespace namespace) throws Exception {
    create(namespace, new JobBuilder(shellJob("slow", "sleep 300")).editSpec().withActiveDeadlineSeconds(2L).endSpec()
        .build());

    Job job = awaitCondition(namespace, "slow", "Failed");

    assertThat(condition(job, "Failed").getReason()).isEqualTo("DeadlineExceeded");
    // the Job controller deletes the pod; the node kills its process and finishes the deletion
    awaitNoPods(namespace, "slow");
  }

  @Test
  void finishedJobIsDeletedWithItsPodsAfterItsTtl(TestNamespace namespace) throws Exception {
    create(namespace, new JobBuilder(shellJob("short-lived", "true")).editSpec().withTtlSecondsAfterFinished(0)
        .endSpec().build());

    namespace.client().batch().v1().jobs().withName("short-lived").waitUntilCondition(Objects::isNull, 60, TimeUnit.SECONDS);

    awaitNoPods(namespace, "short-lived");
  }

  private static Job shellJob(String name, String script) {
    return new JobBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer().withName("main").withImage("busybox:1.37").withCommand("sh", "-c", script).endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static void create(TestNamespace namespace, Job job) {
    namespace.client().batch().v1().jobs().resource(job).create();
  }

  private static Job awaitCondition(TestNamespace namespace, String job, String type) {
    return namespace.client().batch().v1().jobs().withName(job)
        .waitUntilCondition(j -> j != null && j.getStatus() != null && isTrue(j, type), 120, TimeUnit.SECONDS);
  }

  private static void awaitNoPods(TestNamespace namespace, String job) throws Exception {
    namespace.client().pods().withLabel("job-name", job).informOnCondition(List::isEmpty).get(60, TimeUnit.SECONDS);
  }

  private static boolean isTrue(Job job, String type) {
    JobCondition condition = condition(job, type);
    return condition != null && "True".equals(condition.getStatus());
  }

  private static JobCondition condition(Job job, String type) {
    return job.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
  }

  private static List<ContainerStateTerminated> terminatedStates(TestNamespace namespace, String job) {
    return namespace.client().pods().withLabel("job-name", job).list().getItems().stream()
        .map(Pod::getStatus)
        .map(status -> status.getContainerStatuses().get(0).getState().getTerminated())
        .toList();
  }
}
