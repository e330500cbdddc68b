package dev.ownership.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** kube-controller-manager as a child process, running the controllers the tests rely on. */
final class ControllerManager implements AutoCloseable {

  /**
   * Jobs run and get cleaned up, Deployments roll out their ReplicaSets' pods, owners' dependents are
   * collected, namespaces get their service accounts.
   */
  static final List<String> CONTROLLERS = List.of(
      "job-controller",
      "deployment-controller",
      "replicaset-controller",
      "ttl-after-finished-controller",
      "garbage-collector-controller",
      "namespace-controller",
      "serviceaccount-controller",
      "serviceaccount-token-controller");

  private final Process process;

  private ControllerManager(Process process) {
    this.process = process;
  }

  /**
   * @param serviceAccountKey the API server's service-account signing key, so that tokens the
   *     controller-manager mints for its controllers verify
   * @param clusterCa the CA of the API server's serving certificate
   */
  static ControllerManager start(Path binary, Path kubeconfig, Path serviceAccountKey, Path clusterCa, Path log) {
    try {
      Process process = new ProcessBuilder(
          binary.toString(),
          "--kubeconfig=" + kubeconfig,
          "--controllers=" + String.join(",", CONTROLLERS),
          // each controller acts as its own service account, under RBAC like in a cluster
          "--use-service-account-credentials=true",
          "--service-account-private-key-file=" + serviceAccountKey,
          "--root-ca-file=" + clusterCa,
          "--leader-elect=false",
          // readiness is observed through the API (see awaitReady): no serving port to collide on
          "--secure-port=0")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      return new ControllerManager(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Ready once the service-account controller has given the default namespace its service
   * account: the process then has an authenticated client, synced informers and running controllers.
   */
  void awaitReady(KubernetesClient client, Duration timeout) throws InterruptedException {
    var defaultAccount = client.serviceAccounts().inNamespace("default").withName("default");
    Instant deadline = Instant.now().plus(timeout);
    while (defaultAccount.get() == null) {
      if (!process.isAlive()) {
        throw new IllegalStateException("kube-controller-manager exited with " + process.exitValue());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("kube-controller-manager not ready after " + timeout);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
