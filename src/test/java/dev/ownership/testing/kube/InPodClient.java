package dev.ownership.testing.kube;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The program of a pod in {@link ProcessNodeClusterIT}: a Fabric8 client configured from its
 * environment alone, as an operator's is. Records its namespace in a ConfigMap, and what listing
 * secrets answered in the termination message file named by its argument.
 */
public final class InPodClient {

  private InPodClient() {
  }

  public static void main(String[] args) throws Exception {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("from-pod").endMetadata()
          .addToData("namespace", client.getNamespace()).build()).create();
      int secretsAnswer;
      try {
        client.secrets().list();
        secretsAnswer = 200;
      } catch (KubernetesClientException e) {
        secretsAnswer = e.getCode();
      }
      Files.writeString(Path.of(args[0]), "secrets: " + secretsAnswer);
    }
    // Fabric8 7.4's Vert.x HTTP client leaves non-daemon threads behind after close(): end the process
    // as a container's main process ends.
    System.exit(0);
  }
}
