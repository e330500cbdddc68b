package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessNodeTest {

  @TempDir
  Path dir;

  /** The JDK's HttpsServer runs one non-daemon dispatcher thread per server until it is stopped. */
  @Test
  void aNodeThatCannotRegisterStopsItsKubeletPort() {
    long dispatchers = dispatcherThreads();
    try (KubernetesClient client = UnreachableApiServer.client()) {
      assertThatThrownBy(() -> ProcessNode.start(client, new ApiServerEndpoint(client.getMasterUrl().toString(),
          dir.resolve("ca.crt")), ImageCommands.withDefaults(), new ContainerImages(), dir.resolve("node"),
          KubeletCertificates.create(dir.resolve("pki"))))
          .isInstanceOf(KubernetesClientException.class);
    }
    assertThat(dispatcherThreads()).isEqualTo(dispatchers);
  }

  private static long dispatcherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("HTTP-Dispatcher") && thread.isAlive()).count();
  }
}
