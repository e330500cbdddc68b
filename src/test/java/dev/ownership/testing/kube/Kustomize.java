package dev.ownership.testing.kube;

import dev.ownership.cluster.ControlPlaneBinaries;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize DIR} with the harness' kubectl: what {@code kubectl apply -k DIR} would send. */
public final class Kustomize {
  private Kustomize() {
  }

  public static List<HasMetadata> build(KubernetesClient client, Path dir) {
    Path kubectl = ControlPlaneBinaries.pinned().requirePresent().kubectl();
    try {
      Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
          .redirectError(ProcessBuilder.Redirect.PIPE).start();
      byte[] yaml = process.getInputStream().readAllBytes();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + errors);
      }
      return client.load(new ByteArrayInputStream(yaml)).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
