package dev.ownership.testing.kube;

import io.fabric8.kubernetes.api.model.Pod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the process node keeps what its pods left (also what {@code kubectl logs} reads):
 * {@code <kube.cluster.dir>/node/<namespace>/<pod>-<uid>/<container>.log} and termination message files.
 */
public final class NodeFiles {
  private NodeFiles() {
  }

  public static Path namespace(String namespace) {
    return Path.of(System.getProperty("kube.cluster.dir", "target/kube-cluster"), "node", namespace);
  }

  public static Path log(Pod pod, String container) {
    return sandbox(pod).resolve(container + ".log");
  }

  /** The runc bundles (their config.json) the node ran the container from, one per run; none for a host process. */
  public static List<Path> bundles(Pod pod, String container) {
    Path bundles = sandbox(pod).resolve("bundles");
    if (!Files.isDirectory(bundles)) {
      return List.of();
    }
    try (Stream<Path> runs = Files.list(bundles)) {
      return runs.filter(run -> run.getFileName().toString().startsWith(container + "-"))
          .map(run -> run.resolve("config.json")).filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path sandbox(Pod pod) {
    return namespace(pod.getMetadata().getNamespace())
        .resolve(pod.getMetadata().getName() + "-" + pod.getMetadata().getUid());
  }
}
