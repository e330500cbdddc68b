package dev.ownership.testing.kube;

import dev.ownership.cluster.ControlPlaneBinaries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The harness' kubectl, as a person would run it: what it prints, or a failure with what it said. */
public final class Kubectl {
  private Kubectl() {
  }

  /** Runs kubectl without a cluster (such as {@code kustomize}). */
  public static String run(String... args) {
    return run(null, args);
  }

  /** Runs kubectl against the cluster, as its admin. */
  public static String run(KubeCluster cluster, String... args) {
    Path kubectl = ControlPlaneBinaries.pinned().requirePresent().kubectl();
    try {
      List<String> command = new ArrayList<>(List.of(kubectl.toString()));
      if (cluster != null) {
        Path config = Files.createTempFile("kubectl", ".kubeconfig");
        Files.writeString(config, cluster.kubeconfig());
        command.addAll(List.of("--kubeconfig", config.toString()));
      }
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).start();
      byte[] out = process.getInputStream().readAllBytes();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + errors);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
