package dev.ownership.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The binaries of the Kubernetes release pinned in hack/control-plane/go.mod, where
 * hack/control-plane/build.sh puts them: io.fabric8:kube-api-test's offline layout
 * {@code <test dir>/k8s/<X.Y.Z>-linux-<arch>/}, with kube-controller-manager beside the others.
 */
public record ControlPlaneBinaries(String version, Path testDir, Path dir) {

  /** The build copies hack/control-plane/go.mod here, so the packaged program knows the release too. */
  private static final String GO_MOD = "/dev/ownership/cluster/go.mod";
  private static final List<String> NAMES =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl");

  public static ControlPlaneBinaries pinned() {
    String version = pinnedVersion();
    // the same default and variable as kube-api-test and build.sh
    Path testDir = Path.of(Optional.ofNullable(System.getenv("KUBE_API_TEST_DIR"))
        .orElse(System.getProperty("user.home") + "/.kubeapitest"));
    // kube-api-test's own mapping of os.arch
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    return new ControlPlaneBinaries(version, testDir, testDir.resolve("k8s").resolve(version + "-linux-" + arch));
  }

  /** What is missing, as one sentence that says what to run; empty when all four binaries are there. */
  public Optional<String> missing() {
    return NAMES.stream().filter(name -> !Files.isExecutable(dir.resolve(name))).findFirst()
        .map(name -> "No " + name + " in " + dir + ": run hack/control-plane/build.sh (./mvnw verify does;"
            + " it needs Go 1.26+ and takes about 9 minutes the first time) to build Kubernetes " + version);
  }

  /** Fails with what to run when a binary is missing, rather than deep inside a process start. */
  public ControlPlaneBinaries requirePresent() {
    missing().ifPresent(problem -> {
      throw new IllegalStateException(problem);
    });
    return this;
  }

  Path controllerManager() {
    return dir.resolve("kube-controller-manager");
  }

  public Path kubectl() {
    return dir.resolve("kubectl");
  }

  private static String pinnedVersion() {
    try (InputStream in = ControlPlaneBinaries.class.getResourceAsStream(GO_MOD)) {
      if (in == null) {
        throw new IllegalStateException(GO_MOD + " is not on the class path (pom.xml copies hack/control-plane/go.mod)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(line -> line.startsWith("k8s.io/kubernetes v"))
          .map(line -> line.substring("k8s.io/kubernetes v".length()).split("\\s")[0])
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(GO_MOD + " requires no k8s.io/kubernetes"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
