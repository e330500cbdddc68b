package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one container of a pod as a local process: the image's command (see {@link ImageCommands}),
 * the resolved environment, the sandbox as working and home directory, stdout and stderr appended to
 * the container's log.
 *
 * <p>The container's terminationMessagePath (/dev/termination-log by default) is a file of the
 * sandbox: wherever the path appears in the command, args or env values it is replaced by that
 * file, so a program told the path through them writes where the node reads.
 */
final class HostProcessLauncher {

  private final ImageCommands images;
  private final EnvironmentResolver environment;

  HostProcessLauncher(ImageCommands images, EnvironmentResolver environment) {
    this.images = images;
    this.environment = environment;
  }

  /** @throws IOException if the process cannot start, e.g. the command does not exist */
  Process launch(Pod pod, Container container, PodSandbox sandbox, Map<String, String> nodeVariables)
      throws ContainerStartException, IOException {
    Map<String, String> base = new LinkedHashMap<>();
    base.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
    base.put("HOME", sandbox.dir().toString());
    base.put("HOSTNAME", pod.getMetadata().getName());
    base.putAll(nodeVariables);
    Map<String, String> env = environment.resolve(pod, container, base);
    List<String> argv = VariableExpansion.expand(images.argv(container), env);

    String messagePath = TerminationMessage.path(container);
    String messageFile = sandbox.terminationMessage(container.getName()).toString();
    ProcessBuilder builder = new ProcessBuilder(argv.stream().map(arg -> arg.replace(messagePath, messageFile)).toList())
        .directory(sandbox.dir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(sandbox.log(container.getName()).toFile()));
    builder.environment().clear();
    env.forEach((name, value) -> builder.environment().put(name, value.replace(messagePath, messageFile)));
    return builder.start();
  }
}
