package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which run of a container a log request reads, from the pod's status: the kubelet's
 * validateContainerLogStatus (pkg/kubelet/kubelet_pods.go), with its messages.
 */
final class ContainerLogStatus {

  private ContainerLogStatus() {
  }

  /** @return the container ID of the run to read */
  static String containerId(Pod pod, String container, boolean previous) {
    String podName = pod.getMetadata().getName();
    var status = Optional.ofNullable(pod.getStatus());
    ContainerStatus found = Stream.of(
            status.map(s -> s.getContainerStatuses()), status.map(s -> s.getInitContainerStatuses()))
        .flatMap(statuses -> statuses.stream().flatMap(List::stream))
        .filter(s -> s.getName().equals(container))
        .findFirst()
        .orElseThrow(() -> error("container %s in pod %s is not available", container, podName));
    ContainerStateTerminated last = found.getLastState() == null ? null : found.getLastState().getTerminated();
    var state = found.getState();
    if (previous) {
      if (!hasId(last)) {
        throw error("previous terminated container %s in pod %s not found", container, podName);
      }
      return last.getContainerID();
    }
    if (state.getRunning() != null) {
      return found.getContainerID();
    }
    if (state.getTerminated() != null || last != null) {
      // a run that could not start has no ID: the one before it is the one with logs
      ContainerStateTerminated terminated = hasId(state.getTerminated()) ? state.getTerminated() : last;
      if (!hasId(terminated)) {
        throw error("container %s in pod %s is terminated", container, podName);
      }
      return terminated.getContainerID();
    }
    if (state.getWaiting() != null) {
      String reason = switch (String.valueOf(state.getWaiting().getReason())) {
        case "ErrImagePull" -> "image can't be pulled";
        case "ImagePullBackOff" -> "trying and failing to pull image";
        default -> state.getWaiting().getReason();
      };
      throw error("container %s in pod %s is waiting to start: %s", container, podName, reason);
    }
    throw error("container %s in pod %s is waiting to start - no logs yet", container, podName);
  }

  private static boolean hasId(ContainerStateTerminated terminated) {
    return terminated != null && terminated.getContainerID() != null && !terminated.getContainerID().isEmpty();
  }

  /** Go's %q quotes the names. */
  private static LogRequestException error(String format, Object... args) {
    Object[] quoted = args.clone();
    for (int i = 0; i < 2 && i < quoted.length; i++) {
      quoted[i] = "\"" + quoted[i] + "\"";
    }
    return new LogRequestException(400, String.format(format, quoted));
  }
}
