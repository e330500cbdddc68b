package dev.ownership.testing.kube;

import io.fabric8.kubernetes.api.model.Pod;

import java.nio.file.Path;

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
    return namespace(pod.getMetadata().getNamespace())
        .resolve(pod.getMetadata().getName() + "-" + pod.getMetadata().getUid()).resolve(container + ".log");
  }
}
