package dev.ownership.testing.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** {@code kubectl kustomize DIR} with the harness' kubectl: what {@code kubectl apply -k DIR} would send. */
public final class Kustomize {
  private Kustomize() {
  }

  public static List<HasMetadata> build(KubernetesClient client, Path dir) {
    String yaml = Kubectl.run("kustomize", dir.toString());
    return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }
}
