package dev.ownership.cluster.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts one container of a pod with runc, from its image's shared root file system: a bundle
 * {@code <sandbox>/bundles/<container>-<n>/} with {@code config.json} (see {@link RuntimeSpec}) and
 * the container's root (see {@link RootOverlay}), emptyDir
 * volumes as {@code <sandbox>/volumes/<name>/}, stdout and stderr appended to the container's log
 * as for a host process.
 */
final class RuncLauncher {

  private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ContainerImages images;
  private final EnvironmentResolver environment;
  private final AtomicLong starts = new AtomicLong();

  RuncLauncher(ContainerImages images, EnvironmentResolver environment) {
    this.images = images;
    this.environment = environment;
  }

  boolean runs(Container container) {
    return images.has(container.getImage());
  }

  Process launch(Pod pod, Container container, PodSandbox sandbox, Map<String, String> nodeVariables)
      throws ContainerStartException, IOException {
    UnpackedImage image = images.unpacked(container.getImage());
    Map<String, String> base = new LinkedHashMap<>();
    base.put("PATH", DEFAULT_PATH);
    base.putAll(image.config().env());
    base.put("HOSTNAME", pod.getMetadata().getName());
    base.putAll(nodeVariables);
    base.remove("KUBECONFIG"); // a host path; in a container, clients find the mounted token (in-cluster config)
    Map<String, String> env = environment.resolve(pod, container, base);

    Files.writeString(sandbox.terminationMessage(container.getName()), ""); // a restart starts a new message
    worldWritable(sandbox.terminationMessage(container.getName()));
    long start = starts.incrementAndGet();
    Path bundle = Files.createDirectories(sandbox.dir().resolve("bundles").resolve(container.getName() + "-" + start));
    RootOverlay root = RootOverlay.mount(image.rootfs(), bundle);
    try {
      var paths = new RuntimeSpec.HostPaths(root.root(),
          Optional.of(sandbox.serviceAccount()).filter(Files::isDirectory),
          sandbox.terminationMessage(container.getName()), emptyDirs(pod, container, sandbox));
      Map<String, Object> spec = RuntimeSpec.of(pod, container, image, env, paths);
      JSON.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("config.json").toFile(), spec);
      String id = pod.getMetadata().getUid() + "-" + container.getName() + "-" + start;
      return new RuncContainer(images.runc().run(bundle, id, sandbox.log(container.getName())), images.runc(), id, root,
          bundle, sandbox.terminationMessage(container.getName()));
    } catch (ContainerStartException | IOException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * Each emptyDir volume of the pod as a directory of the sandbox, writable by any user as a kubelet
   * makes it, with the subPaths the container mounts (the API server refuses absolute ones and "..").
   */
  private static Map<String, Path> emptyDirs(Pod pod, Container container, PodSandbox sandbox) throws IOException {
    Map<String, Path> dirs = new LinkedHashMap<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getEmptyDir() != null) {
        Path dir = Files.createDirectories(sandbox.dir().resolve("volumes").resolve(volume.getName()));
        worldWritable(dir);
        dirs.put(volume.getName(), dir);
      }
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      if (dirs.containsKey(mount.getName()) && mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        worldWritable(Files.createDirectories(dirs.get(mount.getName()).resolve(mount.getSubPath())));
      }
    }
    return dirs;
  }

  private static void worldWritable(Path path) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxrwxrwx" : "rw-rw-rw-"));
  }
}
