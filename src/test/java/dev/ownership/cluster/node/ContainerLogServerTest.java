package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ownership.testing.kube.KubeletClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogServerTest {

  @TempDir
  Path dir;

  /** A failure the node did not foresee is still an answer the API server can pass on, not a closed connection. */
  @Test
  void anApiServerItCannotAskIsA500() throws Exception {
    Path pki = dir.resolve("pki");
    try (KubernetesClient client = UnreachableApiServer.client();
        var logs = ContainerLogServer.start(client, KubeletCertificates.create(pki), dir.resolve("node"))) {
      HttpResponse<String> response = HttpClient.newBuilder().sslContext(KubeletClient.asApiServer(pki)).build()
          .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + logs.port() + "/containerLogs/ns/pod/main"))
              .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).isEqualTo("the node could not read this container's log; its own log says why");
    }
  }
}
