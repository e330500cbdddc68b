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
 * the container's root while it runs (see {@link RootOverlay}), emptyDir
 * volumes as {@code <sandbox>/volumes/<name>/}, stdout and stderr appended to the container's log
 * as for a host process.
 */
final class RuncLauncher {

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

  /**
   * Everything that can refuse the container (its spec, see {@link RuntimeSpec}) is decided before
   * anything is made on disk: a refused container is retried every few seconds.
   */
  Process launch(Pod pod, Container container, PodSandbox sandbox, Map<String, String> nodeVariables)
      throws ContainerStartException, IOException {
    UnpackedImage image = images.unpacked(container.getImage());
    Map<String, String> podVariables = new LinkedHashMap<>(nodeVariables);
    podVariables.remove("KUBECONFIG"); // a host path; in a container, clients find the mounted token (in-cluster config)
    Map<String, String> env = environment.resolve(pod, container, podVariables);
    long start = starts.incrementAndGet();
    Path bundle = sandbox.dir().resolve("bundles").resolve(container.getName() + "-" + start);
    Path terminationMessage = sandbox.terminationMessage(container.getName());
    Map<String, Path> emptyDirs = emptyDirs(pod, sandbox);
    var paths = new RuntimeSpec.HostPaths(RootOverlay.mountPoint(bundle),
        Optional.of(sandbox.serviceAccount()).filter(Files::isDirectory), terminationMessage, emptyDirs);
    Map<String, Object> spec = RuntimeSpec.of(pod, container, image, env, paths);

    makeEmptyDirs(container, emptyDirs);
    worldWritable(terminationMessage);
    writeConfig(bundle, spec);
    RootOverlay root = RootOverlay.mount(image.rootfs(), bundle);
    try {
      String id = pod.getMetadata().getUid() + "-" + container.getName() + "-" + start;
      return new RuncContainer(images.runc().run(bundle, id, sandbox.log(container.getName())), images.runc(), id, root,
          bundle, terminationMessage);
    } catch (IOException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * The bundle with its config.json, for root's eyes only: the config holds the container's
   * environment, secrets included, and stays after the run (with runc's log) until the pod is gone.
   */
  private static void writeConfig(Path bundle, Map<String, Object> spec) throws IOException {
    Path bundles = Files.createDirectories(bundle.getParent());
    Files.setPosixFilePermissions(bundles, PosixFilePermissions.fromString("rwx------"));
    Path config = Files.createFile(Files.createDirectories(bundle).resolve("config.json"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    JSON.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), spec);
  }

  /** Each emptyDir volume of the pod as a directory of the sandbox (made by {@link #makeEmptyDirs}). */
  private static Map<String, Path> emptyDirs(Pod pod, PodSandbox sandbox) {
    Map<String, Path> dirs = new LinkedHashMap<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getEmptyDir() != null) {
        dirs.put(volume.getName(), sandbox.dir().resolve("volumes").resolve(volume.getName()));
      }
    }
    return dirs;
  }

  /**
   * The emptyDir volumes, writable by any user as a kubelet makes them, with the subPaths the
   * container mounts (the API server refuses absolute ones and "..").
   */
  private static void makeEmptyDirs(Container container, Map<String, Path> dirs) throws IOException {
    for (Path dir : dirs.values()) {
      worldWritable(Files.createDirectories(dir));
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      if (dirs.containsKey(mount.getName()) && mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        worldWritable(Files.createDirectories(dirs.get(mount.getName()).resolve(mount.getSubPath())));
      }
    }
  }

  private static void worldWritable(Path path) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxrwxrwx" : "rw-rw-rw-"));
  }
}
