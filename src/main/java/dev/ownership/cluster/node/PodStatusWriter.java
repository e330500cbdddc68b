package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A pod's status as this node sees it, written to the status subresource at every change: the
 * containers' states, the phase and the conditions a kubelet owns. Conditions others own
 * (PodScheduled from the binding, DisruptionTarget, ...) are left as they are.
 */
final class PodStatusWriter {

  private static final Logger LOG = Logger.getLogger(PodStatusWriter.class);
  private static final int MAX_ATTEMPTS = 5;
  private static final String CONTAINER_ID_PREFIX = "process://";
  private static final Set<String> OWN_CONDITIONS = Set.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready");

  private final PodResource resource;
  private final String name;
  private final Map<String, ContainerStatus> initContainers = new LinkedHashMap<>();
  private final Map<String, ContainerStatus> containers = new LinkedHashMap<>();
  private final String startTime = Instant.now().toString();
  private String terminalPhase;

  PodStatusWriter(KubernetesClient client, Pod pod) {
    this.resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
    this.name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    var spec = pod.getSpec();
    String firstReason = spec.getInitContainers().isEmpty() ? "ContainerCreating" : "PodInitializing";
    spec.getInitContainers().forEach(c -> initContainers.put(c.getName(), initial(c, "PodInitializing")));
    spec.getContainers().forEach(c -> containers.put(c.getName(), initial(c, firstReason)));
  }

  synchronized void waiting(Container container, String reason, String message) {
    update(container, new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build(), false);
  }

  synchronized void running(Container container, long pid, Instant startedAt) {
    status(container).setContainerID(containerId(pid));
    update(container, new ContainerStateBuilder().withNewRunning().withStartedAt(startedAt.toString()).endRunning().build(), true);
  }

  static String containerId(long pid) {
    return CONTAINER_ID_PREFIX + pid;
  }

  /** The live process a {@link #containerId} names, if there is one. */
  static Optional<ProcessHandle> process(String containerId) {
    return containerId.startsWith(CONTAINER_ID_PREFIX)
        ? ProcessHandle.of(Long.parseLong(containerId.substring(CONTAINER_ID_PREFIX.length()))) : Optional.empty();
  }

  synchronized void terminated(Container container, int exitCode, String reason, String message, Instant startedAt) {
    update(container, new ContainerStateBuilder().withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withMessage(message.isEmpty() ? null : message)
        .withStartedAt(startedAt.toString())
        .withFinishedAt(Instant.now().toString())
        .withContainerID(status(container).getContainerID())
        .endTerminated().build(), false);
  }

  /** The container failed and waits to be started again: its termination becomes its last state. */
  synchronized void restarting(Container container, String message) {
    ContainerStatus status = status(container);
    status.setLastState(status.getState());
    status.setRestartCount(status.getRestartCount() + 1);
    waiting(container, "CrashLoopBackOff", message);
  }

  /** Succeeded or Failed: the pod runs no more. */
  synchronized void finished(String phase) {
    terminalPhase = phase;
    write();
  }

  private void update(Container container, ContainerState state, boolean running) {
    ContainerStatus status = status(container);
    status.setState(state);
    status.setStarted(running);
    status.setReady(running); // no probes: a running container is ready
    write();
  }

  private ContainerStatus status(Container container) {
    return Objects.requireNonNullElseGet(containers.get(container.getName()), () -> initContainers.get(container.getName()));
  }

  /** Read, change, write; again on a conflict with another writer (the Job controller's finalizer removal, ...). */
  private void write() {
    for (int attempt = 1; ; attempt++) {
      try {
        resource.editStatus(pod -> {
          pod.setStatus(status(Objects.requireNonNullElseGet(pod.getStatus(), PodStatus::new)));
          return pod;
        });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT && attempt < MAX_ATTEMPTS) {
          continue;
        }
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) { // a pod deleted meanwhile has no status to keep
          LOG.warnf(e, "Could not write the status of pod %s", name);
        }
        return;
      }
    }
  }

  private PodStatus status(PodStatus current) {
    boolean started = containers.values().stream().anyMatch(s -> s.getState().getWaiting() == null);
    boolean initialized = initContainers.values().stream()
        .allMatch(s -> s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() == 0);
    boolean ready = terminalPhase == null && containers.values().stream().allMatch(ContainerStatus::getReady);
    String notReadyReason = terminalPhase != null ? "PodCompleted" : "ContainersNotReady";

    List<PodCondition> conditions = new ArrayList<>();
    current.getConditions().stream().filter(c -> !OWN_CONDITIONS.contains(c.getType())).forEach(conditions::add);
    conditions.add(condition(current, "PodReadyToStartContainers", true, null));
    conditions.add(condition(current, "Initialized", initialized, "ContainersNotInitialized"));
    conditions.add(condition(current, "ContainersReady", ready, notReadyReason));
    conditions.add(condition(current, "Ready", ready, notReadyReason));

    current.setPhase(terminalPhase != null ? terminalPhase : started ? "Running" : "Pending");
    current.setConditions(conditions);
    current.setHostIP(ProcessNode.ADDRESS);
    current.setHostIPs(List.of(new HostIP(ProcessNode.ADDRESS)));
    current.setPodIP(ProcessNode.ADDRESS);
    current.setPodIPs(List.of(new PodIP(ProcessNode.ADDRESS)));
    current.setStartTime(startTime);
    current.setInitContainerStatuses(copies(initContainers.values()));
    current.setContainerStatuses(copies(containers.values()));
    return current;
  }

  /** Keeps the transition time of a condition whose status did not change. */
  private static PodCondition condition(PodStatus current, String type, boolean value, String falseReason) {
    String status = value ? "True" : "False";
    String since = current.getConditions().stream()
        .filter(c -> c.getType().equals(type) && c.getStatus().equals(status))
        .map(PodCondition::getLastTransitionTime).findFirst().orElse(Instant.now().toString());
    return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since)
        .withReason(value ? null : falseReason).build();
  }

  private static List<ContainerStatus> copies(Collection<ContainerStatus> statuses) {
    return statuses.stream().map(s -> new ContainerStatusBuilder(s).build()).toList();
  }

  private static ContainerStatus initial(Container container, String reason) {
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withImageID("")
        .withReady(false)
        .withStarted(false)
        .withRestartCount(0)
        .withNewState().withNewWaiting().withReason(reason).endWaiting().endState()
        .build();
  }
}
