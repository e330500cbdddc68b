package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a container image means on this node: the local command that stands for its entrypoint.
 * An image matches by repository (tag and digest ignored) or by its last path segment, so
 * "busybox" stands for "busybox:1.37" and "docker.io/library/busybox" alike.
 */
public final class ImageCommands {

  private final Map<String, List<String>> entrypoints = new ConcurrentHashMap<>();

  /** busybox, whose pods give their whole command ({@code sh -c ...}), runs it with the host's tools. */
  public static ImageCommands withDefaults() {
    ImageCommands images = new ImageCommands();
    images.map("busybox", List.of());
    return images;
  }

  public void map(String image, List<String> entrypoint) {
    entrypoints.put(repository(image), List.copyOf(entrypoint));
  }

  /** As a container runtime does: the container's command replaces the entrypoint, its args follow. */
  List<String> argv(Container container) throws ContainerStartException {
    List<String> entrypoint = entrypoint(container.getImage()).orElseThrow(() -> new ContainerStartException(
        "ErrImagePull", "no local command stands for image " + container.getImage()
            + " (LocalControlPlane.mapImage), nor an image archive (containerImage)"));
    List<String> argv = new ArrayList<>(container.getCommand().isEmpty() ? entrypoint : container.getCommand());
    argv.addAll(container.getArgs());
    if (argv.isEmpty()) {
      throw new ContainerStartException("CreateContainerError", "neither the image nor the container gives a command");
    }
    return argv;
  }

  private Optional<List<String>> entrypoint(String image) {
    String repository = repository(image);
    String lastSegment = repository.substring(repository.lastIndexOf('/') + 1);
    return Optional.ofNullable(entrypoints.get(repository)).or(() -> Optional.ofNullable(entrypoints.get(lastSegment)));
  }

  static String repository(String image) {
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int tag = withoutDigest.lastIndexOf(':');
    return tag > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, tag) : withoutDigest;
  }
}
