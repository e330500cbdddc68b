package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Starts one container of a pod: in a container when the node has its image as an archive (see
 * {@link RuncLauncher}), otherwise as a local process (see {@link HostProcessLauncher}).
 */
final class ContainerLauncher {

  private final HostProcessLauncher processes;
  private final RuncLauncher containers;

  ContainerLauncher(ImageCommands images, EnvironmentResolver environment, RuncLauncher containers) {
    this.processes = new HostProcessLauncher(images, environment);
    this.containers = containers;
  }

  /**
   * @param nodeVariables what the node gives every container of the pod (API server, credentials)
   * @throws IOException if the process cannot start, e.g. the command does not exist
   */
  Process launch(Pod pod, Container container, PodSandbox sandbox, Map<String, String> nodeVariables)
      throws ContainerStartException, IOException {
    Files.writeString(sandbox.terminationMessage(container.getName()), ""); // a restart starts a new message
    return containers.runs(container) ? containers.launch(pod, container, sandbox, nodeVariables)
        : processes.launch(pod, container, sandbox, nodeVariables);
  }
}
