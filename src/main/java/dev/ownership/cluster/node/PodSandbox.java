package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pod's directory on the node, {@code <node dir>/<namespace>/<pod>-<uid>/}: the containers'
 * working directory and home, their logs ({@code <container>.log}, stdout and stderr), termination
 * message files, and the service-account credentials. Kept after the pod for diagnostics.
 */
record PodSandbox(Path dir) {

  static PodSandbox create(Path nodeDir, Pod pod) throws IOException {
    return new PodSandbox(Files.createDirectories(of(nodeDir, pod).dir()));
  }

  /** The pod's sandbox, whether or not it was created. */
  static PodSandbox of(Path nodeDir, Pod pod) {
    var metadata = pod.getMetadata();
    return new PodSandbox(nodeDir.resolve(metadata.getNamespace()).resolve(metadata.getName() + "-" + metadata.getUid()));
  }

  Path log(String container) {
    return dir.resolve(container + ".log");
  }

  Path terminationMessage(String container) {
    return dir.resolve(container + ".termination-log");
  }

  Path serviceAccount() {
    return dir.resolve("serviceaccount");
  }

  Path kubeconfig() {
    return dir.resolve("kubeconfig");
  }
}
