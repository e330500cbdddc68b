package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class ContainerLogStatusTest {

  @Test
  void aRunningContainerIsReadFromItsCurrentRun() {
    Pod pod = pod("process://2", running(), null);

    assertThat(ContainerLogStatus.containerId(pod, "main", false)).isEqualTo("process://2");
  }

  @Test
  void aTerminatedContainerIsReadFromItsLastRun() {
    assertThat(ContainerLogStatus.containerId(pod("process://2", terminated("process://2"), null), "main", false))
        .isEqualTo("process://2");
  }

  @Test
  void duringBackOffBothTheCurrentAndThePreviousRunAreTheLastOneThatEnded() {
    Pod pod = pod("process://1", waiting("CrashLoopBackOff"), terminated("process://1"));

    assertThat(ContainerLogStatus.containerId(pod, "main", false)).isEqualTo("process://1");
    assertThat(ContainerLogStatus.containerId(pod, "main", true)).isEqualTo("process://1");
  }

  @Test
  void previousIsTheRunBeforeARestart() {
    Pod pod = pod("process://2", running(), terminated("process://1"));

    assertThat(ContainerLogStatus.containerId(pod, "main", true)).isEqualTo("process://1");
  }

  @Test
  void saysWhatTheKubeletSaysWhenThereIsNothingToRead() {
    assertThatThrownBy(() -> ContainerLogStatus.containerId(pod("process://2", running(), null), "main", true))
        .hasMessage("previous terminated container \"main\" in pod \"p\" not found");
    assertThatThrownBy(() -> ContainerLogStatus.containerId(pod(null, waiting("ErrImagePull"), null), "main", false))
        .hasMessage("container \"main\" in pod \"p\" is waiting to start: image can't be pulled");
    assertThatThrownBy(() -> ContainerLogStatus.containerId(pod(null, waiting("ContainerCreating"), null), "main", false))
        .hasMessage("container \"main\" in pod \"p\" is waiting to start: ContainerCreating");
    assertThatThrownBy(() -> ContainerLogStatus.containerId(pod(null, running(), null), "other", false))
        .hasMessage("container \"other\" in pod \"p\" is not available");
  }

  private static Pod pod(String containerId, ContainerState state, ContainerState last) {
    return new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewStatus().addToContainerStatuses(new ContainerStatusBuilder()
            .withName("main").withContainerID(containerId).withState(state).withLastState(last).build())
        .endStatus().build();
  }

  private static ContainerState running() {
    return new ContainerStateBuilder().withNewRunning().endRunning().build();
  }

  private static ContainerState terminated(String containerId) {
    return new ContainerStateBuilder().withNewTerminated().withExitCode(1).withContainerID(containerId).endTerminated().build();
  }

  private static ContainerState waiting(String reason) {
    return new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build();
  }
}
