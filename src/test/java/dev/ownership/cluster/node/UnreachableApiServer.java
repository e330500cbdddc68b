package dev.ownership.cluster.node;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A client of an API server that is not there: every call fails at once with a KubernetesClientException. */
final class UnreachableApiServer {

  private UnreachableApiServer() {
  }

  static KubernetesClient client() {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort(); // free once closed: nothing answers there
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:" + closed).withRequestRetryBackoffLimit(0).build()).build();
  }
}
