package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one container of a pod: in a container when the node has its image as an archive (see
 * {@link RuncLauncher}), otherwise as a local process: the image's command (see {@link ImageCommands}),
 * the resolved environment, the sandbox as working and home directory, stdout and stderr appended to
 * the container's log.
 *
 * <p>The container's terminationMessagePath (/dev/termination-log by default) is a file of the
 * sandbox: wherever the path appears in the command, args or env values it is replaced by that
 * file, so a program told the path through them writes where the node reads.
 */
final class ContainerLauncher {

  private static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";

  private final ImageCommands images;
  private final EnvironmentResolver environment;
  private final RuncLauncher containers;

  ContainerLauncher(ImageCommands images, EnvironmentResolver environment, RuncLauncher containers) {
    this.images = images;
    this.environment = environment;
    this.containers = containers;
  }

  /**
   * @param nodeVariables what the node gives every container of the pod (API server, credentials)
   * @throws IOException if the process cannot start, e.g. the command does not exist
   */
  Process launch(Pod pod, Container container, PodSandbox sandbox, Map<String, String> nodeVariables)
      throws ContainerStartException, IOException {
    if (containers.runs(container)) {
      return containers.launch(pod, container, sandbox, nodeVariables);
    }
    Map<String, String> base = new LinkedHashMap<>();
    base.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
    base.put("HOME", sandbox.dir().toString());
    base.put("HOSTNAME", pod.getMetadata().getName());
    base.putAll(nodeVariables);
    Map<String, String> env = environment.resolve(pod, container, base);
    List<String> argv = VariableExpansion.expand(images.argv(container), env);

    String messagePath = Optional.ofNullable(container.getTerminationMessagePath())
        .orElse(DEFAULT_TERMINATION_MESSAGE_PATH);
    String messageFile = sandbox.terminationMessage(container.getName()).toString();
    Files.writeString(sandbox.terminationMessage(container.getName()), ""); // a restart starts a new message

    ProcessBuilder builder = new ProcessBuilder(argv.stream().map(arg -> arg.replace(messagePath, messageFile)).toList())
        .directory(sandbox.dir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(sandbox.log(container.getName()).toFile()));
    builder.environment().clear();
    env.forEach((name, value) -> builder.environment().put(name, value.replace(messagePath, messageFile)));
    return builder.start();
  }
}
